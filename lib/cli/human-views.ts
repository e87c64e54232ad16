import { MaintenanceAuditEntryView } from '../admin/dto/maintenance-responses';
import { MaintenanceWindowView } from '../admin/dto/maintenance-window.response';
import { MaintenanceState } from '../interfaces/maintenance-state.interface';
import { AuditVerification } from '../audit/maintenance-audit.service';
import { renderFields, renderTable, terminalSafe } from './text-table';

/** Long free text is cut in tables; `--json` and the single-window view show it whole. */
const TABLE_TEXT_WIDTH = 48;

/** The state in force, then the announced windows. */
export function formatState(state: MaintenanceState): string {
  const on = state.mode !== 'off';
  const fields = renderFields([
    ['Mode', state.mode],
    ['Message', on ? state.message : undefined],
    ['Since', on ? state.since : undefined],
    ['Until', on ? (state.until ?? 'open-ended') : undefined],
    ['Upcoming', state.upcoming.length === 0 ? 'none' : `${state.upcoming.length} announced window(s)`],
  ]);
  if (state.upcoming.length === 0) return fields;
  const upcoming = renderTable(
    ['ID', 'MODE', 'STARTS', 'ENDS', 'MESSAGE'],
    state.upcoming.map((window) => [window.id, window.mode, window.startsAt, window.endsAt ?? 'open-ended', terminalSafe(window.message, TABLE_TEXT_WIDTH)]),
  );
  return fields + indent(upcoming);
}

/** One window with its decisions. */
export function formatWindow(window: MaintenanceWindowView): string {
  const fields = renderFields([
    ['ID', window.id],
    ['Status', window.status],
    ['Mode', window.mode],
    ['Emergency', window.emergency ? 'yes' : 'no'],
    ['Reason', window.reason],
    ['Message', window.message],
    ['Starts', window.startsAt],
    ['Ends', window.endsAt ?? 'open-ended'],
    ['Ended', window.endedAt ?? undefined],
    ['Requested by', window.requestedBy],
    ['Closed by', window.closedBy ?? undefined],
  ]);
  const decisions = window.approvals ?? [];
  if (decisions.length === 0) return `${fields}Decisions: none\n`;
  const table = renderTable(
    ['WHO', 'DECISION', 'AT', 'COMMENT'],
    decisions.map((decision) => [decision.approver, decision.decision, decision.createdAt, terminalSafe(decision.comment, TABLE_TEXT_WIDTH)]),
  );
  return `${fields}Decisions:\n${indent(table)}`;
}

/** Windows, one per line. */
export function formatWindowTable(windows: readonly MaintenanceWindowView[]): string {
  if (windows.length === 0) return 'No windows.\n';
  return renderTable(
    ['ID', 'STATUS', 'MODE', 'STARTS', 'ENDS', 'REQUESTED BY', 'APPROVALS', 'REASON'],
    windows.map((window) => [
      window.id,
      window.status,
      window.mode,
      window.startsAt,
      window.endsAt ?? 'open-ended',
      window.requestedBy,
      (window.approvals ?? []).filter((decision) => decision.decision === 'approve').length,
      terminalSafe(window.reason, TABLE_TEXT_WIDTH),
    ]),
  );
}

/** Audit entries, one per line. */
export function formatAuditTable(entries: readonly MaintenanceAuditEntryView[]): string {
  if (entries.length === 0) return 'No audit entries.\n';
  return renderTable(
    ['ID', 'AT', 'ACTION', 'ACTOR', 'SOURCE', 'WINDOW', 'REASON'],
    entries.map((entry) => [
      entry.id,
      entry.createdAt,
      entry.action,
      entry.actor,
      entry.source,
      entry.windowId ?? '-',
      terminalSafe(entry.reason, TABLE_TEXT_WIDTH),
    ]),
  );
}

/** The verdict on the hash chain. */
export function formatVerification(result: AuditVerification): string {
  if (result.intact) return `Audit log intact: ${result.checked} entries checked.\n`;
  return `Audit log BROKEN at entry #${result.firstBrokenId}: ${result.problem} (${result.checked} entries verified before it).\n`;
}

/** Where to continue a paged listing. */
export function formatNextPage(flag: string, cursor: string | null): string {
  return cursor ? `More: repeat with ${flag} ${cursor}\n` : '';
}

function indent(text: string): string {
  return text.replace(/^(?=.)/gm, '  ');
}
