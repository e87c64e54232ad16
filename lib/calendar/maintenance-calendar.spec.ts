import fc from 'fast-check';
import { plainTextProblem } from '../utils/plain-text';
import { MaintenanceCalendarEntry, renderMaintenanceCalendar } from './maintenance-calendar';

/** What these tests read of ical.js 1.5, which ships no types. */
interface IcalTime {
  readonly zone?: { readonly tzid: string };
  toJSDate(): Date;
}
interface IcalComponent {
  getAllSubcomponents(name: string): IcalComponent[];
  getFirstPropertyValue(name: string): unknown;
  hasProperty(name: string): boolean;
}
interface IcalJs {
  parse(text: string): unknown;
  Component: new (jcal: unknown) => IcalComponent;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- ical.js 1.5 has no types to import with
const ICAL = require('ical.js') as IcalJs;

const NOW = Date.parse('2027-03-01T12:00:00Z');

function entry(fields: Partial<MaintenanceCalendarEntry> = {}): MaintenanceCalendarEntry {
  return {
    uid: 'w1',
    startMs: Date.parse('2027-03-28T01:30:00Z'),
    endMs: Date.parse('2027-03-28T02:30:00Z'),
    mode: 'read-only',
    scope: 'checkout',
    message: 'Back soon.',
    updatedMs: Date.parse('2027-02-20T08:00:00Z'),
    ...fields,
  };
}

function render(entries: MaintenanceCalendarEntry[], name = 'Maintenance'): string {
  return renderMaintenanceCalendar(entries, { name, nowMs: NOW });
}

function parse(text: string): { calendar: IcalComponent; events: IcalComponent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return { calendar, events: calendar.getAllSubcomponents('vevent') };
}

/** A date-time property as an ISO instant, checking it is in UTC. */
function utc(event: IcalComponent, name: string): string | null {
  const time = event.getFirstPropertyValue(name) as IcalTime | null;
  if (time === null) return null;
  expect(time.zone?.tzid).toBe('UTC');
  return time.toJSDate().toISOString();
}

describe('renderMaintenanceCalendar', () => {
  it('writes each entry as a VEVENT in UTC, with public data only', () => {
    const text = render([entry(), entry({ uid: 'w2-1806195600000', mode: 'full', scope: null, message: null, endMs: null, updatedMs: NOW + 60_000 })]);
    const { calendar, events } = parse(text);
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//nestjs-maintenance//EN');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Maintenance');
    expect(text).toContain('\r\nREFRESH-INTERVAL;VALUE=DURATION:PT15M\r\n');
    expect(text).toContain('\r\nX-PUBLISHED-TTL:PT15M\r\n');
    expect(text).not.toContain('VTIMEZONE');

    expect(events).toHaveLength(2);
    const [timed, open] = events;
    expect(timed.getFirstPropertyValue('uid')).toBe('w1');
    expect(timed.getFirstPropertyValue('summary')).toBe('Maintenance (read-only): checkout');
    expect(timed.getFirstPropertyValue('description')).toBe('Back soon.');
    expect(utc(timed, 'dtstart')).toBe('2027-03-28T01:30:00.000Z');
    expect(utc(timed, 'dtend')).toBe('2027-03-28T02:30:00.000Z');
    expect(utc(timed, 'dtstamp')).toBe('2027-02-20T08:00:00.000Z');
    expect(utc(timed, 'last-modified')).toBe('2027-02-20T08:00:00.000Z');
    expect(text).toContain('\r\nDTSTART:20270328T013000Z\r\n');

    // Open-ended: no DTEND (RFC 5545 3.6.1), and the summary says so. Stamped no later than the feed.
    expect(open.getFirstPropertyValue('uid')).toBe('w2-1806195600000');
    expect(open.getFirstPropertyValue('summary')).toBe('Maintenance (full), until further notice');
    expect(open.hasProperty('dtend')).toBe(false);
    expect(open.hasProperty('duration')).toBe(false);
    expect(open.hasProperty('description')).toBe(false);
    expect(utc(open, 'dtstamp')).toBe('2027-03-01T12:00:00.000Z');
    expect(utc(open, 'last-modified')).toBe('2027-03-01T12:01:00.000Z');
  });

  it('ends every line with CRLF, the last one too', () => {
    const text = render([entry({ message: 'one\ntwo\r\nthree' })]);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(/\r(?!\n)|(?<!\r)\n/.test(text)).toBe(false);
  });

  it('folds lines longer than 75 octets without splitting a character', () => {
    const message = `Wartung läuft – 維護進行中 🛠️ ${'ünïcödé '.repeat(20)}`;
    const text = render([entry({ message })]);
    const lines = text.split('\r\n');
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.filter((line) => line.startsWith(' ')).length).toBeGreaterThan(2);
    // A split multi-byte character would not survive the round trip as the same text.
    expect(text.isWellFormed()).toBe(true);
    expect(parse(text).events[0].getFirstPropertyValue('description')).toBe(message);
  });

  it('escapes commas, semicolons, backslashes and line breaks, in the name and UIDs too', () => {
    const message = 'Down: db, cache; see C:\\ops\nthen back';
    const text = render([entry({ uid: 'w1,x;y', message, scope: 'a,b' })], 'Ops, Inc; EU\nteam');
    expect(text).toContain('\r\nDESCRIPTION:Down: db\\, cache\\; see C:\\\\ops\\nthen back\r\n');
    expect(text).toContain('\r\nSUMMARY:Maintenance (read-only): a\\,b\r\n');
    expect(text).toContain('\r\nX-WR-CALNAME:Ops\\, Inc\\; EU\\nteam\r\n');
    expect(text).toContain('\r\nUID:w1\\,x\\;y\r\n');
    const { events } = parse(text);
    expect(events[0].getFirstPropertyValue('description')).toBe(message);
    expect(events[0].getFirstPropertyValue('summary')).toBe('Maintenance (read-only): a,b');
    expect(events[0].getFirstPropertyValue('uid')).toBe('w1,x;y');
  });

  it('renders an empty calendar', () => {
    const text = render([]);
    expect(text).toBe(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//nestjs-maintenance//EN',
        'NAME:Maintenance',
        'X-WR-CALNAME:Maintenance',
        'REFRESH-INTERVAL;VALUE=DURATION:PT15M',
        'X-PUBLISHED-TTL:PT15M',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
    expect(parse(text).events).toEqual([]);
  });

  it('round-trips any plain-text message through ical.js, line breaks as LF', () => {
    const specials = fc.constantFrom(',', ';', '\\', '\n', '\r', '\r\n', '\t', ' ', ':', '"', 'é', '維', '🛠️', '\\n');
    const text = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }),
      fc.array(fc.oneof(specials, fc.string({ maxLength: 5 })), { minLength: 1, maxLength: 60 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(
        text.filter((message) => message.length > 0 && plainTextProblem(message) === null),
        (message) => {
          const { events } = parse(render([entry({ message })]));
          expect(events[0].getFirstPropertyValue('description')).toBe(message.replace(/\r\n?/g, '\n'));
        },
      ),
    );
  });
});
