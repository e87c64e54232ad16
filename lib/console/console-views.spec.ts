import type { MaintenanceState } from '../interfaces/maintenance-state.interface';
import type { MaintenanceWindowDetails } from '../interfaces/maintenance-window.interface';
import type { MaintenanceAuditLog } from '../persistence/entities/maintenance-audit-log.entity';
import { auditListView, errorTitle, errorView, overviewView, windowsListView } from './console-views';

const BASE = '/maintenance/console';
const HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' onmouseover='alert(1)"];

function windowOf(overrides: Partial<MaintenanceWindowDetails> = {}): MaintenanceWindowDetails {
  return {
    id: '3f2b1c9e-5a6d-4e7f-8a9b-0c1d2e3f4a5b',
    mode: 'full',
    status: 'pending',
    reason: 'Postgres 16 upgrade',
    message: null,
    emergency: false,
    scope: null,
    exemptions: null,
    translations: null,
    recurrence: null,
    startsAt: '2030-01-31T22:00:00.000Z',
    endsAt: '2030-01-31T23:00:00.000Z',
    endedAt: null,
    requestedBy: 'alice',
    closedBy: null,
    createdAt: '2030-01-30T10:00:00.000Z',
    updatedAt: '2030-01-30T10:00:00.000Z',
    ...overrides,
  };
}

function entryOf(overrides: Partial<MaintenanceAuditLog> = {}): MaintenanceAuditLog {
  return {
    id: 7,
    action: 'requested',
    actor: 'alice',
    source: 'api',
    windowId: '3f2b1c9e-5a6d-4e7f-8a9b-0c1d2e3f4a5b',
    reason: 'Postgres 16 upgrade',
    ip: null,
    userAgent: null,
    stateBefore: null,
    stateAfter: null,
    details: null,
    createdAt: new Date('2030-01-30T10:00:00Z'),
    prevHash: null,
    hash: 'h',
    ...overrides,
  };
}

const STATE_OFF: MaintenanceState = { mode: 'off', message: null, since: null, until: null, upcoming: [], scopes: [] };

describe('overviewView', () => {
  it('says when nothing is in force, and offers the two ways to change that', () => {
    const html = overviewView(STATE_OFF, BASE);
    expect(html).toContain('No maintenance is in force for the whole app.');
    expect(html).toContain('No approved window starts soon.');
    expect(html).toContain(`href="${BASE}/windows/new"`);
    expect(html).toContain(`href="${BASE}/toggle"`);
  });

  it('shows the mode in force with its times, the scopes and the upcoming windows', () => {
    const html = overviewView(
      {
        mode: 'read-only',
        message: 'Back at 03:00',
        translations: { de: 'Zurück um 03:00' },
        since: '2030-01-31T22:00:00.000Z',
        until: null,
        upcoming: [{ id: 'a/b', mode: 'full', message: null, startsAt: '2030-02-01T22:00:00Z', endsAt: '2030-02-01T23:00:00Z', scope: 'checkout' }],
        scopes: [{ scope: 'checkout', mode: 'full', message: null, since: '2030-01-31T21:00:00Z', until: '2030-01-31T23:30:00Z' }],
      },
      BASE,
    );
    expect(html).toContain('<strong>Read-only</strong>');
    expect(html).toContain('<time datetime="2030-01-31T22:00:00Z" title="2030-01-31T22:00:00Z UTC">2030-01-31 22:00 UTC</time>');
    expect(html).toContain('Open-ended');
    expect(html).toContain('<dt>Message (de)</dt><dd><span class="pre">Zurück um 03:00</span></dd>');
    expect(html).toContain('<caption id="scopes-caption">Scopes in force</caption>');
    expect(html).toContain('<th scope="col">Scope</th>');
    expect(html).toContain(`<a href="${BASE}/windows/a%2Fb">`);
  });

  it.each(HOSTILE)('escapes %s', (text) => {
    const html = overviewView(
      {
        ...STATE_OFF,
        mode: 'full',
        message: text,
        upcoming: [{ id: text, mode: 'full', message: text, startsAt: '2030-02-01T22:00:00Z', endsAt: null, scope: text }],
        scopes: [{ scope: text, mode: 'full', message: text, since: null, until: null }],
      },
      BASE,
    );
    expect(html).not.toContain(text);
    expect(html).not.toMatch(/<img|<script/);
  });
});

