import type { MaintenanceWindowDetails } from '../interfaces/maintenance-window.interface';
import type { MaintenanceAuditLog } from '../persistence/entities/maintenance-audit-log.entity';
import { ConsoleWindowContext, windowDetailView } from './console-window-detail-view';

const BASE = '/maintenance/console';
const ID = '3f2b1c9e-5a6d-4e7f-8a9b-0c1d2e3f4a5b';
const NOW = Date.parse('2030-01-31T12:00:00Z');

function windowOf(overrides: Partial<MaintenanceWindowDetails> = {}): MaintenanceWindowDetails {
  return {
    id: ID,
    mode: 'full',
    status: 'pending',
    reason: 'Postgres 16 upgrade',
    message: 'Back by 03:00',
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
    approvals: [],
    ...overrides,
  };
}

const ctx = (overrides: Partial<ConsoleWindowContext> = {}): ConsoleWindowContext => ({
  base: BASE,
  csrf: 'tok"en',
  actor: 'bob',
  approvalsRequired: 2,
  allowSelfApproval: false,
  now: NOW,
  ...overrides,
});

const history: MaintenanceAuditLog[] = [
  {
    id: 1,
    action: 'requested',
    actor: 'alice',
    source: 'console',
    windowId: ID,
    reason: 'Postgres 16 upgrade',
    ip: null,
    userAgent: null,
    stateBefore: null,
    stateAfter: null,
    details: null,
    createdAt: new Date('2030-01-30T10:00:00Z'),
    prevHash: null,
    hash: 'h1',
  },
];

/** The `<form>` elements of a page. */
const formsOf = (html: string): string[] => html.match(/<form\b[^>]*>[\s\S]*?<\/form>/g) ?? [];
const formTo = (html: string, action: string): string | undefined => formsOf(html).find((form) => form.includes(`action="${BASE}/windows/${ID}/${action}"`));

