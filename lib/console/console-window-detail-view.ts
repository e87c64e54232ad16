import type { MaintenanceWindowDetails } from '../interfaces/maintenance-window.interface';
import type { MaintenanceAuditLog } from '../persistence/entities/maintenance-audit-log.entity';
import { escapeHtml } from '../utils/html-escape';
import { fieldHtml, inputControl, selectControl, textareaControl } from './console-form-fields';
import {
  TZ_LABEL_HTML,
  csrfField,
  datetimeLocalUtc,
  factsHtml,
  formatUtc,
  isoOf,
  modeHtml,
  queryString,
  scopeHtml,
  statusHtml,
  tableHtml,
  textHtml,
  timeHtml,
  translationRows,
  tzField,
  windowPath,
} from './console-html';

/** What the window page needs besides the window and its history. @publicApi */
export interface ConsoleWindowContext {
  /** The console's base path. */
  base: string;
  /** The CSRF token every action form carries. */
  csrf: string;
  /** Who is looking, or null when the admin guard names nobody. */
  actor: string | null;
  /** Approvals a window needs (the module's `approvalsRequired`). */
  approvalsRequired: number;
  /** Whether a requester may approve their own window (the module's four-eyes setting turned off). */
  allowSelfApproval: boolean;
  /** The current time (ms since epoch), for the default new end and whether an occurrence is in force. */
  now: number;
}

const NO_ERRORS = new Map<string, string[]>();

/**
 * One window: every field, its approvals, its audit history, and the forms for what may be done with it now
 * (approve, reject, cancel, extend), each a POST carrying the CSRF token. The page only offers what the server
 * would accept from this viewer; the server still decides (its checks are the rule, this is a courtesy).
 * @publicApi
 */
export function windowDetailView(window: MaintenanceWindowDetails, history: readonly MaintenanceAuditLog[], ctx: ConsoleWindowContext): string {
  return `${detailsHtml(window)}
${exemptionsHtml(window)}
${recurrenceHtml(window, ctx.now)}
${approvalsHtml(window, ctx)}
${actionsHtml(window, ctx)}
${historyHtml(window, history, ctx.base)}`;
}

function detailsHtml(window: MaintenanceWindowDetails): string {
  const recurring = window.recurrence !== null;
  const rows: [string, string][] = [
    ['Status', `${statusHtml(window.status)}${window.emergency ? ' <span class="hint">emergency toggle, opened without approval</span>' : ''}`],
    ['Mode', modeHtml(window.mode)],
    ['Scope', scopeHtml(window.scope)],
    ['Reason', textHtml(window.reason)],
    ['Message', textHtml(window.message, 'No message')],
    ...translationRows(window.translations),
    [recurring ? 'First occurrence' : 'Starts', timeHtml(window.startsAt)],
    [recurring ? 'End of the series' : 'Ends', timeHtml(window.endsAt, 'Open-ended')],
  ];
  if (window.endedAt) rows.push(['Ended at', timeHtml(window.endedAt)]);
  rows.push(['Requested by', escapeHtml(window.requestedBy)], ['Requested at', timeHtml(window.createdAt)]);
  if (window.closedBy) rows.push([closedByLabel(window.status), escapeHtml(window.closedBy)]);
  rows.push(['Last change', timeHtml(window.updatedAt)], ['Id', `<code>${escapeHtml(window.id)}</code>`]);
  return `<section class="panel">
<h2>Details</h2>
${factsHtml(rows)}
</section>`;
}

function closedByLabel(status: string): string {
  if (status === 'rejected') return 'Rejected by';
  if (status === 'cancelled') return 'Cancelled by';
  return 'Ended by';
}

function exemptionsHtml(window: MaintenanceWindowDetails): string {
  const ips = window.exemptions?.ips ?? [];
  const paths = window.exemptions?.paths ?? [];
  const list = (items: readonly string[], none: string) =>
    items.length ? `<ul>${items.map((item) => `<li><code>${escapeHtml(item)}</code></li>`).join('')}</ul>` : `<span class="none">${none}</span>`;
  const body =
    ips.length || paths.length
      ? factsHtml([
          ['Addresses', list(ips, 'None')],
          ['Paths', list(paths, 'None')],
        ])
      : "<p>Nobody beyond the module's own bypasses.</p>";
  return `<section class="panel">
<h2>Who it lets through</h2>
${body}
</section>`;
}