describe('windowsListView', () => {
  const page = { items: [windowOf(), windowOf({ id: 'w2', status: 'active', emergency: true, scope: 'checkout', reason: 'x'.repeat(200) })], nextCursor: null };

  it('has a GET filter form with every status and mode, the current ones selected', () => {
    const html = windowsListView(page, { status: 'approved', mode: 'read-only', scope: 'checkout' }, BASE);
    expect(html).toContain(`<form class="filters" method="get" action="${BASE}/windows"`);
    for (const status of ['pending', 'approved', 'active', 'completed', 'rejected', 'cancelled']) expect(html).toContain(`<option value="${status}"`);
    expect(html).toContain('<option value="">Any</option>');
    expect(html).toContain('<option value="approved" selected>');
    expect(html).toContain('<option value="read-only" selected>');
    expect(html).toContain('<label for="filter-scope">Scope</label>');
    expect(html).toContain('id="filter-scope" name="scope" value="checkout"');
  });

  it('lists the windows in a captioned table, each linked, the reason cut short', () => {
    const html = windowsListView(page, {}, BASE);
    expect(html).toContain('<caption id="windows-caption">Maintenance windows, newest request first</caption>');
    for (const header of ['Starts', 'Ends', 'Mode', 'Scope', 'Status', 'Requested by', 'Reason']) expect(html).toContain(`<th scope="col">${header}</th>`);
    expect(html).toContain(`<th scope="row"><a href="${BASE}/windows/3f2b1c9e-5a6d-4e7f-8a9b-0c1d2e3f4a5b">`);
    expect(html).toContain(`${'x'.repeat(79)}…`);
    expect(html).not.toContain('x'.repeat(81));
    expect(html).toContain('emergency');
    expect(html).not.toContain('Next page');
  });

  it('links the next page with the filters and the cursor, every value URL-encoded', () => {
    const html = windowsListView({ items: [windowOf()], nextCursor: 'x/y+z=' }, { status: 'pending', mode: '', scope: 'a&b c"<' }, BASE);
    expect(html).toContain(`<a href="${BASE}/windows?status=pending&amp;scope=a%26b%20c%22%3C&amp;cursor=x%2Fy%2Bz%3D" rel="next">Next page</a>`);
  });

  it('says when nothing matches', () => {
    expect(windowsListView({ items: [], nextCursor: null }, { status: 'active' }, BASE)).toContain('No window matches these filters.');
  });

  it.each(HOSTILE)('escapes %s', (text) => {
    const html = windowsListView(
      { items: [windowOf({ reason: text, requestedBy: text, scope: text, id: text })], nextCursor: text },
      { status: text, mode: text, scope: text },
      BASE,
    );
    expect(html).not.toContain(text);
    expect(html).not.toMatch(/<img|<script/);
  });
});

describe('auditListView', () => {
  const page = { items: [entryOf(), entryOf({ id: 6, action: 'toggled', windowId: null, reason: null, source: 'console' })], nextCursor: '6' };

  it('says the chain is intact, with how many entries were checked', () => {
    const html = auditListView(page, {}, { intact: true, checked: 42, firstBrokenId: null, problem: null }, BASE);
    expect(html).toContain('<p class="chain chain-ok" id="chain-status">The audit chain is intact (42 entries checked).</p>');
  });

  it('names the first broken entry and the problem', () => {
    const html = auditListView(page, {}, { intact: false, checked: 5, firstBrokenId: 6, problem: 'hash does not match the entry' }, BASE);
    expect(html).toContain('id="chain-status"');
    expect(html).toContain('The audit chain is broken at entry #6: hash does not match the entry.');
    expect(html).not.toContain('intact');
  });

  it('filters by the 8 actions, actor and window id, and lists entries with links to their windows', () => {
    const html = auditListView(page, { action: 'toggled' }, { intact: true, checked: 2, firstBrokenId: null, problem: null }, BASE);
    expect(html.match(/<option value="[a-z]+"/g)).toHaveLength(8);
    expect(html).toContain('<option value="toggled" selected>');
    expect(html).toContain('<label for="filter-actor">Actor</label>');
    expect(html).toContain('<label for="filter-windowId">Window id</label>');
    for (const header of ['Time', 'Action', 'Actor', 'Source', 'Window', 'Reason']) expect(html).toContain(`<th scope="col">${header}</th>`);
    expect(html).toContain(
      `<a href="${BASE}/windows/3f2b1c9e-5a6d-4e7f-8a9b-0c1d2e3f4a5b" title="3f2b1c9e-5a6d-4e7f-8a9b-0c1d2e3f4a5b"><code>3f2b1c9e…</code></a>`,
    );
    expect(html).toContain('<time datetime="2030-01-30T10:00:00Z"');
    expect(html).toContain(`<a href="${BASE}/audit?action=toggled&amp;cursor=6" rel="next">Next page</a>`);
  });

  it('encodes the filters in the next-page link', () => {
    const html = auditListView(
      page,
      { actor: 'bob@example.com & co', windowId: '#1?' },
      { intact: true, checked: 0, firstBrokenId: null, problem: null },
      BASE,
    );
    expect(html).toContain(`${BASE}/audit?actor=bob%40example.com%20%26%20co&amp;windowId=%231%3F&amp;cursor=6`);
  });

  it.each(HOSTILE)('escapes %s', (text) => {
    const html = auditListView(
      { items: [entryOf({ actor: text, reason: text, source: text, windowId: text })], nextCursor: text },
      { action: text, actor: text, windowId: text },
      { intact: false, checked: 1, firstBrokenId: 2, problem: text },
      BASE,
    );
    expect(html).not.toContain(text);
    expect(html).not.toMatch(/<img|<script/);
  });
});

describe('errorView', () => {
  it('shows the status, the message escaped and a way back', () => {
    const html = errorView(404, 'No window <b>x</b>', BASE);
    expect(html).toContain('<strong>Error 404:</strong> <span class="pre">No window &lt;b&gt;x&lt;/b&gt;</span>');
    expect(html).toContain(`<a href="${BASE}">Back to the overview</a>`);
    expect(errorView(403, 'no', BASE)).toContain('Your account may not do this.');
    expect(errorView(401, 'no', BASE)).toContain('sign in to the app first');
  });

  it('has titles for the usual statuses', () => {
    expect(errorTitle(404)).toBe('Not found');
    expect(errorTitle(403)).toBe('Not allowed');
    expect(errorTitle(500)).toBe('Something went wrong');
  });
});
