import fc from 'fast-check';
import type { MaintenanceWindowDetails } from '../interfaces/maintenance-window.interface';
import type { MaintenanceAuditLog } from '../persistence/entities/maintenance-audit-log.entity';
import { renderConsolePage } from './console-layout';
import { auditListView, errorView, overviewView, requestFormView, toggleConfirmView, toggleFormView, windowDetailView, windowsListView } from './console-views';

/**
 * What holds for every page of the console, whatever text users typed: it is escaped, the pages pass a strict
 * Content-Security-Policy, and every form that changes something carries the CSRF token.
 */

const BASE = '/maintenance/console';
const CSRF = 'the-csrf-token';

/** Every page of the console, with `text` wherever users' text goes (reasons, messages, names, comments, filters). */
function allPages(text: string): Record<string, string> {
  const window: MaintenanceWindowDetails = {
    id: '3f2b1c9e-5a6d-4e7f-8a9b-0c1d2e3f4a5b',
    mode: 'full',
    status: 'pending',
    reason: text,
    message: text,
    emergency: false,
    scope: text,
    exemptions: { ips: [text], paths: [text] },
    translations: { de: text },
    recurrence: { rule: text, timeZone: text, durationMinutes: 60, cancelled: [], next: null },
    startsAt: '2030-01-31T22:00:00.000Z',
    endsAt: null,
    endedAt: null,
    requestedBy: text,
    closedBy: text,
    createdAt: '2030-01-30T10:00:00.000Z',
    updatedAt: '2030-01-30T10:00:00.000Z',
    approvals: [{ id: 'a1', approver: `r${text}`, decision: 'reject', comment: text, createdAt: '2030-01-30T11:00:00.000Z' }],
  };
  const entry: MaintenanceAuditLog = {
    id: 1,
    action: 'requested',
    actor: text,
    source: 'console',
    windowId: window.id,
    reason: text,
    ip: null,
    userAgent: null,
    stateBefore: null,
    stateAfter: null,
    details: null,
    createdAt: new Date('2030-01-30T10:00:00Z'),
    prevHash: null,
    hash: 'h',
  };
  const values = { mode: 'full', reason: text, message: text, starts: text, ends: text, scope: text, exemptIps: text, exemptPaths: text, minutes: text };
  const formCtx = { base: BASE, csrf: CSRF, scopes: ['checkout'] };
  const bodies: Record<string, string> = {
    overview: overviewView(
      {
        mode: 'read-only',
        message: text,
        translations: { fr: text },
        since: null,
        until: null,
        upcoming: [{ id: window.id, mode: 'full', message: text, startsAt: window.startsAt, endsAt: null, scope: text }],
        scopes: [{ scope: text, mode: 'full', message: text, since: null, until: null }],
      },
      BASE,
    ),
    windows: windowsListView({ items: [window], nextCursor: text }, { status: text, mode: text, scope: text }, BASE),
    window: windowDetailView(window, [entry], { base: BASE, csrf: CSRF, actor: 'reviewer', approvalsRequired: 1, allowSelfApproval: false, now: 0 }),
    ownWindow: windowDetailView(window, [entry], { base: BASE, csrf: CSRF, actor: text, approvalsRequired: 1, allowSelfApproval: false, now: 0 }),
    request: requestFormView(values, [text, `reason ${text}`, `exemptions.ips[0] ${text}`], formCtx),
    toggle: toggleFormView(values, [text, `minutes ${text}`], formCtx),
    confirm: toggleConfirmView(values, formCtx),
    audit: auditListView(
      { items: [entry], nextCursor: text },
      { action: text, actor: text, windowId: text },
      { intact: false, checked: 3, firstBrokenId: 4, problem: text },
      BASE,
    ),
    error: errorView(400, text, BASE),
  };
  return Object.fromEntries(
    Object.entries(bodies).map(([name, body]) => [
      name,
      renderConsolePage({ title: text, base: BASE, actor: text, active: 'windows', body, flash: { kind: 'error', text } }),
    ]),
  );
}

/** The start tags of a page (escaped text never holds `<`, so this finds only the markup's own tags). */
const tagsOf = (html: string): string[] => html.match(/<[a-zA-Z][^<>]*>/g) ?? [];

/** What a `default-src 'self'` policy would block: inline script, inline style, event-handler attributes. */
function cspProblems(html: string): string[] {
  const problems: string[] = [];
  if (/<style[\s>]/i.test(html)) problems.push('<style> element');
  for (const tag of tagsOf(html)) {
    // Attribute names only: a value (always double-quoted, and escaped text holds no `"`) may say anything.
    const names = tag.replace(/"[^"]*"/g, '""');
    if (/^<script\b/i.test(tag) && !/\ssrc="[^"]+"/.test(tag)) problems.push(`inline script: ${tag}`);
    if (/\sstyle\s*=/i.test(names)) problems.push(`style attribute: ${tag}`);
    if (/\son[a-z]+\s*=/i.test(names)) problems.push(`event handler: ${tag}`);
    if (/\s(?:href|action|src)="\s*javascript:/i.test(tag)) problems.push(`javascript: URL: ${tag}`);
  }
  return problems;
}

describe('every console page', () => {
  const plain = allPages('Postgres 16 upgrade');

  it.each(Object.keys(plain))('%s passes a strict CSP: no inline script or style, no handlers', (name) => {
    expect(cspProblems(plain[name])).toEqual([]);
    expect(plain[name].match(/<script\b[^>]*>/g)).toEqual([`<script src="${BASE}/assets/console.js" defer>`]);
  });

  it.each(['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'><svg onload='alert(1)'>", 'javascript:alert(1)'])(
    'escapes %s everywhere',
    (hostile) => {
      for (const [name, html] of Object.entries(allPages(hostile))) {
        expect([name, cspProblems(html)]).toEqual([name, []]);
        expect([name, /<(img|svg)\b/.test(html), html.includes('<script>')]).toEqual([name, false, false]);
      }
    },
  );

  it('carries the CSRF token in every POST form, and only there', () => {
    let posts = 0;
    for (const [name, html] of Object.entries(allPages('x'))) {
      for (const form of html.match(/<form\b[^>]*>[\s\S]*?<\/form>/g) ?? []) {
        const post = /^<form\b[^>]*\smethod="post"/.test(form);
        posts += post ? 1 : 0;
        expect([name, form.includes(`<input type="hidden" name="_csrf" value="${CSRF}">`)]).toEqual([name, post]);
      }
    }
    // request, toggle, confirm; reject + cancel + extend + edit on each window page, approve only for another reviewer.
    expect(posts).toBe(3 + 5 + 4);
  });

  it('explains the four-eyes rule to the requester only', () => {
    const pages = allPages('alice');
    expect(pages.ownWindow).toContain('id="why-no-approve"');
    expect(pages.window).not.toContain('id="why-no-approve"');
  });

  it('never lets users’ text add a "<" to the page (property)', () => {
    // Any `<` that the text brings in unescaped is one more than the same page has with `#` in its place: `#` is,
    // like `<`, one code point, not blank, and not part of a field name, so both take the same branches.
    const count = (pages: Record<string, string>) => Object.values(pages).map((html) => html.split('<').length);
    const text = fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", '/', '=', ' ', '\n', 'a', 'script', 'img', 'reason ') }));
    fc.assert(
      fc.property(text, (typed) => {
        expect(count(allPages(typed))).toEqual(count(allPages(typed.replaceAll('<', '#'))));
      }),
      { numRuns: 200 },
    );
  });
});
