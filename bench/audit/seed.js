'use strict';
// Fills the audit log with a valid hash chain, fast: rows are built in memory with the library's own
// auditHash and inserted in batches inside one transaction. Going through MaintenanceService would take
// a lock, two state reads and a write per entry: hours for 100,000 entries.
const { randomUUID } = require('node:crypto');
const { MaintenanceAuditLog } = require('../../dist');
const { auditHash } = require('../../dist/audit/audit-hash');

const BATCH = 500;
const ACTORS = Array.from({ length: 20 }, (_, i) => `operator-${String(i + 1).padStart(2, '0')}@example.com`);
/** A window's life, repeated: most entries come in such sequences. */
const LIFE = ['requested', 'approved', 'activated', 'completed', 'toggled', 'requested', 'rejected', 'cancelled'];
const START_MS = Date.UTC(2024, 0, 1);
const STEP_MS = 15 * 60 * 1000;

/** Inserts `count` chained entries, oldest first; returns the rows' time span for range queries. */
async function seedAuditLog(dataSource, count, key) {
  let prevHash = null;
  let windowId = randomUUID();
  await dataSource.transaction(async (manager) => {
    for (let offset = 0; offset < count; offset += BATCH) {
      const rows = [];
      for (let i = offset; i < Math.min(count, offset + BATCH); i++) {
        if (i % LIFE.length === 0 || i % LIFE.length === 5) windowId = randomUUID();
        const entry = entryAt(i, windowId, prevHash);
        entry.hash = auditHash(entry, key);
        prevHash = entry.hash;
        rows.push(entry);
      }
      await manager.createQueryBuilder().insert().into(MaintenanceAuditLog).values(rows).updateEntity(false).execute();
    }
  });
  return { firstMs: START_MS, lastMs: START_MS + (count - 1) * STEP_MS };
}

function entryAt(i, windowId, prevHash) {
  const action = LIFE[i % LIFE.length];
  const actor = action === 'activated' || action === 'completed' ? 'system' : ACTORS[(i * 7) % ACTORS.length];
  const state = (mode) => JSON.stringify({ mode, message: mode === 'off' ? null : 'Database upgrade', since: null, until: null, upcoming: [] });
  const changes = action === 'toggled' || action === 'activated' || action === 'completed';
  return {
    action,
    actor,
    source: actor === 'system' ? 'system' : i % 3 === 0 ? 'cli' : 'api',
    windowId,
    reason: `Planned maintenance #${i >> 3}: upgrade the primary database and rotate credentials`,
    ip: actor === 'system' ? null : `10.20.${(i >> 8) & 255}.${i & 255}`,
    userAgent: actor === 'system' ? null : 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
    stateBefore: changes ? state('off') : null,
    stateAfter: changes ? state('full') : null,
    details: JSON.stringify({ window: { id: windowId, mode: 'full' }, approvals: 1, required: 1 }),
    createdAt: new Date(START_MS + i * STEP_MS),
    prevHash,
  };
}

module.exports = { seedAuditLog, ACTORS };