function recurrenceHtml(window: MaintenanceWindowDetails, now: number): string {
  const recurrence = window.recurrence;
  if (!recurrence) return '';
  let next = '<span class="none">None: the series is over.</span>';
  if (recurrence.next) {
    const start = Date.parse(recurrence.next.startsAt);
    const end = Date.parse(recurrence.next.endsAt);
    const inForce = start <= now && now < end ? ' <strong>(in force now)</strong>' : '';
    next = `${timeHtml(recurrence.next.startsAt)} to ${timeHtml(recurrence.next.endsAt)}${inForce}`;
  }
  const cancelled = recurrence.cancelled.length
    ? `<ul>${recurrence.cancelled.map((start) => `<li>${timeHtml(start)}</li>`).join('')}</ul>`
    : '<span class="none">None</span>';
  return `<section class="panel">
<h2>Recurrence</h2>
${factsHtml([
  ['Rule', `<code>${escapeHtml(recurrence.rule)}</code>`],
  ['Time zone', escapeHtml(recurrence.timeZone)],
  ['Each occurrence lasts', escapeHtml(durationText(recurrence.durationMinutes))],
  ['Next occurrence', next],
  ['Cancelled occurrences', cancelled],
])}
</section>`;
}

/** `90 minutes (1 h 30 min)`: the exact number the API takes, and the one people read. */
function durationText(minutes: number): string {
  const exact = `${minutes} minute${minutes === 1 ? '' : 's'}`;
  if (minutes < 60) return exact;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `${exact} (${hours} h${rest ? ` ${rest} min` : ''})`;
}

function approvalsHtml(window: MaintenanceWindowDetails, ctx: ConsoleWindowContext): string {
  const approvals = window.approvals ?? [];
  const given = new Set(approvals.filter((approval) => approval.decision === 'approve').map((approval) => approval.approver)).size;
  const count = window.status === 'pending' ? `<p>${given} of ${ctx.approvalsRequired} approval${ctx.approvalsRequired === 1 ? '' : 's'} given.</p>\n` : '';
  const table = approvals.length
    ? tableHtml(
        'approvals',
        'Decisions, oldest first',
        ['Approver', 'Decision', 'Comment', 'Time'],
        approvals.map((approval) => [
          escapeHtml(approval.approver),
          approval.decision === 'approve' ? 'Approved' : 'Rejected',
          textHtml(approval.comment, 'No comment'),
          timeHtml(approval.createdAt),
        ]),
      )
    : '<p>Nobody has decided yet.</p>';
  return `<section class="panel">
<h2>Approvals</h2>
${count}${table}
</section>`;
}

function actionsHtml(window: MaintenanceWindowDetails, ctx: ConsoleWindowContext): string {
  const forms: string[] = [];
  if (window.status === 'pending') forms.push(...decisionForms(window, ctx));
  if (window.status === 'pending' || window.status === 'approved' || window.status === 'active') forms.push(cancelForm(window, ctx));
  if (window.status === 'pending' || window.status === 'approved' || window.status === 'active') forms.push(extendForm(window, ctx), editForm(window, ctx));
  const body = forms.length ? forms.join('\n') : `<p>This window is ${escapeHtml(window.status)}: nothing more can be done with it.</p>`;
  return `<section class="panel">
<h2>Actions</h2>
${body}
</section>`;
}

function actionPath(window: MaintenanceWindowDetails, ctx: ConsoleWindowContext, action: string): string {
  return escapeHtml(`${windowPath(ctx.base, window.id)}/${action}`);
}

/** Approve and reject, or why not: a reviewer decides once, and (four-eyes) never on their own request. */
function decisionForms(window: MaintenanceWindowDetails, ctx: ConsoleWindowContext): string[] {
  const decided = ctx.actor !== null && (window.approvals ?? []).some((approval) => approval.approver === ctx.actor);
  if (decided) return ['<p id="already-decided">You have already approved or rejected this window.</p>'];
  const ownRequest = ctx.actor !== null && window.requestedBy === ctx.actor && !ctx.allowSelfApproval;
  const approve = ownRequest
    ? '<p id="why-no-approve">You requested this window; someone else must approve it (four-eyes rule).</p>'
    : `<form class="action" method="post" action="${actionPath(window, ctx, 'approve')}" aria-labelledby="approve-title">
<h3 id="approve-title">Approve</h3>
${csrfField(ctx.csrf)}
${fieldHtml({ form: 'approve', name: 'comment', labelHtml: 'Comment (optional)', errors: NO_ERRORS, control: textareaControl('', 3) })}
<p class="actions"><button type="submit">Approve</button></p>
</form>`;
  // A requester may still withdraw their own request by rejecting it: the four-eyes rule is about approving.
  const reject = `<form class="action" method="post" action="${actionPath(window, ctx, 'reject')}" aria-labelledby="reject-title">
<h3 id="reject-title">Reject</h3>
${csrfField(ctx.csrf)}
${fieldHtml({
  form: 'reject',
  name: 'comment',
  labelHtml: 'Why not?',
  hint: 'The requester sees this comment; say what would make it acceptable.',
  required: true,
  errors: NO_ERRORS,
  control: textareaControl('', 3),
})}
<p class="actions"><button type="submit" class="button-danger">Reject</button></p>
</form>`;
  return [approve, reject];
}

