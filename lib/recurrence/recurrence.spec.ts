import fc from 'fast-check';
import { DateTime, Settings } from 'luxon';
import { MaintenanceOccurrence, RecurrenceSeries, nextOccurrence, occurrenceAt, occurrencesBetween, recurrenceProblems, seriesEndMs } from './recurrence';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function series(fields: Omit<Partial<RecurrenceSeries>, 'startsAt'> & { startsAt: string }): RecurrenceSeries {
  return {
    endsAt: null,
    rule: 'FREQ=WEEKLY;BYDAY=SU',
    timeZone: 'Europe/Berlin',
    occurrenceMs: HOUR,
    cancelled: [],
    ...fields,
    startsAt: new Date(fields.startsAt),
  };
}

function between(recurring: RecurrenceSeries, from: string, to: string): string[][] {
  return occurrencesBetween(recurring, Date.parse(from), Date.parse(to)).map(text);
}

function text(occurrence: MaintenanceOccurrence | null): string[] {
  return occurrence === null ? [] : [new Date(occurrence.startMs).toISOString(), new Date(occurrence.endMs).toISOString()];
}

/** Sundays 02:00-03:00 in Berlin from 2027-02-07 (02:00 CET = 01:00Z): 2027-03-28 springs forward, 2027-10-31 falls back. */
const berlinSundays = series({ startsAt: '2027-02-07T01:00:00Z' });

describe('occurrencesBetween across daylight-saving changes', () => {
  it('keeps 02:00 local through the spring-forward change, starting in the gap at the offset before it', () => {
    expect(between(berlinSundays, '2027-03-14T00:00:00Z', '2027-04-12T00:00:00Z')).toEqual([
      ['2027-03-14T01:00:00.000Z', '2027-03-14T02:00:00.000Z'],
      ['2027-03-21T01:00:00.000Z', '2027-03-21T02:00:00.000Z'],
      // 02:00 does not exist that day: 02:00+01:00, i.e. 03:00 CEST, for the same hour of absolute time.
      ['2027-03-28T01:00:00.000Z', '2027-03-28T02:00:00.000Z'],
      ['2027-04-04T00:00:00.000Z', '2027-04-04T01:00:00.000Z'],
      ['2027-04-11T00:00:00.000Z', '2027-04-11T01:00:00.000Z'],
    ]);
  });

  it('keeps 02:00 local through the fall-back change, at the first of the two 02:00s', () => {
    expect(between(berlinSundays, '2027-10-17T00:00:00Z', '2027-11-15T00:00:00Z')).toEqual([
      ['2027-10-17T00:00:00.000Z', '2027-10-17T01:00:00.000Z'],
      ['2027-10-24T00:00:00.000Z', '2027-10-24T01:00:00.000Z'],
      ['2027-10-31T00:00:00.000Z', '2027-10-31T01:00:00.000Z'],
      ['2027-11-07T01:00:00.000Z', '2027-11-07T02:00:00.000Z'],
      ['2027-11-14T01:00:00.000Z', '2027-11-14T02:00:00.000Z'],
    ]);
  });

  it('has exactly one occurrence every Sunday for a year, at 02:00 local but on the spring-forward day', () => {
    const occurrences = occurrencesBetween(berlinSundays, Date.parse('2027-02-01T00:00:00Z'), Date.parse('2028-02-01T00:00:00Z'));
    expect(occurrences).toHaveLength(52);
    for (const [index, occurrence] of occurrences.entries()) {
      const local = DateTime.fromMillis(occurrence.startMs, { zone: 'Europe/Berlin' });
      expect(local.toISODate()).toBe(DateTime.fromISO('2027-02-07').plus({ weeks: index }).toISODate());
      expect(local.toFormat('HH:mm')).toBe(local.toISODate() === '2027-03-28' ? '03:00' : '02:00');
      expect(occurrence.endMs - occurrence.startMs).toBe(HOUR);
    }
  });

  it('starts a 02:30 occurrence in the gap at 01:30Z (03:30 CEST) and an ambiguous one at 00:30Z (02:30 CEST), once each', () => {
    const halfPast = series({ startsAt: '2027-02-07T01:30:00Z' });
    expect(between(halfPast, '2027-03-27T00:00:00Z', '2027-03-29T00:00:00Z')).toEqual([['2027-03-28T01:30:00.000Z', '2027-03-28T02:30:00.000Z']]);
    expect(between(halfPast, '2027-10-30T00:00:00Z', '2027-11-01T00:00:00Z')).toEqual([['2027-10-31T00:30:00.000Z', '2027-10-31T01:30:00.000Z']]);
  });

  it('has one daily occurrence per day around both changes, 23 and 25 hours apart across them', () => {
    const daily = series({ startsAt: '2027-03-01T01:30:00Z', rule: 'FREQ=DAILY' });
    expect(between(daily, '2027-03-27T00:00:00Z', '2027-03-30T00:00:00Z').map(([start]) => start)).toEqual([
      '2027-03-27T01:30:00.000Z',
      '2027-03-28T01:30:00.000Z',
      '2027-03-29T00:30:00.000Z',
    ]);
    expect(between(daily, '2027-10-30T00:00:00Z', '2027-11-02T00:00:00Z').map(([start]) => start)).toEqual([
      '2027-10-30T00:30:00.000Z',
      '2027-10-31T00:30:00.000Z',
      '2027-11-01T01:30:00.000Z',
    ]);
  });

  it('does the same in America/New_York (2027-03-14 and 2027-11-07)', () => {
    // 02:30 on 2027-03-14 is in the gap: 02:30-05:00, i.e. 03:30 EDT.
    const halfPastTwo = series({ startsAt: '2027-02-07T07:30:00Z', timeZone: 'America/New_York' });
    expect(between(halfPastTwo, '2027-03-06T00:00:00Z', '2027-03-22T00:00:00Z').map(([start]) => start)).toEqual([
      '2027-03-07T07:30:00.000Z',
      '2027-03-14T07:30:00.000Z',
      '2027-03-21T06:30:00.000Z',
    ]);
    // 01:30 on 2027-11-07 happens twice: the first is 01:30 EDT (05:30Z).
    const halfPastOne = series({ startsAt: '2027-02-07T06:30:00Z', timeZone: 'America/New_York' });
    expect(between(halfPastOne, '2027-10-30T00:00:00Z', '2027-11-15T00:00:00Z').map(([start]) => start)).toEqual([
      '2027-10-31T05:30:00.000Z',
      '2027-11-07T05:30:00.000Z',
      '2027-11-14T06:30:00.000Z',
    ]);
  });

  it('starts the first occurrence at startsAt even when that is the second of two equal local times', () => {
    // 01:00Z is 02:00 CET, after 02:00 CEST (00:00Z): the following years' occurrences take the first.
    const second = series({ startsAt: '2027-10-31T01:00:00Z', rule: 'FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU' });
    expect(between(second, '2027-01-01T00:00:00Z', '2029-01-01T00:00:00Z').map(([start]) => start)).toEqual([
      '2027-10-31T01:00:00.000Z',
      '2028-10-29T00:00:00.000Z',
    ]);
  });

  it('resolves an ambiguous time the same whatever the season luxon thinks it is now', () => {
    // luxon alone reads an ambiguous time with the offset in force at Settings.now.
    const now = Settings.now;
    try {
      for (const today of ['2026-01-15T00:00:00Z', '2026-07-15T00:00:00Z']) {
        Settings.now = () => Date.parse(today);
        expect(between(berlinSundays, '2027-10-30T00:00:00Z', '2027-11-01T00:00:00Z')).toEqual([['2027-10-31T00:00:00.000Z', '2027-10-31T01:00:00.000Z']]);
      }
    } finally {
      Settings.now = now;
    }
  });
});

