import fc from 'fast-check';
import request from 'supertest';
import { adminSnapshot } from './utils/admin-snapshot';
import { createTestApp, TEST_ADMIN, TestApp } from './utils/create-test-app';
import { testDatabaseKind } from './utils/test-database';

const kind = testDatabaseKind();
const as = (user: string) => ({ 'x-user': user, 'x-role': 'admin' });
const RUNS = Number(process.env.ADMIN_FUZZ_RUNS ?? 150);
// Each run is a request and a few reads on a real database; MariaDB takes seconds for a property.
jest.setTimeout(180_000);

/** Text as attackers send it: any code point, lone surrogates, control characters, long runs, look-alike dates. */
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\t\n\r', '\u007f', '\u0085', '\ud800', '\udc00x', '💥'.repeat(300), 'x'.repeat(501), 'x'.repeat(2001)),
);
/** Dates at the edges of every range, and strings that only look like dates. */
const date = fc.oneof(
  fc.constantFrom(
    '1970-01-01T00:00:00Z',
    '1969-12-31T23:59:59Z',
    '0050-06-15T12:00:00Z',
    '9999-12-31T23:59:59Z',
    '+010000-01-01T00:00:00Z',
    '2031-02-30T00:00:00Z',
    '2031-01-01T00:00:00',
    '2031-01-01T00:00:00+24:00',
    '2031-W05-4T22:00:00Z',
  ),
  fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()),
);
const anyValue = fc.oneof(
  text,
  date,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.object({ maxDepth: 3 }),
);
const strange = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'endAt', 'Mode', '');

/** A body for one admin write: its own fields with mostly sensible, sometimes hostile values, and stray keys. */
function bodyOf(fields: Record<string, fc.Arbitrary<unknown>>) {
  const own = Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [name, fc.oneof({ weight: 4, arbitrary: value }, { weight: 1, arbitrary: anyValue })]),
  );
  return fc
    .tuple(fc.record(own, { requiredKeys: [] }), fc.option(fc.tuple(fc.oneof(strange, fc.string({ maxLength: 8 })), anyValue), { nil: undefined }))
    .map(([body, extra]) => {
      if (!extra) return JSON.stringify(body);
      // Written into the JSON text, so "__proto__" arrives as a key, as it does from a real client.
      const json = JSON.stringify(body);
      return `${json.slice(0, -1)}${json.length > 2 ? ',' : ''}${JSON.stringify(extra[0])}:${JSON.stringify(extra[1]) ?? 'null'}}`;
    });
}

/** Text a field accepts: any unicode but control characters (tab and line breaks are fine), not blank. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const acceptedText = (max: number) =>
  fc
    .oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
      fc.constantFrom('Tabs\tand\nbreaks\r\n', 'ünïcödé — ✓ 💥', '<script>alert(1)</script>'),
    )
    .filter((value) => value.trim() !== '' && !CONTROL.test(value) && value.isWellFormed() && [...value].length <= max);
/** A JSON body that should be accepted, so the "2xx keeps every value" property has cases to check. */
const accepted = (fields: Record<string, fc.Arbitrary<unknown>>) => fc.record(fields, { requiredKeys: ['mode', 'reason'] }).map((body) => JSON.stringify(body));

