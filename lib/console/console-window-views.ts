import type { MaintenanceWindowDetails } from '../interfaces/maintenance-window.interface';
import { MAINTENANCE_MODES, MAINTENANCE_WINDOW_STATUSES } from '../interfaces/maintenance-mode.type';
import type { MaintenancePage } from '../persistence/maintenance.repository';
import { escapeHtml } from '../utils/html-escape';
import { fieldHtml, inputControl, selectControl } from './console-form-fields';
import { modeHtml, queryString, scopeHtml, statusHtml, tableHtml, timeHtml, truncate, windowPath } from './console-html';

/** What the window list is filtered by, as the query string gave it. @publicApi */
export interface ConsoleWindowFilters {
  status?: string;
  mode?: string;
  scope?: string;
}

/** How much of a reason the list shows; the window's page shows all of it. */
const REASON_IN_LIST = 80;

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The list of windows: a GET filter form (works without JavaScript, and the filters stay in the address for
 * sharing), a table with a link per window, and a "Next page" link that keeps the filters. Every query value is
 * encoded with `encodeURIComponent`.
 * @publicApi
 */
export function windowsListView(page: MaintenancePage<MaintenanceWindowDetails>, filters: ConsoleWindowFilters, base: string): string {
  const noErrors = new Map<string, string[]>();
  const statusOptions: [string, string][] = [['', 'Any'], ...MAINTENANCE_WINDOW_STATUSES.map((status): [string, string] => [status, capitalized(status)])];
  const modeOptions: [string, string][] = [['', 'Any'], ...MAINTENANCE_MODES.map((mode): [string, string] => [mode, capitalized(mode)])];
  const form = `<form class="filters" method="get" action="${escapeHtml(`${base}/windows`)}" role="search" aria-label="Filter windows">
${fieldHtml({ form: 'filter', name: 'status', labelHtml: 'Status', errors: noErrors, control: selectControl(statusOptions, filters.status) })}
${fieldHtml({ form: 'filter', name: 'mode', labelHtml: 'Mode', errors: noErrors, control: selectControl(modeOptions, filters.mode) })}
${fieldHtml({ form: 'filter', name: 'scope', labelHtml: 'Scope', errors: noErrors, control: inputControl('text', filters.scope, ' autocomplete="off"') })}
<p class="actions"><button type="submit">Filter</button> <a href="${escapeHtml(`${base}/windows`)}">Clear filters</a></p>
</form>`;
  const filtered = Boolean(filters.status || filters.mode || filters.scope);
  const table = page.items.length
    ? tableHtml(
        'windows',
        filtered ? 'Maintenance windows matching the filters, newest request first' : 'Maintenance windows, newest request first',
        ['Starts', 'Ends', 'Mode', 'Scope', 'Status', 'Requested by', 'Reason'],
        page.items.map((window) => [
          // The start time links to the window: the row header, and what people scan the list by.
          `<a href="${escapeHtml(windowPath(base, window.id))}">${timeHtml(window.startsAt)}</a>`,
          timeHtml(window.endsAt, 'Open-ended'),
          modeHtml(window.mode),
          scopeHtml(window.scope),
          `${statusHtml(window.status)}${window.emergency ? ' <span class="hint">emergency</span>' : ''}${window.recurrence ? ' <span class="hint">recurring</span>' : ''}`,
          escapeHtml(window.requestedBy),
          escapeHtml(truncate(window.reason, REASON_IN_LIST)),
        ]),
      )
    : `<p>${filtered ? 'No window matches these filters.' : 'No window has been requested yet.'}</p>`;
  const next = page.nextCursor
    ? `<p class="pager"><a href="${escapeHtml(
        `${base}/windows${queryString({ status: filters.status, mode: filters.mode, scope: filters.scope, cursor: page.nextCursor })}`,
      )}" rel="next">Next page</a></p>`
    : '';
  return `<section class="panel">
<h2>Filter</h2>
${form}
</section>
<section class="panel">
<h2>Windows</h2>
${table}
${next}
<p><a href="${escapeHtml(`${base}/windows/new`)}">Request a window</a></p>
</section>
`;
}