describe('occurrencesBetween', () => {
  it('includes an occurrence running at the start of the range and none starting at its end', () => {
    expect(between(berlinSundays, '2027-02-14T01:30:00Z', '2027-02-21T01:00:00Z')).toEqual([['2027-02-14T01:00:00.000Z', '2027-02-14T02:00:00.000Z']]);
  });

  it('leaves cancelled occurrences out', () => {
    const cancelled = { ...berlinSundays, cancelled: [Date.parse('2027-03-28T01:00:00Z'), Date.parse('2027-04-04T00:30:00Z')] };
    expect(between(cancelled, '2027-03-20T00:00:00Z', '2027-04-05T00:00:00Z').map(([start]) => start)).toEqual([
      '2027-03-21T01:00:00.000Z',
      // Not the cancelled start: 00:30Z is no occurrence's.
      '2027-04-04T00:00:00.000Z',
    ]);
  });

  it('cuts the occurrence running at endsAt and starts none at or after it', () => {
    const cut = { ...berlinSundays, endsAt: new Date('2027-03-21T01:30:00Z') };
    expect(between(cut, '2027-03-10T00:00:00Z', '2027-05-01T00:00:00Z')).toEqual([
      ['2027-03-14T01:00:00.000Z', '2027-03-14T02:00:00.000Z'],
      ['2027-03-21T01:00:00.000Z', '2027-03-21T01:30:00.000Z'],
    ]);
    expect(between({ ...berlinSundays, endsAt: new Date('2027-03-21T01:00:00Z') }, '2027-03-20T00:00:00Z', '2027-05-01T00:00:00Z')).toEqual([]);
  });

  it('starts no occurrence before startsAt, nor after UNTIL (inclusive) or COUNT', () => {
    const until = series({ startsAt: '2027-03-01T01:00:00Z', rule: 'FREQ=DAILY;UNTIL=20270305T010000Z' });
    expect(between(until, '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z').map(([start]) => start)).toEqual([
      '2027-03-01T01:00:00.000Z',
      '2027-03-02T01:00:00.000Z',
      '2027-03-03T01:00:00.000Z',
      '2027-03-04T01:00:00.000Z',
      '2027-03-05T01:00:00.000Z',
    ]);
    expect(between({ ...until, rule: 'FREQ=DAILY;COUNT=2' }, '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z')).toHaveLength(2);
  });

  it(`returns the first 1000 at most, and nothing for an empty range`, () => {
    const daily = series({ startsAt: '2027-01-01T01:00:00Z', rule: 'FREQ=DAILY' });
    const occurrences = occurrencesBetween(daily, Date.parse('2027-01-01T00:00:00Z'), Date.parse('2037-01-01T00:00:00Z'));
    expect(occurrences).toHaveLength(1000);
    // 999 days on: 2029-09-26, in summer time.
    expect(new Date(occurrences[999].startMs).toISOString()).toBe('2029-09-26T00:00:00.000Z');
    expect(occurrencesBetween(daily, Date.parse('2027-02-01T00:00:00Z'), Date.parse('2027-02-01T00:00:00Z'))).toEqual([]);
  });

  it('throws on a rule recurrenceProblems refuses', () => {
    expect(() => occurrencesBetween({ ...berlinSundays, rule: 'FREQ=HOURLY' }, 0, DAY)).toThrow('recurrence.rule FREQ must be');
    expect(() => occurrencesBetween({ ...berlinSundays, timeZone: 'Mars/Olympus' }, 0, DAY)).toThrow('recurrence.timeZone');
  });
});