const futureDate = fc.date({ min: new Date('2031-01-01T00:00:00Z'), max: new Date('2099-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
const windowBody = fc.oneof(
  bodyOf({
    mode: fc.constantFrom('full', 'read-only', 'off', 'FULL'),
    reason: text,
    message: text,
    startsAt: fc.oneof(futureDate, date),
    endsAt: fc.oneof(futureDate, date),
  }),
  accepted({
    mode: fc.constantFrom('full', 'read-only'),
    reason: acceptedText(500),
    message: acceptedText(2000),
    startsAt: futureDate.map((d) => d.replace('Z', '+00:00')),
  }),
);
const toggleBody = fc.oneof(
  bodyOf({ mode: fc.constantFrom('full', 'read-only', 'off', 'maintenance'), reason: text, message: text, endsAt: fc.oneof(futureDate, date) }),
  accepted({ mode: fc.constantFrom('full', 'read-only', 'off'), reason: acceptedText(500), message: acceptedText(2000), endsAt: futureDate }),
);
const decisionBody = bodyOf({ comment: text, reason: text });
const query = fc.dictionary(
  fc.oneof(fc.constantFrom('status', 'mode', 'from', 'to', 'limit', 'cursor', 'action', 'actor', 'windowId'), strange),
  fc.oneof(text, date, fc.integer().map(String)),
  { maxKeys: 4 },
);

describe(`fuzzing the admin API on ${kind}`, () => {
  let t: TestApp;
  const http = () => request(t.server());
  const counts: Record<string, Record<number, number>> = {};
  const count = (route: string, status: number) => {
    counts[route] ??= {};
    counts[route][status] = (counts[route][status] ?? 0) + 1;
  };

  beforeAll(async () => {
    t = await createTestApp({ adapter: 'express', database: 'admin-fuzz', maintenance: { admin: TEST_ADMIN, refreshIntervalMs: 60_000 } });
  });
  afterAll(async () => {
    console.log(`admin fuzz on ${kind}: ${JSON.stringify(counts)}`);
    await t.app.close();
  });

  async function expectInvariants(
    route: string,
    send: () => request.Test,
    onSuccess?: (body: Record<string, unknown>, sent: Record<string, unknown>) => Promise<void>,
    sent: Record<string, unknown> = {},
  ) {
    const before = await adminSnapshot(t);
    const res = await send();
    count(route, res.status);
    expect({ route, status: res.status, server: res.status >= 500 }).toEqual({ route, status: res.status, server: false });
    if (res.status >= 400) {
      expect(await adminSnapshot(t)).toEqual(before);
    } else if (onSuccess) {
      await onSuccess(res.body as Record<string, unknown>, sent);
    }
  }

  it('POST /maintenance/windows: never a 5xx, a 4xx changes nothing, a 2xx keeps every value exactly', async () => {
    await fc.assert(
      fc.asyncProperty(windowBody, async (body) => {
        const sent = safeParse(body);
        await expectInvariants(
          'POST /windows',
          () => http().post('/maintenance/windows').set(as('alice')).set('content-type', 'application/json').send(body),
          async (created) => {
            const read = (
              await http()
                .get(`/maintenance/windows/${String(created.id)}`)
                .set(as('bob'))
                .expect(200)
            ).body as Record<string, unknown>;
            expect(read.reason).toBe(sent.reason);
            expect(read.message).toBe(sent.message ?? null);
            expect(read.mode).toBe(sent.mode);
            if (typeof sent.startsAt === 'string') expect(read.startsAt).toBe(new Date(sent.startsAt).toISOString());
            if (typeof sent.endsAt === 'string') expect(read.endsAt).toBe(new Date(sent.endsAt).toISOString());
          },
          sent,
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /maintenance/toggle: the same invariants, and the state says what was sent', async () => {
    await fc.assert(
      fc.asyncProperty(toggleBody, async (body) => {
        const sent = safeParse(body);
        await expectInvariants(
          'POST /toggle',
          () => http().post('/maintenance/toggle').set(as('carol')).set('content-type', 'application/json').send(body),
          async (state) => {
            expect(state.mode).toBe(sent.mode);
            if (sent.mode !== 'off') {
              expect(state.message).toBe(sent.message ?? null);
              expect(state.until).toBe(typeof sent.endsAt === 'string' ? new Date(sent.endsAt).toISOString() : null);
            }
          },
          sent,
        );
      }),
      { numRuns: RUNS },
    );
    await t.maintenance.disable({ reason: 'fuzz over', actor: 'tester' });
  });

  it('approve, reject and cancel with hostile ids and bodies: never a 5xx, a 4xx changes nothing', async () => {
    const pending = await t.maintenance.requestWindow(
      { mode: 'read-only', reason: 'fuzz target', startsAt: new Date('2040-01-01T00:00:00Z') },
      { actor: 'alice' },
    );
    const id = fc.oneof({ weight: 3, arbitrary: fc.constant(pending.id) }, fc.uuid(), fc.string({ maxLength: 40 }).map(encodeURIComponent));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('approve', 'reject', 'cancel'), id, decisionBody, async (action, target, body) => {
        await expectInvariants(`POST /windows/:id/${action}`, () =>
          http()
            .post(`/maintenance/windows/${target}/${action}`)
            .set(as(action === 'cancel' ? 'alice' : 'dave'))
            .set('content-type', 'application/json')
            .send(body),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('GET /maintenance/windows and /audit with hostile query strings: never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/maintenance/windows', '/maintenance/audit'), query, async (path, params) => {
        await expectInvariants(`GET ${path}`, () => http().get(path).query(params).set(as('alice')));
      }),
      { numRuns: RUNS },
    );
  });

  it('bodies that are not JSON objects, of every content type and size: a 4xx, never a 5xx', async () => {
    const bodies = fc.oneof(
      fc.tuple(
        fc.constant('application/json'),
        fc.oneof(
          fc.constant('['.repeat(20_000) + ']'.repeat(20_000)),
          fc.constant('{"reason":' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5001)),
          fc.string(),
          fc.constant('x'.repeat(200_000)),
          fc.constant('"just a string"'),
          fc.constant('null'),
          fc.constant('42'),
        ),
      ),
      fc.tuple(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data'), fc.string()),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/maintenance/toggle', '/maintenance/windows'), bodies, async (path, [type, body]) => {
        await expectInvariants(`POST ${path} (${type})`, () => http().post(path).set(as('alice')).set('content-type', type).send(body));
      }),
      { numRuns: 60 },
    );
  });

  it('leaves an audit chain that verifies', async () => {
    const verification = await t.maintenance.verifyAudit();
    expect(verification).toMatchObject({ intact: true, firstBrokenId: null });
    expect(verification.checked).toBeGreaterThan(0);
  });
});

function safeParse(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
