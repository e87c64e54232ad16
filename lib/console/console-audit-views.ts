import type { AuditVerification } from '../audit/maintenance-audit.service';
import { MAINTENANCE_AUDIT_ACTIONS } from '../interfaces/maintenance-mode.type';
import type { MaintenanceAuditLog } from '../persistence/entities/maintenance-audit-log.entity';
import type { MaintenancePage } from '../persistence/maintenance.repository';
import { escapeHtml } from '../utils/html-escape';
import { fieldHtml, inputControl, selectControl } from './console-form-fields';
import { queryString, tableHtml, textHtml, timeHtml, windowPath } from './console-html';

/** What the audit log is filtered by, as the query string gave it. @publicApi */
export interface ConsoleAuditFilters {
  action?: string;
  actor?: string;
  windowId?: string;
}

/**
 * The audit log: first whether its hash chain is intact (the one thing a reader must not miss), then a GET filter
 * form, the entries newest first with a link to each entry's window, and a "Next page" link keeping the filters.
 * @publicApi
 */
export function auditListView(page: MaintenancePage<MaintenanceAuditLog>, filters: ConsoleAuditFilters, verification: AuditVerification, base: string): string {
  const noErrors = new Map<string, string[]>();
  const actions: [string, string][] = [['', 'Any'], ...MAINTENANCE_AUDIT_ACTIONS.map((action): [string, string] => [action, action])];
  const form = `<form class="filters" method="get" action="${escapeHtml(`${base}/audit`)}" role="search" aria-label="Filter the audit log">
${fieldHtml({ form: 'filter', name: 'action', labelHtml: 'Action', errors: noErrors, control: selectControl(actions, filters.action) })}
${fieldHtml({ form: 'filter', name: 'actor', labelHtml: 'Actor', errors: noErrors, control: inputControl('text', filters.actor, ' autocomplete="off"') })}
${fieldHtml({ form: 'filter', name: 'windowId', labelHtml: 'Window id', errors: noErrors, control: inputControl('text', filters.windowId, ' autocomplete="off"') })}
<p class="actions"><button type="submit">Filter</button> <a href="${escapeHtml(`${base}/audit`)}">Clear filters</a></p>
</form>`;
  const filtered = Boolean(filters.action || filters.actor || filters.windowId);
  const table = page.items.length
    ? tableHtml(
        'audit',
        filtered ? 'Audit entries matching the filters, newest first' : 'Audit entries, newest first',
        ['Time', 'Action', 'Actor', 'Source', 'Window', 'Reason'],
        page.items.map((entry) => [
          timeHtml(entry.createdAt),
          escapeHtml(entry.action),
          escapeHtml(entry.actor),
          escapeHtml(entry.source),
          entry.windowId ? windowLink(base, entry.windowId) : '<span class="none">—</span>',
          textHtml(entry.reason, ''),
        ]),
      )
    : `<p>${filtered ? 'No audit entry matches these filters.' : 'The audit log is empty.'}</p>`;
  const next = page.nextCursor
    ? `<p class="pager"><a href="${escapeHtml(
        `${base}/audit${queryString({ action: filters.action, actor: filters.actor, windowId: filters.windowId, cursor: page.nextCursor })}`,
      )}" rel="next">Next page</a></p>`
    : '';
  return `${chainHtml(verification)}
<section class="panel">
<h2>Filter</h2>
${form}
</section>
<section class="panel">
<h2>Entries</h2>
${table}
${next}
</section>
`;
}

/** The window's id, shortened to its first 8 characters (enough to tell windows apart; the title has all of it). */
function windowLink(base: string, id: string): string {
  const short = id.length > 8 ? `${id.slice(0, 8)}…` : id;
  return `<a href="${escapeHtml(windowPath(base, id))}" title="${escapeHtml(id)}"><code>${escapeHtml(short)}</code></a>`;
}

/** The verification result, `id="chain-status"` either way; a broken chain names the first bad entry and why. */
function chainHtml(verification: AuditVerification): string {
  if (verification.intact) {
    return `<p class="chain chain-ok" id="chain-status">The audit chain is intact (${verification.checked} ${verification.checked === 1 ? 'entry' : 'entries'} checked).</p>`;
  }
  const where = verification.firstBrokenId !== null ? ` at entry #${escapeHtml(String(verification.firstBrokenId))}` : '';
  const problem = verification.problem ? `: ${escapeHtml(verification.problem)}` : '';
  return `<div class="chain chain-broken" id="chain-status">
<p><strong>The audit chain is broken${where}${problem}.</strong></p>
<p>${verification.checked} ${verification.checked === 1 ? 'entry' : 'entries'} before it checked out. Entries from there on may have been changed or removed; keep a copy of the log and find out why before trusting it.</p>
</div>`;
}