describe('windowDetailView', () => {
  it('shows every field, the approvals and the history', () => {
    const html = windowDetailView(
      windowOf({
        scope: 'checkout',
        translations: { fr: 'Retour à 03:00', de: 'Zurück um 03:00' },
        exemptions: { ips: ['203.0.113.7', '10.0.0.0/8'], paths: ['/health'] },
        closedBy: null,
        approvals: [{ id: 'a1', approver: 'carol', decision: 'approve', comment: 'Checked the runbook', createdAt: '2030-01-30T11:00:00.000Z' }],
      }),
      history,
      ctx(),
    );
    expect(html).toContain('<dt>Reason</dt><dd><span class="pre">Postgres 16 upgrade</span></dd>');
    expect(html).toContain('<dt>Message</dt><dd><span class="pre">Back by 03:00</span></dd>');
    expect(html.indexOf('<dt>Message (de)</dt>')).toBeLessThan(html.indexOf('<dt>Message (fr)</dt>'));
    expect(html).toContain('<code>checkout</code>');
    expect(html).toContain('<li><code>10.0.0.0/8</code></li>');
    expect(html).toContain('<li><code>/health</code></li>');
    expect(html).toContain('<dt>Requested by</dt><dd>alice</dd>');
    expect(html).toContain('1 of 2 approvals given.');
    expect(html).toContain('<caption id="approvals-caption">Decisions, oldest first</caption>');
    expect(html).toContain('<th scope="row">carol</th><td>Approved</td><td><span class="pre">Checked the runbook</span></td>');
    expect(html).toContain('<caption id="history-caption">Audit entries of this window</caption>');
    expect(html).toContain('<td>requested</td><td>alice</td>');
    expect(html).toContain(`href="${BASE}/audit?windowId=${ID}"`);
  });

  it('shows a recurrence with its next occurrence and cancelled ones', () => {
    const html = windowDetailView(
      windowOf({
        status: 'active',
        recurrence: {
          rule: 'FREQ=WEEKLY;BYDAY=SU',
          timeZone: 'Europe/Berlin',
          durationMinutes: 90,
          cancelled: ['2030-02-09T23:00:00.000Z'],
          next: { startsAt: '2030-01-31T11:00:00.000Z', endsAt: '2030-01-31T12:30:00.000Z' },
        },
      }),
      [],
      ctx(),
    );
    expect(html).toContain('<code>FREQ=WEEKLY;BYDAY=SU</code>');
    expect(html).toContain('90 minutes (1 h 30 min)');
    expect(html).toContain('<strong>(in force now)</strong>');
    expect(html).toContain('<time datetime="2030-02-09T23:00:00Z"');
    expect(html).toContain('<dt>First occurrence</dt>');
    expect(html).toContain('The whole series');
  });

  it('lets another reviewer approve or reject a pending window', () => {
    const html = windowDetailView(windowOf(), history, ctx());
    expect(formTo(html, 'approve')).toContain('<label for="approve-comment">Comment (optional)</label>');
    const reject = formTo(html, 'reject')!;
    expect(reject).toMatch(/<textarea id="reject-comment" name="comment" required aria-describedby="reject-comment-hint"/);
    expect(html).not.toContain('why-no-approve');
  });

  it('explains why the requester cannot approve their own window (four-eyes rule), but may reject it', () => {
    const html = windowDetailView(windowOf({ requestedBy: 'alice' }), history, ctx({ actor: 'alice' }));
    expect(html).toContain('<p id="why-no-approve">You requested this window; someone else must approve it (four-eyes rule).</p>');
    expect(formTo(html, 'approve')).toBeUndefined();
    expect(formTo(html, 'reject')).toBeDefined();
  });

  it('lets the requester approve when self-approval is allowed', () => {
    const html = windowDetailView(windowOf({ requestedBy: 'alice' }), history, ctx({ actor: 'alice', allowSelfApproval: true }));
    expect(formTo(html, 'approve')).toBeDefined();
    expect(html).not.toContain('why-no-approve');
  });

  it('tells a reviewer who already decided, instead of the decision forms', () => {
    const html = windowDetailView(
      windowOf({ approvals: [{ id: 'a1', approver: 'bob', decision: 'approve', comment: null, createdAt: '2030-01-30T11:00:00.000Z' }] }),
      history,
      ctx({ actor: 'bob' }),
    );
    expect(html).toContain('You have already approved or rejected this window.');
    expect(formTo(html, 'approve')).toBeUndefined();
    expect(formTo(html, 'reject')).toBeUndefined();
    expect(formTo(html, 'cancel')).toBeDefined();
  });

  it('offers cancel (with a confirmation) and extend while the window can still change', () => {
    for (const status of ['pending', 'approved', 'active'] as const) {
      const html = windowDetailView(windowOf({ status }), history, ctx());
      expect(formTo(html, 'cancel')).toMatch(/data-confirm="[^"]+"/);
      const extend = formTo(html, 'extend')!;
      expect(extend).toContain('<input type="hidden" name="tz" id="extend-tz" value="UTC">');
      expect(extend).toContain('<label for="extend-ends">New end (<span data-tz-label>UTC</span>) <span class="required">(required)</span></label>');
      // The current end (in the future) prefilled in UTC, marked for the script to move to the viewer's zone.
      expect(extend).toContain('type="datetime-local" id="extend-ends" name="ends" required');
      expect(extend).toContain('value="2030-01-31T23:00" data-utc="2030-01-31T23:00:00Z"');
      expect(formTo(html, 'approve') !== undefined).toBe(status === 'pending');
    }
  });

  it('proposes an hour from now as the new end when the window has none', () => {
    const html = windowDetailView(windowOf({ status: 'active', endsAt: null }), history, ctx());
    expect(formTo(html, 'extend')).toContain('value="2030-01-31T13:00" data-utc="2030-01-31T13:00:00Z"');
  });

  it.each(['completed', 'rejected', 'cancelled'] as const)('offers nothing for a %s window', (status) => {
    const html = windowDetailView(windowOf({ status, closedBy: 'dave' }), history, ctx());
    expect(formsOf(html)).toEqual([]);
    expect(html).toContain('nothing more can be done with it');
    expect(html).toContain('<dd>dave</dd>');
  });

  it('puts the CSRF token, escaped, in every form', () => {
    const html = windowDetailView(windowOf(), history, ctx());
    const forms = formsOf(html);
    expect(forms).toHaveLength(5);
    for (const form of forms) {
      expect(form).toMatch(/^<form [^>]*method="post"/);
      expect(form).toContain('<input type="hidden" name="_csrf" value="tok&quot;en">');
    }
  });

  it('encodes the window id in the form actions', () => {
    const html = windowDetailView(windowOf({ id: 'a/b?c' }), history, ctx());
    expect(html).toContain(`action="${BASE}/windows/a%2Fb%3Fc/approve"`);
  });
});
