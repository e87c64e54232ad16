import { MaintenanceAuditEntryView } from '../admin/dto/maintenance-responses';
import { MaintenanceWindowView } from '../admin/dto/maintenance-window.response';
import { MaintenanceState } from '../interfaces/maintenance-state.interface';
import { AuditVerification } from '../audit/maintenance-audit.service';
import { renderFields, renderTable, terminalSafe } from './text-table';
import { MaintenanceFleetMember, MaintenanceFleetStatus } from '../fleet/fleet-status';
import { MaintenanceFleetWait } from '../fleet/wait-for-fleet';
import type { MaintenanceWebhookStatus } from '../webhooks/webhook-status';

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
    ['Scopes', state.scopes.length === 0 ? undefined : `${state.scopes.length} scope(s) in maintenance`],
    ['Upcoming', state.upcoming.length === 0 ? 'none' : `${state.upcoming.length} announced window(s)`],
  ]);
  const scopes =
    state.scopes.length === 0
      ? ''
      : indent(
          renderTable(
            ['SCOPE', 'MODE', 'SINCE', 'UNTIL', 'MESSAGE'],
            state.scopes.map((scoped) => [
              scoped.scope,
              scoped.mode,
              scoped.since ?? '',
              scoped.until ?? 'open-ended',
              terminalSafe(scoped.message, TABLE_TEXT_WIDTH),
            ]),
          ),
        );
  if (state.upcoming.length === 0) return fields + scopes;
  const upcoming = renderTable(
    ['ID', 'MODE', 'SCOPE', 'STARTS', 'ENDS', 'MESSAGE'],
    state.upcoming.map((window) => [
      window.id,
      window.mode,
      window.scope ?? 'whole app',
      window.startsAt,
      window.endsAt ?? 'open-ended',
      terminalSafe(window.message, TABLE_TEXT_WIDTH),
    ]),
  );
  return fields + scopes + indent(upcoming);
}

/** One window with its decisions. */
export function formatWindow(window: MaintenanceWindowView): string {
  const fields = renderFields([
    ['ID', window.id],
    ['Status', window.status],
    ['Mode', window.mode],
    ['Emergency', window.emergency ? 'yes' : 'no'],
    ['Scope', window.scope ?? 'whole app'],
    ['Exempt IPs', window.exemptions?.ips.length ? window.exemptions.ips.join(', ') : undefined],
    ['Exempt paths', window.exemptions?.paths.length ? window.exemptions.paths.join(', ') : undefined],
    ['Reason', window.reason],
    ['Message', window.message],
    ['Recurs', window.recurrence ? `${window.recurrence.rule} in ${window.recurrence.timeZone}, ${window.recurrence.durationMinutes} min each` : undefined],
    [
      'Next',
      window.recurrence
        ? window.recurrence.next
          ? `${window.recurrence.next.startsAt} to ${window.recurrence.next.endsAt}`
          : 'none (series over)'
        : undefined,
    ],
    ['Cancelled', window.recurrence?.cancelled.length ? window.recurrence.cancelled.join(', ') : undefined],
    [window.recurrence ? 'First' : 'Starts', window.startsAt],
    [window.recurrence ? 'Series ends' : 'Ends', window.endsAt ?? 'open-ended'],
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
    ['ID', 'STATUS', 'MODE', 'SCOPE', 'STARTS', 'ENDS', 'REQUESTED BY', 'APPROVALS', 'REASON'],
    windows.map((window) => [
      window.id,
      window.status,
      window.recurrence ? `${window.mode} (recurring)` : window.mode,
      window.scope ?? '-',
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

/** The fleet: a summary line, then one row per instance on record. */
export function formatFleet(fleet: MaintenanceFleetStatus): string {
  const summary = `Fleet: ${fleet.live} live instance(s), ${fleet.current} current at state version ${fleet.stateVersion}, ${fleet.lagging.length} lagging, ${fleet.dead} dead\n`;
  if (fleet.instances.length === 0) return summary;
  const rows = fleet.instances.map((instance) => [
    terminalSafe(instance.name, TABLE_TEXT_WIDTH),
    instance.live ? (instance.current ? 'current' : 'lagging') : 'dead',
    String(instance.stateVersion),
    instance.mode,
    instance.drained ? 'yes' : describeDrain(instance),
    instance.seenAt,
  ]);
  return summary + indent(renderTable(['INSTANCE', 'STATUS', 'VERSION', 'MODE', 'DRAINED', 'SEEN'], rows));
}

/** How `--wait` ended: applied everywhere, or which live instances lag and why. */
export function formatFleetWait(wait: MaintenanceFleetWait): string {
  const { status } = wait;
  const seconds = (wait.waitedMs / 1000).toFixed(1);
  if (wait.problem !== undefined) return `Cannot confirm that the instances applied the change: ${wait.problem}\n`;
  if (wait.complete && status.live === 0) return 'No live instance reports to the fleet: nothing to wait for.\n';
  if (wait.complete) return `Applied on all ${status.live} live instance(s) (state version ${status.stateVersion}) after ${seconds} s.\n`;
  const lines = status.lagging.map(
    (instance) =>
      `  ${terminalSafe(instance.name, TABLE_TEXT_WIDTH)}: ${
        instance.stateVersion < status.stateVersion ? `enforces state version ${instance.stateVersion}` : `still draining ${describeDrain(instance)}`
      }`,
  );
  return `Timed out after ${seconds} s: ${status.lagging.length} of ${status.live} live instance(s) lag behind state version ${status.stateVersion}:\n${lines.join('\n')}\n`;
}

function describeDrain(instance: MaintenanceFleetMember): string {
  const draining = instance.draining;
  if (!draining) return 'no';
  const parts = [...(draining.requests > 0 ? [`${draining.requests} request(s)`] : []), ...draining.work];
  return terminalSafe(parts.join(', ') || 'no', TABLE_TEXT_WIDTH);
}

/** Webhooks, one per line: where each stands in the audit log and whether its next event is failing. */
export function formatWebhookTable(statuses: readonly MaintenanceWebhookStatus[]): string {
  if (statuses.length === 0) return 'No webhooks on record (an instance of the app records each of its webhooks when it starts).\n';
  return renderTable(
    ['WEBHOOK', 'DELIVERED UP TO', 'PENDING', 'ATTEMPTS', 'LAST ERROR', 'FAILING SINCE', 'NEXT ATTEMPT', 'LAST DELIVERED', 'DELIVERING'],
    statuses.map((status) => [
      terminalSafe(status.name, TABLE_TEXT_WIDTH),
      status.deliveredUpTo,
      status.pending,
      status.attempts,
      status.lastError === null ? '-' : terminalSafe(status.lastError, TABLE_TEXT_WIDTH),
      status.failingSince ?? '-',
      status.nextAttemptAt ?? '-',
      status.lastDeliveredAt ?? '-',
      status.delivering ? 'yes' : 'no',
    ]),
  );
}
