import { Controller, Get, Module } from '@nestjs/common';
import ICAL from 'ical.js';
import request from 'supertest';
import { ADAPTERS, createTestApp, TEST_ADMIN, TestApp } from './utils/create-test-app';

const as = (user: string) => ({ 'x-user': user, 'x-role': 'admin' });

@Controller('catalog')
class CatalogController {
  @Get()
  list() {
    return { items: [] };
  }
}

@Module({ controllers: [CatalogController] })
class CatalogModule {}

/**
 * The clock of these tests is Jest's fake `Date`, which only moves when the test sets it; timers, sockets and the
 * database run for real. So the app sees exactly the instants around each daylight-saving change, and nothing waits.
 */
const REAL_TIMERS = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

/** Weekly on Sunday 02:00–03:00 in Berlin, from 21 March 2027 (a week before summer time starts). */
const WEEKLY = {
  mode: 'full',
  reason: 'Reindex the reporting database',
  message: 'Weekly maintenance',
  startsAt: '2027-03-21T02:00:00+01:00',
  recurrence: { rule: 'FREQ=WEEKLY;BYDAY=SU', timeZone: 'Europe/Berlin', durationMinutes: 60 },
};

describe.each(ADAPTERS)('recurring windows with a controllable clock, on %s', (adapter) => {
  let t: TestApp;
  let id: string;
  const http = () => request(t.server());

  /** Moves the clock, lets the app reload as its timer would, and reads a route. */
  async function at(iso: string): Promise<request.Response> {
    jest.setSystemTime(new Date(iso));
    await t.maintenance.refresh();
    return http().get('/catalog');
  }

  beforeAll(async () => {
    jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], now: new Date('2027-03-01T12:00:00Z') });
    t = await createTestApp({
      adapter,
      database: `recurring-${adapter}`,
      maintenance: { refreshIntervalMs: 3_600_000, noticeMinutes: 60, admin: TEST_ADMIN },
      imports: [CatalogModule],
    });
    const requested = await http().post('/maintenance/windows').set(as('alice')).send(WEEKLY).expect(201);
    id = requested.body.id;
    expect(requested.body).toMatchObject({ status: 'pending', startsAt: '2027-03-21T01:00:00.000Z', endsAt: null });
    expect(requested.body.recurrence).toMatchObject({
      rule: 'FREQ=WEEKLY;BYDAY=SU',
      timeZone: 'Europe/Berlin',
      durationMinutes: 60,
      cancelled: [],
      next: { startsAt: '2027-03-21T01:00:00.000Z', endsAt: '2027-03-21T02:00:00.000Z' },
    });
    // Approved once, for the whole series.
    await http().post(`/maintenance/windows/${id}/approve`).set(as('bob')).send({}).expect(200);
  });
  afterAll(async () => {
    await t.app.close();
    jest.useRealTimers();
  });

  it('switches on and off each week, at 02:00 local time in winter and in summer (spring change)', async () => {
    const before = await at('2027-03-21T00:59:59Z');
    expect(before.status).toBe(200);
    expect(before.headers['x-maintenance-scheduled']).toBe('2027-03-21T01:00:00.000Z');
    // Winter: 02:00 CET is 01:00 UTC.
    expect((await at('2027-03-21T01:00:00Z')).status).toBe(503);
    expect((await at('2027-03-21T01:59:59Z')).status).toBe(503);
    expect((await at('2027-03-21T02:00:00Z')).status).toBe(200);

    // 28 March: clocks jump from 02:00 to 03:00. 02:00 does not exist that night; the occurrence starts at the
    // instant the clocks change (01:00 UTC), once, and lasts its hour.
    const status = (await http().get('/maintenance/status').expect(200)).body;
    expect(status.upcoming).toEqual([]);
    jest.setSystemTime(new Date('2027-03-28T00:30:00Z'));
    await t.maintenance.refresh();
    expect((await http().get('/maintenance/status').expect(200)).body.upcoming).toEqual([
      { id, mode: 'full', message: 'Weekly maintenance', startsAt: '2027-03-28T01:00:00.000Z', endsAt: '2027-03-28T02:00:00.000Z', scope: null },
    ]);
    expect((await at('2027-03-28T00:59:59Z')).status).toBe(200);
    expect((await at('2027-03-28T01:00:00Z')).status).toBe(503);
    expect((await at('2027-03-28T02:00:00Z')).status).toBe(200);

    // Summer: 02:00 CEST is 00:00 UTC.
    expect((await at('2027-04-03T23:59:59Z')).status).toBe(200);
    expect((await at('2027-04-04T00:00:00Z')).status).toBe(503);
    expect((await at('2027-04-04T00:59:59Z')).status).toBe(503);
    expect((await at('2027-04-04T01:00:00Z')).status).toBe(200);
  });

  it('cancels a single occurrence and keeps the series', async () => {
    jest.setSystemTime(new Date('2027-04-10T12:00:00Z'));
    const wrong = await http().post(`/maintenance/windows/${id}/cancel`).set(as('carol')).send({ occurrence: '2027-04-11T01:00:00Z' }).expect(400);
    expect(wrong.body.message).toEqual([expect.stringContaining('is not the start of an occurrence')]);
    const cancelled = await http()
      .post(`/maintenance/windows/${id}/cancel`)
      .set(as('carol'))
      .send({ occurrence: '2027-04-11T00:00:00Z', reason: 'Nothing to reindex' })
      .expect(200);
    expect(cancelled.body).toMatchObject({ status: 'approved', recurrence: { cancelled: ['2027-04-11T00:00:00.000Z'] } });
    expect((await at('2027-04-11T00:30:00Z')).status).toBe(200);
    expect((await at('2027-04-18T00:30:00Z')).status).toBe(503);
    expect((await at('2027-04-18T01:00:00Z')).status).toBe(200);
  });

  it('keeps 02:00 local time across the autumn change, with no doubled occurrence', async () => {
    // 31 October: clocks go back from 03:00 to 02:00, so 02:00–03:00 happens twice; the window runs once, the first time.
    expect((await at('2027-10-30T23:59:59Z')).status).toBe(200);
    expect((await at('2027-10-31T00:00:00Z')).status).toBe(503);
    expect((await at('2027-10-31T00:59:59Z')).status).toBe(503);
    expect((await at('2027-10-31T01:00:00Z')).status).toBe(200);
    expect((await at('2027-10-31T01:30:00Z')).status).toBe(200);
    // Winter again: 02:00 CET is 01:00 UTC.
    expect((await at('2027-11-07T00:30:00Z')).status).toBe(200);
    expect((await at('2027-11-07T01:00:00Z')).status).toBe(503);
    expect((await at('2027-11-07T02:00:00Z')).status).toBe(200);
  });

  it('audited each occurrence once as it started and once as it ended, in a valid chain', async () => {
    const audit = await http().get(`/maintenance/audit?windowId=${id}&limit=100`).set(as('alice')).expect(200);
    const occurrences = (action: string) =>
      audit.body.items
        .filter((entry: { action: string }) => entry.action === action)
        .map((entry: { details: { occurrence: { startsAt: string } } }) => entry.details.occurrence.startsAt)
        .sort();
    const seen = [
      '2027-03-21T01:00:00.000Z',
      '2027-03-28T01:00:00.000Z',
      '2027-04-04T00:00:00.000Z',
      '2027-04-18T00:00:00.000Z',
      '2027-10-31T00:00:00.000Z',
      '2027-11-07T01:00:00.000Z',
    ];
    expect(occurrences('activated')).toEqual(seen);
    expect(occurrences('completed')).toEqual(seen);
    expect((await http().get('/maintenance/audit/verify').set(as('alice')).expect(200)).body).toMatchObject({ intact: true, firstBrokenId: null });
  });

  it('publishes the approved occurrences to come as an iCalendar feed, without cancelled ones or pending windows', async () => {
    jest.setSystemTime(new Date('2027-11-10T12:00:00Z'));
    await http().post(`/maintenance/windows/${id}/cancel`).set(as('carol')).send({ occurrence: '2027-11-21T01:00:00Z' }).expect(200);
    await http()
      .post('/maintenance/windows')
      .set(as('alice'))
      .send({ mode: 'read-only', reason: 'Not approved yet', startsAt: '2027-12-01T10:00:00Z', endsAt: '2027-12-01T11:00:00Z' })
      .expect(201);
    const feed = await http().get('/maintenance/calendar.ics').expect(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(feed.text));
    const events = calendar.getAllSubcomponents('vevent').map((event) => new ICAL.Event(event));
    const starts = events.map((event) => event.startDate.toJSDate().toISOString());
    expect(starts.slice(0, 3)).toEqual(['2027-11-14T01:00:00.000Z', '2027-11-28T01:00:00.000Z', '2027-12-05T01:00:00.000Z']);
    // A year of Sundays, less the cancelled one; summer occurrences at 00:00 UTC.
    expect(starts).toContain('2028-07-02T00:00:00.000Z');
    expect(events.every((event) => event.uid.startsWith(`${id}-`))).toBe(true);
    expect(events[0].summary).toContain('full');
    expect(events[0].endDate.toJSDate().toISOString()).toBe('2027-11-14T02:00:00.000Z');
  });
});
