import { MaintenanceEventType } from '../interfaces/maintenance-event.interface';
import { MaintenanceState } from '../interfaces/maintenance-state.interface';
import { MaintenanceWindowDetails } from '../interfaces/maintenance-window.interface';
import { WebhookEvent, webhookBody } from './webhook-payload';

const STATE_OFF: MaintenanceState = { mode: 'off', message: null, since: null, until: null, upcoming: [], scopes: [] };

function window(overrides: Partial<MaintenanceWindowDetails> = {}): MaintenanceWindowDetails {
  return {
    id: '1f2e3d4c-5b6a-4789-8abc-def012345678',
    mode: 'read-only',
    status: 'approved',
    reason: 'Database upgrade',
    message: 'Back at 23:00 UTC',
    translations: null,
    emergency: false,
    scope: null,
    exemptions: null,
    recurrence: null,
    startsAt: '2026-12-01T22:00:00.000Z',
    endsAt: '2026-12-01T23:00:00.000Z',
    endedAt: null,
    requestedBy: 'alice',
    closedBy: null,
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-21T10:00:00.000Z',
    ...overrides,
  };
}

function event(type: MaintenanceEventType, w: MaintenanceWindowDetails | null = window(), actor = 'bob', state = STATE_OFF): WebhookEvent {
  return { id: 'dlv_42', name: `maintenance.${type}`, type, window: w, actor, state, at: '2026-11-21T10:00:00.000Z' };
}

const slack = (e: WebhookEvent): string => (JSON.parse(webhookBody(e, 'slack')) as { text: string }).text;

describe('webhookBody: json', () => {
  it('gives id, type, at, actor, window and state, in that order, without the name', () => {
    const e = event('approved');
    const body = webhookBody(e, 'json');
    expect(Object.keys(JSON.parse(body))).toEqual(['id', 'type', 'at', 'actor', 'window', 'state']);
    expect(JSON.parse(body)).toEqual({ id: 'dlv_42', type: 'approved', at: e.at, actor: 'bob', window: e.window, state: STATE_OFF });
  });

  it('keeps that order whatever order the event was built in', () => {
    const e = event('toggled', null);
    const shuffled = { state: e.state, at: e.at, window: e.window, name: e.name, actor: e.actor, type: e.type, id: e.id } as WebhookEvent;
    expect(webhookBody(shuffled, 'json')).toBe(webhookBody(e, 'json'));
    expect(webhookBody(e, 'json')).toBe(
      '{"id":"dlv_42","type":"toggled","at":"2026-11-21T10:00:00.000Z","actor":"bob","window":null,' +
        '"state":{"mode":"off","message":null,"since":null,"until":null,"upcoming":[],"scopes":[]}}',
    );
  });

  it('refuses an unknown format', () => {
    expect(() => webhookBody(event('approved'), 'xml' as 'json')).toThrow(/Unknown webhook format "xml"/);
  });
});