describe('occurrenceAt', () => {
  it('is the occurrence with start <= at < end', () => {
    const start = Date.parse('2027-03-28T01:00:00Z');
    expect(text(occurrenceAt(berlinSundays, start))).toEqual(['2027-03-28T01:00:00.000Z', '2027-03-28T02:00:00.000Z']);
    expect(text(occurrenceAt(berlinSundays, start + HOUR - 1))).toEqual(['2027-03-28T01:00:00.000Z', '2027-03-28T02:00:00.000Z']);
    expect(occurrenceAt(berlinSundays, start + HOUR)).toBeNull();
    expect(occurrenceAt(berlinSundays, start - 1)).toBeNull();
    expect(occurrenceAt({ ...berlinSundays, cancelled: [start] }, start)).toBeNull();
  });
});

describe('nextOccurrence', () => {
  it('is the first occurrence starting strictly after the time, skipping cancelled ones', () => {
    const start = Date.parse('2027-03-21T01:00:00Z');
    expect(text(nextOccurrence(berlinSundays, start - 1))).toEqual(['2027-03-21T01:00:00.000Z', '2027-03-21T02:00:00.000Z']);
    expect(text(nextOccurrence(berlinSundays, start))).toEqual(['2027-03-28T01:00:00.000Z', '2027-03-28T02:00:00.000Z']);
    expect(text(nextOccurrence({ ...berlinSundays, cancelled: [Date.parse('2027-03-28T01:00:00Z')] }, start))).toEqual([
      '2027-04-04T00:00:00.000Z',
      '2027-04-04T01:00:00.000Z',
    ]);
    expect(text(nextOccurrence(berlinSundays, 0))).toEqual(['2027-02-07T01:00:00.000Z', '2027-02-07T02:00:00.000Z']);
  });

  it('is null once the series is over', () => {
    expect(nextOccurrence({ ...berlinSundays, endsAt: new Date('2027-03-28T01:00:00Z') }, Date.parse('2027-03-21T01:00:00Z'))).toBeNull();
    expect(nextOccurrence({ ...berlinSundays, rule: 'FREQ=WEEKLY;BYDAY=SU;COUNT=3' }, Date.parse('2027-02-21T01:00:00Z'))).toBeNull();
  });
});

