import { recurrenceProblems } from './recurrence-problems';

const startsAt = new Date('2027-02-07T01:00:00Z');

function problems(fields: { rule?: unknown; timeZone?: unknown; durationMinutes?: unknown; startsAt?: Date }): string[] {
  return recurrenceProblems({ rule: 'FREQ=WEEKLY;BYDAY=SU', timeZone: 'Europe/Berlin', durationMinutes: 60, startsAt, ...fields });
}

const NOT_AN_RRULE = 'recurrence.rule must be an RRULE such as FREQ=WEEKLY;BYDAY=SU';

describe('recurrenceProblems', () => {
  it('accepts valid recurrences', () => {
    for (const rule of [
      'FREQ=WEEKLY;BYDAY=SU',
      'freq=weekly;byday=su',
      'FREQ=DAILY',
      'FREQ=DAILY;INTERVAL=1000',
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;WKST=SU',
      'FREQ=MONTHLY;BYDAY=-1SU',
      'FREQ=MONTHLY;BYMONTHDAY=31',
      'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
      'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
      'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29',
      'FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO',
      'FREQ=WEEKLY;BYDAY=SU;COUNT=10',
      'FREQ=WEEKLY;BYDAY=SU;UNTIL=20271231T235959Z',
    ]) {
      expect([rule, problems({ rule })]).toEqual([rule, []]);
    }
    expect(problems({ timeZone: 'UTC', durationMinutes: 10_080, rule: 'FREQ=WEEKLY' })).toEqual([]);
    expect(problems({ timeZone: 'America/New_York', durationMinutes: 1 })).toEqual([]);
  });

  it('refuses what is not an RRULE value', () => {
    for (const rule of [
      undefined,
      null,
      42,
      '',
      'every sunday',
      'RRULE:FREQ=WEEKLY',
      'FREQ=WEEKLY;',
      'FREQ=WEEKLY;;BYDAY=SU',
      'FREQ=WEEKLY; BYDAY=SU',
      'FREQ=WEEKLY;BYDAY',
      'FREQ=WEEKLY;FREQ=DAILY',
      'FREQ=WEEKLY;FOO=1',
      'FREQ=WEEKLY;BYEASTER=0',
      'FREQ=WEEKLY;X-NAME=1',
    ]) {
      expect([rule, problems({ rule })]).toEqual([rule, [NOT_AN_RRULE]]);
    }
    expect(problems({ rule: `FREQ=WEEKLY;BYDAY=${'SU,'.repeat(70)}SU` })).toEqual(['recurrence.rule must be shorter than or equal to 200 characters']);
  });

  it('names what is wrong in a rule', () => {
    const cases: [string, string][] = [
      ['BYDAY=SU', 'FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY'],
      ['FREQ=HOURLY', 'FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY'],
      ['FREQ=MINUTELY', 'FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY'],
      ['FREQ=0', 'FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY'],
      ['FREQ=WEEKLY;DTSTART=20270207T010000Z', 'must not contain DTSTART or TZID: startsAt and timeZone set them'],
      ['FREQ=WEEKLY;TZID=UTC', 'must not contain DTSTART or TZID: startsAt and timeZone set them'],
      ['FREQ=DAILY;BYHOUR=2,14', 'must not contain BYHOUR, BYMINUTE or BYSECOND: every occurrence starts at the local time of startsAt'],
      ['FREQ=DAILY;INTERVAL=0', 'INTERVAL must be an integer from 1 to 1000'],
      ['FREQ=DAILY;INTERVAL=1001', 'INTERVAL must be an integer from 1 to 1000'],
      ['FREQ=DAILY;INTERVAL=X', 'INTERVAL must be an integer from 1 to 1000'],
      ['FREQ=DAILY;COUNT=0', 'COUNT must be a positive integer'],
      ['FREQ=DAILY;COUNT=2;UNTIL=20271231T000000Z', 'must not contain both COUNT and UNTIL'],
      ['FREQ=DAILY;UNTIL=20271231', 'UNTIL must be a UTC date-time such as 20271231T235959Z'],
      ['FREQ=DAILY;UNTIL=20271231T000000', 'UNTIL must be a UTC date-time such as 20271231T235959Z'],
      ['FREQ=DAILY;UNTIL=20271331T000000Z', 'UNTIL must be a UTC date-time such as 20271231T235959Z'],
      ['FREQ=YEARLY;BYMONTH=13', 'BYMONTH must list integers from 1 to 12, without 0'],
      ['FREQ=MONTHLY;BYMONTHDAY=0', 'BYMONTHDAY must list integers from -31 to 31, without 0'],
      ['FREQ=MONTHLY;BYSETPOS=1,X', 'BYSETPOS must list integers from -366 to 366, without 0'],
      ['FREQ=WEEKLY;BYDAY=XX', 'BYDAY must list weekdays such as SU, MO or (with FREQ=MONTHLY or YEARLY) 1MO or -1SU'],
      ['FREQ=WEEKLY;BYDAY=1SU', 'BYDAY must not number its weekdays (1MO, -1SU) unless FREQ is MONTHLY or YEARLY'],
      ['FREQ=WEEKLY;WKST=XX', 'WKST must be a weekday such as MO'],
      ['FREQ=WEEKLY;BYMONTHDAY=1', 'BYMONTHDAY cannot be used with FREQ=WEEKLY'],
      ['FREQ=MONTHLY;BYYEARDAY=1', 'BYYEARDAY cannot be used with FREQ=MONTHLY'],
      ['FREQ=DAILY;BYWEEKNO=1', 'BYWEEKNO cannot be used with FREQ=DAILY'],
      ['FREQ=DAILY;BYSETPOS=2', 'BYSETPOS cannot be used with FREQ=DAILY'],
      ['FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2', 'BYSETPOS must be from -1 to 1 with FREQ=WEEKLY: a week has 1 BYDAY day'],
      ['FREQ=WEEKLY;BYDAY=MO,FR,MO;BYSETPOS=1,-3', 'BYSETPOS must be from -2 to 2 with FREQ=WEEKLY: a week has 2 BYDAY days'],
    ];
    for (const [rule, problem] of cases) expect([rule, problems({ rule })]).toEqual([rule, [`recurrence.rule ${problem}`]]);
  });

  it('refuses a rule without occurrences, without a daily rule that never matches blocking for seconds', () => {
    const none = 'recurrence.rule must yield at least one occurrence after startsAt';
    // Never: February has no 30th; all before startsAt; every other year from 2027 is never a leap year.
    expect(problems({ rule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30' })).toEqual([none]);
    expect(problems({ rule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' })).toEqual([none]);
    expect(problems({ rule: 'FREQ=DAILY;UNTIL=20270101T000000Z' })).toEqual([none]);
    expect(problems({ rule: 'FREQ=YEARLY;INTERVAL=2;BYMONTH=2;BYMONTHDAY=29' })).toEqual([none]);
    expect(problems({ rule: 'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6' })).toEqual([none]);
    // Rare is not never: 29 February on a Monday, next in 2044.
    expect(problems({ rule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO' })).toEqual([]);
    expect(problems({ rule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO' })).toEqual([]);
  });

  it('refuses a COUNT or UNTIL that ends more than 100 years after startsAt', () => {
    const far = 'recurrence.rule must end (COUNT or UNTIL) within 100 years of startsAt';
    expect(problems({ rule: 'FREQ=DAILY;UNTIL=99991231T000000Z' })).toEqual([far]);
    // The 101st yearly occurrence is 100 years after the first to the millisecond.
    expect(problems({ rule: 'FREQ=YEARLY;COUNT=102' })).toEqual([far]);
    expect(problems({ rule: 'FREQ=YEARLY;COUNT=101' })).toEqual([]);
    expect(problems({ rule: 'FREQ=DAILY;UNTIL=21270207T010000Z' })).toEqual([]);
  });

  it('refuses occurrences that overlap, daylight-saving changes included', () => {
    expect(problems({ rule: 'FREQ=DAILY', durationMinutes: 1441 })).toEqual([
      'recurrence.durationMinutes must be at most 1380 (the minutes between the two closest occurrences), so that occurrences do not overlap',
    ]);
    // 24 hours a day fits but on the spring-forward day (23 hours); the first 100 days do not reach it.
    expect(problems({ rule: 'FREQ=DAILY', durationMinutes: 1440, startsAt: new Date('2027-05-01T00:00:00Z') })).toEqual([
      'recurrence.durationMinutes must be at most 1380 (the minutes between the two closest occurrences), so that occurrences do not overlap',
    ]);
    expect(problems({ rule: 'FREQ=DAILY', durationMinutes: 1380 })).toEqual([]);
    expect(problems({ rule: 'FREQ=DAILY', durationMinutes: 1440, timeZone: 'UTC' })).toEqual([]);
    expect(problems({ rule: 'FREQ=WEEKLY;BYDAY=SA,SU', durationMinutes: 1500 })).toHaveLength(1);
    // A whole week each week: the week of the spring-forward change is an hour short.
    expect(problems({ rule: 'FREQ=WEEKLY', durationMinutes: 10_080, timeZone: 'America/New_York' })).toEqual([
      'recurrence.durationMinutes must be at most 10020 (the minutes between the two closest occurrences), so that occurrences do not overlap',
    ]);
    expect(problems({ rule: 'FREQ=WEEKLY;BYDAY=SU;COUNT=1', durationMinutes: 10_080 })).toEqual([]);
  });

  it('checks the time zone and the duration', () => {
    const zone = 'recurrence.timeZone must be an IANA time zone such as Europe/Berlin';
    for (const timeZone of [undefined, null, '', 'Mars/Olympus', '+01:00', 1]) expect([timeZone, problems({ timeZone })]).toEqual([timeZone, [zone]]);
    const duration = 'recurrence.durationMinutes must be an integer from 1 to 10080';
    for (const durationMinutes of [undefined, null, '60', 0, -5, 1.5, 10_081, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect([durationMinutes, problems({ durationMinutes })]).toEqual([durationMinutes, [duration]]);
    }
  });

  it('reports every invalid part at once, and leaves an invalid startsAt to its own check', () => {
    expect(problems({ rule: 'FREQ=HOURLY', timeZone: 'Nowhere', durationMinutes: 0 })).toEqual([
      'recurrence.rule FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY',
      'recurrence.timeZone must be an IANA time zone such as Europe/Berlin',
      'recurrence.durationMinutes must be an integer from 1 to 10080',
    ]);
    expect(problems({ startsAt: new Date(Number.NaN) })).toEqual([]);
  });
});
