import { TestApp } from './create-test-app';

/**
 * What an admin request could change: the windows (status, last update, approvals), the newest audit entry and
 * the state in force. A refused request must leave it equal.
 */
export async function adminSnapshot(t: TestApp) {
  const windows = await t.maintenance.listWindows({ limit: 200 });
  const audit = await t.maintenance.listAudit({ limit: 1 });
  return {
    windows: windows.items.map((w) => [w.id, w.status, w.updatedAt, w.approvals?.length]),
    lastAudit: audit.items[0]?.id ?? 0,
    state: t.maintenance.getState(),
  };
}