describe('seriesEndMs', () => {
  const end = (recurring: RecurrenceSeries) => {
    const ms = seriesEndMs(recurring);
    return ms === null ? null : new Date(ms).toISOString();
  };

  it('is the end of the last occurrence of a rule with COUNT or UNTIL', () => {
    // The 10th Sunday from 2027-02-07 is 2027-04-11, in summer time.
    expect(end({ ...berlinSundays, rule: 'FREQ=WEEKLY;BYDAY=SU;COUNT=10' })).toBe('2027-04-11T01:00:00.000Z');
    expect(end({ ...berlinSundays, rule: 'FREQ=WEEKLY;BYDAY=SU;UNTIL=20270411T000000Z' })).toBe('2027-04-11T01:00:00.000Z');
    expect(end({ ...berlinSundays, rule: 'FREQ=WEEKLY;BYDAY=SU;UNTIL=20270410T235959Z' })).toBe('2027-04-04T01:00:00.000Z');
  });

  it('leaves a cancelled last occurrence out and cuts at an earlier endsAt', () => {
    const counted = { ...berlinSundays, rule: 'FREQ=WEEKLY;BYDAY=SU;COUNT=10' };
    expect(end({ ...counted, cancelled: [Date.parse('2027-04-11T00:00:00Z')] })).toBe('2027-04-04T01:00:00.000Z');
    expect(end({ ...counted, endsAt: new Date('2027-03-14T01:15:00Z') })).toBe('2027-03-14T01:15:00.000Z');
    expect(end({ ...counted, endsAt: new Date('2027-03-16T00:00:00Z') })).toBe('2027-03-14T02:00:00.000Z');
    expect(end({ ...counted, rule: 'FREQ=WEEKLY;BYDAY=SU;COUNT=1', cancelled: [Date.parse('2027-02-07T01:00:00Z')] })).toBe('2027-02-07T01:00:00.000Z');
  });

  it('is endsAt for a rule without COUNT or UNTIL, and null without endsAt', () => {
    expect(end({ ...berlinSundays, endsAt: new Date('2027-03-17T12:00:00Z') })).toBe('2027-03-17T12:00:00.000Z');
    expect(end(berlinSundays)).toBeNull();
  });
});

describe('occurrences (property)', () => {
  const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kolkata', 'UTC'];
  const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
  const rule = fc.oneof(
    fc.integer({ min: 1, max: 3 }).map((interval) => `FREQ=DAILY;INTERVAL=${interval}`),
    fc
      .tuple(fc.integer({ min: 1, max: 2 }), fc.subarray(WEEKDAYS, { minLength: 1 }))
      .map(([interval, days]) => `FREQ=WEEKLY;INTERVAL=${interval};BYDAY=${days.join(',')}`),
  );
  // Local start times near the usual change times (00:00-03:00) more often than not, to hit gaps and repeats.
  const localTime = fc.oneof(
    fc.record({ hour: fc.integer({ min: 0, max: 3 }), minute: fc.constantFrom(0, 15, 30, 45) }),
    fc.record({ hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }) }),
  );

  it('are sorted, never overlap, last occurrenceMs unless cut, and start at the local start time but in gaps', () => {
    fc.assert(
      fc.property(
        rule,
        fc.constantFrom(...ZONES),
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true }),
        localTime,
        // Under 23 hours: no rule here starts two occurrences closer than a day, less an hour on a change day.
        fc.integer({ min: 1, max: 22 * 60 }),
        fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
        (text, zone, day, time, minutes, endDay) => {
          const start = DateTime.fromJSDate(day, { zone }).set({ ...time, second: 0, millisecond: 0 });
          const recurring: RecurrenceSeries = {
            startsAt: start.toJSDate(),
            endsAt: endDay === null ? null : start.plus({ days: endDay, minutes: 7 }).toJSDate(),
            rule: text,
            timeZone: zone,
            occurrenceMs: minutes * MINUTE,
            cancelled: [],
          };
          expect(recurrenceProblems({ rule: text, timeZone: zone, durationMinutes: minutes, startsAt: recurring.startsAt })).toEqual([]);
          const occurrences = occurrencesBetween(recurring, start.toMillis() - DAY, start.toMillis() + 400 * DAY);
          if (recurring.endsAt === null) expect(occurrences.length).toBeGreaterThan(0);
          const local = DateTime.fromJSDate(recurring.startsAt, { zone });
          for (const [index, occurrence] of occurrences.entries()) {
            const next = occurrences[index + 1];
            if (next) expect(occurrence.startMs).toBeLessThan(next.startMs);
            if (next) expect(occurrence.endMs).toBeLessThanOrEqual(next.startMs);
            if (occurrence.endMs - occurrence.startMs !== minutes * MINUTE) expect(occurrence.endMs).toBe(recurring.endsAt?.getTime());
            const at = DateTime.fromMillis(occurrence.startMs, { zone });
            if (at.toFormat('HH:mm') !== local.toFormat('HH:mm')) {
              // A gap day: the local start time does not exist, and is read with the offset before the gap.
              const wanted = at.set({ hour: local.hour, minute: local.minute });
              expect(wanted.toFormat('HH:mm')).not.toBe(local.toFormat('HH:mm'));
              expect(occurrence.startMs).toBe(wanted.toMillis());
            }
          }
        },
      ),
      { numRuns: 60 },
    );
    // Each run validates and expands a year and more of occurrences: seconds in all on a busy machine.
  }, 30_000);
});