describe('webhookBody: slack', () => {
  it('is an incoming-webhook message: just { text }, on one line', () => {
    const body = JSON.parse(webhookBody(event('requested', window({ reason: 'line one\nline two\r\n\tthree' })), 'slack'));
    expect(Object.keys(body)).toEqual(['text']);
    expect(body.text).not.toMatch(/[\r\n]/);
    expect(body.text).toContain('Reason: line one line two three');
  });

  it('summarizes an approval as in the README', () => {
    expect(slack(event('approved'))).toBe(
      ':construction: Maintenance window 1f2e3d4c… (read-only, whole app) approved by bob — starts 2026-12-01 22:00 UTC, ends 23:00 UTC.',
    );
  });

  it.each<[MaintenanceEventType, MaintenanceWindowDetails | null, string]>([
    [
      'requested',
      window({ status: 'pending' }),
      ':memo: Maintenance window 1f2e3d4c… (read-only, whole app) requested by bob — starts 2026-12-01 22:00 UTC, ends 23:00 UTC, awaiting approval. Reason: Database upgrade Message: "Back at 23:00 UTC"',
    ],
    ['rejected', window({ status: 'rejected' }), ':x: Maintenance window 1f2e3d4c… (read-only, whole app) rejected by bob.'],
    [
      'activated',
      window({ status: 'active' }),
      ':construction: Maintenance window 1f2e3d4c… (read-only, whole app) is now in force — until 2026-12-01 23:00 UTC. Message: "Back at 23:00 UTC"',
    ],
    [
      'completed',
      window({ status: 'completed', endedAt: '2026-12-01T23:00:00.000Z' }),
      ':white_check_mark: Maintenance window 1f2e3d4c… (read-only, whole app) has ended at 2026-12-01 23:00 UTC.',
    ],
    [
      'cancelled',
      window({ status: 'cancelled', endedAt: '2026-12-01T22:30:00.000Z' }),
      ':no_entry_sign: Maintenance window 1f2e3d4c… (read-only, whole app) cancelled by bob, ended at 2026-12-01 22:30 UTC.',
    ],
    ['cancelled', window({ status: 'cancelled', endedAt: null }), ':no_entry_sign: Maintenance window 1f2e3d4c… (read-only, whole app) cancelled by bob.'],
    [
      'toggled',
      window({ status: 'active', mode: 'full', emergency: true, endsAt: null, message: null, reason: 'Incident 123' }),
      ':rotating_light: Maintenance window 1f2e3d4c… (full, whole app, emergency) switched on by bob — no planned end. Reason: Incident 123',
    ],
    ['toggled', null, ':rotating_light: Maintenance switched off by bob (emergency toggle) — the whole app is now not in maintenance.'],
    [
      'updated',
      window({ status: 'pending', endsAt: '2026-12-02T01:30:00.000Z' }),
      ':pencil2: Maintenance window 1f2e3d4c… (read-only, whole app) updated by bob — starts 2026-12-01 22:00 UTC, ends 2026-12-02 01:30 UTC, awaiting approval.',
    ],
  ])('has a sentence for %p', (type, w, text) => {
    expect(slack(event(type, w))).toBe(text);
  });

  it('has a sentence for every event type, also without a window', () => {
    const types: MaintenanceEventType[] = ['requested', 'approved', 'rejected', 'activated', 'completed', 'cancelled', 'toggled', 'updated'];
    for (const type of types) {
      for (const w of [window(), null]) {
        const text = slack(event(type, w));
        expect(text).toMatch(/^:[a-z_0-9]+: [A-Z]/);
        expect(text).not.toMatch(/undefined|null|NaN|Invalid Date/);
      }
    }
  });

  it('names the scope of a scoped window', () => {
    expect(slack(event('approved', window({ scope: 'payments', mode: 'full' })))).toContain('(full, scope payments)');
  });

  it('gives the next occurrence of a recurring window', () => {
    const recurrence = {
      rule: 'FREQ=WEEKLY;BYDAY=SU',
      timeZone: 'Europe/Zurich',
      durationMinutes: 60,
      cancelled: [],
      next: { startsAt: '2026-12-06T02:00:00.000Z', endsAt: '2026-12-06T03:00:00.000Z' },
    };
    const recurring = window({ recurrence, endsAt: null });
    expect(slack(event('approved', recurring))).toBe(
      ':construction: Maintenance window 1f2e3d4c… (read-only, whole app, recurring) approved by bob — next occurrence starts 2026-12-06 02:00 UTC, ends 03:00 UTC.',
    );
    expect(slack(event('activated', { ...recurring, status: 'active' }))).toContain('is now in force — until 2026-12-06 03:00 UTC.');
    expect(slack(event('completed', recurring, 'system'))).toBe(
      ':white_check_mark: An occurrence of Maintenance window 1f2e3d4c… (read-only, whole app, recurring) has ended — next occurrence starts 2026-12-06 02:00 UTC, ends 03:00 UTC.',
    );
    expect(slack(event('cancelled', recurring))).toMatch(/^:no_entry_sign: An occurrence of .* was cancelled by bob — next occurrence starts/);
    expect(slack(event('approved', window({ recurrence: { ...recurrence, next: null } })))).toContain('— no occurrence left.');
  });

  it('leaves the actor out of what the clock did', () => {
    expect(slack(event('activated', window({ status: 'active' }), 'system'))).not.toContain('system');
    expect(slack(event('completed', window({ status: 'completed' }), 'system'))).not.toContain('system');
  });

  it('says what is left in maintenance after a toggle off', () => {
    const state: MaintenanceState = {
      ...STATE_OFF,
      mode: 'read-only',
      scopes: ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((scope) => ({ scope, mode: 'full' as const, message: null, since: null, until: null })),
    };
    expect(slack(event('toggled', null, 'dave', state))).toBe(
      ':rotating_light: Maintenance switched off by dave (emergency toggle) — the whole app is now in read-only maintenance, ' +
        'scopes in maintenance: a (full), b (full), c (full), d (full), e (full) and 2 more.',
    );
  });

  it("escapes Slack's &, < and > in the actor, the reason and the message", () => {
    const hostile = window({ status: 'pending', reason: '<!channel> R&D <https://evil.example|docs>', message: 'a > b & c < d' });
    const text = slack(event('requested', hostile, '<@U123>&co'));
    expect(text).toContain('requested by &lt;@U123&gt;&amp;co');
    expect(text).toContain('Reason: &lt;!channel&gt; R&amp;D &lt;https://evil.example|docs&gt;');
    expect(text).toContain('Message: "a &gt; b &amp; c &lt; d"');
    // Nothing left that Slack would read as a mention, a link or an entity.
    expect(text).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
  });

  it('does not escape twice', () => {
    expect(slack(event('approved', window(), 'a&amp;b'))).toContain('by a&amp;amp;b');
  });

  it('shortens long user text without splitting a character', () => {
    const text = slack(event('requested', window({ reason: '😀'.repeat(1000), message: null })));
    const reason = text.slice(text.indexOf('Reason: ') + 8);
    expect(Array.from(reason)).toHaveLength(300);
    expect(reason.endsWith('😀…')).toBe(true);
    expect(reason.isWellFormed()).toBe(true);
  });

  it('falls back to the text of a date it cannot read, escaped', () => {
    expect(slack(event('approved', window({ startsAt: 'soon <b>', endsAt: null })))).toContain('starts soon &lt;b&gt;, no planned end.');
  });

  it('still says something for an event type newer than itself', () => {
    expect(slack(event('archived' as MaintenanceEventType))).toBe(
      ':construction: Maintenance archived by bob: Maintenance window 1f2e3d4c… (read-only, whole app).',
    );
  });
});