function cancelForm(window: MaintenanceWindowDetails, ctx: ConsoleWindowContext): string {
  const active = window.status === 'active';
  const question = active ? 'End this maintenance window now?' : 'Cancel this maintenance window?';
  const label = active ? 'End now' : 'Cancel window';
  return `<form class="action" method="post" action="${actionPath(window, ctx, 'cancel')}" data-confirm="${escapeHtml(question)}" aria-labelledby="cancel-title">
<h3 id="cancel-title">${active ? 'End it now' : 'Cancel it'}</h3>
${csrfField(ctx.csrf)}
${fieldHtml({
  form: 'cancel',
  name: 'reason',
  labelHtml: 'Reason (optional)',
  errors: NO_ERRORS,
  control: inputControl('text', ''),
})}
${occurrenceField(window)}
<p class="actions"><button type="submit" class="button-danger">${label}</button></p>
</form>`;
}

/**
 * A new end, typed in the viewer's zone. The prefilled value is the current end (or an hour from now when it has
 * none or it is past) in UTC, with `data-utc` so the script rewrites it to the zone it also puts into `tz`.
 */
function extendForm(window: MaintenanceWindowDetails, ctx: ConsoleWindowContext): string {
  const currentEnd = window.endsAt ? Date.parse(window.endsAt) : NaN;
  const proposed = new Date(Number.isFinite(currentEnd) && currentEnd > ctx.now ? currentEnd : ctx.now + 3_600_000);
  proposed.setUTCSeconds(0, 0);
  const recurring = window.recurrence !== null;
  return `<form class="action" method="post" action="${actionPath(window, ctx, 'extend')}" aria-labelledby="extend-title">
<h3 id="extend-title">${recurring ? 'Move the end of the series' : 'Extend or shorten'}</h3>
${csrfField(ctx.csrf)}
${tzField('extend-tz')}
${fieldHtml({
  form: 'extend',
  name: 'ends',
  labelHtml: `New end (${TZ_LABEL_HTML})`,
  hint: 'Takes effect at once, also while the window is in force; no new approval is needed.',
  required: true,
  errors: NO_ERRORS,
  control: inputControl('datetime-local', datetimeLocalUtc(proposed), ` data-utc="${isoOf(proposed)}"`),
})}
<p class="actions"><button type="submit">Set new end</button></p>
</form>`;
}

/** For a recurring window: cancel only its next (or current) occurrence, or the whole series. */
function occurrenceField(window: MaintenanceWindowDetails): string {
  const next = window.recurrence?.next;
  if (!next) return '';
  const options: [string, string][] = [
    ['', 'The whole series'],
    [next.startsAt, `Only the occurrence of ${formatUtc(new Date(next.startsAt))}`],
  ];
  return fieldHtml({ form: 'cancel', name: 'occurrence', labelHtml: 'What to cancel', errors: NO_ERRORS, control: selectControl(options, '') });
}

/**
 * The message at once; the mode and the start while the window is not in force (an approved window then needs a new
 * approval, as through the API).
 */
function editForm(window: MaintenanceWindowDetails, ctx: ConsoleWindowContext): string {
  const shapeEditable = window.status !== 'active' && !window.emergency;
  const modes: [string, string][] = [
    ['full', 'Full'],
    ['read-only', 'Read-only'],
  ];
  const shape = shapeEditable
    ? `${fieldHtml({ form: 'edit', name: 'mode', labelHtml: 'Mode', hint: 'Changing it needs a new approval.', errors: NO_ERRORS, control: selectControl(modes, window.mode) })}
${fieldHtml({
  form: 'edit',
  name: 'starts',
  labelHtml: `New start (${TZ_LABEL_HTML})`,
  hint: 'Empty: unchanged. Changing it needs a new approval.',
  errors: NO_ERRORS,
  control: inputControl('datetime-local', ''),
})}`
    : '';
  return `<form class="action" method="post" action="${actionPath(window, ctx, 'edit')}" aria-labelledby="edit-title">
<h3 id="edit-title">Change</h3>
${csrfField(ctx.csrf)}
${tzField('edit-tz')}
${fieldHtml({
  form: 'edit',
  name: 'message',
  labelHtml: 'Message to users',
  hint: 'Takes effect at once. Empty: the default text.',
  errors: NO_ERRORS,
  control: textareaControl(window.message ?? '', 3),
})}
${shape}
<p class="actions"><button type="submit">Save changes</button></p>
</form>`;
}

function historyHtml(window: MaintenanceWindowDetails, history: readonly MaintenanceAuditLog[], base: string): string {
  const table = history.length
    ? tableHtml(
        'history',
        'Audit entries of this window',
        ['Time', 'Action', 'Actor', 'Reason'],
        history.map((entry) => [timeHtml(entry.createdAt), escapeHtml(entry.action), escapeHtml(entry.actor), textHtml(entry.reason, '')]),
      )
    : '<p>No audit entry names this window.</p>';
  return `<section class="panel">
<h2>History</h2>
${table}
<p><a href="${escapeHtml(`${base}/audit${queryString({ windowId: window.id })}`)}">This window in the audit log</a></p>
</section>
`;
}
