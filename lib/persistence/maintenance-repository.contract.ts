// The behaviour every MaintenanceRepository must have, as Jest tests: run against the in-memory store by a unit
// spec (no database) and against TypeORM on SQLite, PostgreSQL and MariaDB by test/repository-contract.e2e-spec.ts.
// Not part of the build (tsconfig.build.json leaves out *.contract.ts).
import { randomUUID } from 'node:crypto';
import { isUniqueViolation } from './database-errors';
import { MaintenanceWindow } from './entities/maintenance-window.entity';
import { MaintenanceInstance } from './entities/maintenance-instance.entity';
import { MaintenanceRepository, NewAuditEntry } from './maintenance.repository';

const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);

/** A stored window with defaults; `at` is minutes after T0. */
export function windowRow(fields: Partial<MaintenanceWindow> & { at?: number } = {}): MaintenanceWindow {
  const { at = 0, ...rest } = fields;
  const created = new Date(T0 + at * 60_000);
  return Object.assign(new MaintenanceWindow(), {
    id: randomUUID(),
    mode: 'full',
    status: 'pending',
    reason: 'contract',
    message: null,
    emergency: false,
    scope: null,
    exemptions: null,
    recurrence: null,
    translations: null,
    startsAt: new Date(T0 + 60 * 60_000),
    endsAt: null,
    endedAt: null,
    requestedBy: 'alice',
    closedBy: null,
    createdAt: created,
    updatedAt: created,
    ...rest,
  });
}

function auditEntry(prevHash: string | null, n: number, fields: Partial<NewAuditEntry> = {}): NewAuditEntry {
  return {
    action: 'requested',
    actor: 'alice',
    source: 'service',
    windowId: null,
    reason: `entry ${n}`,
    ip: null,
    userAgent: null,
    stateBefore: null,
    stateAfter: null,
    details: null,
    createdAt: new Date(T0 + n * 1000),
    prevHash,
    hash: `hash-${n}`,
    ...fields,
  };
}

/**
 * Registers the contract's tests. `open` gives an empty store (and how to close it) before each test.
 */
export function describeMaintenanceRepositoryContract(
  name: string,
  open: () => Promise<{ repository: MaintenanceRepository; close: () => Promise<void> }>,
): void {
  describe(`MaintenanceRepository contract: ${name}`, () => {
    let repository: MaintenanceRepository;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ repository, close } = await open());
    });
    afterEach(() => close());

    it('stores a window and reads it back with the same fields', async () => {
      const window = windowRow({ message: 'Back soon', endsAt: new Date(T0 + 120 * 60_000) });
      // Copied first: TypeORM writes what the driver returns back into the inserted object (MariaDB: emergency 0).
      const { approvals: _none, ...fields } = window;
      const expected = { ...fields };
      await repository.runExclusive((unit) => unit.insertWindow(window));
      const read = await repository.findWindow(window.id);
      expect(read).toMatchObject(expected);
      expect(read!.startsAt).toEqual(window.startsAt);
      expect(await repository.findWindow(randomUUID())).toBeNull();
    });

    it('keeps a scoped, exempting, recurring window as it was stored, and filters windows by scope', async () => {
      const window = windowRow({
        scope: 'checkout',
        exemptions: { ips: ['203.0.113.0/24', '2001:db8::/32'], paths: ['/admin/**'] },
        recurrence: { rule: 'FREQ=WEEKLY;BYDAY=SU', timeZone: 'Europe/Berlin', durationMinutes: 60, cancelled: [T0 + 7 * 86_400_000] },
      });
      const whole = windowRow();
      await repository.runExclusive((unit) => unit.insertWindow(window).then(() => unit.insertWindow(whole)));
      const read = await repository.findWindow(window.id);
      expect(read).toMatchObject({ scope: 'checkout', exemptions: window.exemptions, recurrence: window.recurrence });
      expect((await repository.windowPage({ scope: 'checkout', limit: 10 })).items.map((w) => w.id)).toEqual([window.id]);
      expect((await repository.windowPage({ scope: null, limit: 10 })).items.map((w) => w.id)).toEqual([whole.id]);
      await repository.runExclusive((unit) => unit.updateWindow(window.id, { exemptions: null, recurrence: { ...window.recurrence!, cancelled: [] } }));
      expect(await repository.findWindow(window.id)).toMatchObject({ exemptions: null, recurrence: { cancelled: [] } });
    });

    it('lists only approved and active windows as candidates, inside and outside a unit of work', async () => {
      const rows = (['pending', 'approved', 'active', 'completed', 'rejected', 'cancelled'] as const).map((status) => windowRow({ status }));
      await repository.runExclusive(async (unit) => {
        for (const row of rows) await unit.insertWindow(row);
      });
      const expected = [rows[1].id, rows[2].id].sort();
      expect((await repository.candidateWindows()).map((w) => w.id).sort()).toEqual(expected);
      expect((await repository.runExclusive((unit) => unit.candidateWindows())).map((w) => w.id).sort()).toEqual(expected);
    });

    it('updates and saves windows, and rolls a unit of work back when it throws', async () => {
      const window = windowRow();
      await repository.runExclusive((unit) => unit.insertWindow(window));
      await repository.runExclusive((unit) => unit.updateWindow(window.id, { status: 'approved', updatedAt: new Date(T0 + 1) }));
      expect((await repository.findWindow(window.id))!.status).toBe('approved');
      await expect(
        repository.runExclusive(async (unit) => {
          const read = (await unit.findWindow(window.id))!;
          read.status = 'cancelled';
          await unit.saveWindows([read]);
          await unit.insertWindow(windowRow({ id: 'ffffffff-ffff-4fff-8fff-ffffffffffff' }));
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect((await repository.findWindow(window.id))!.status).toBe('approved');
      expect(await repository.findWindow('ffffffff-ffff-4fff-8fff-ffffffffffff')).toBeNull();
    });

    it('refuses a second decision of one approver on one window as a unique violation', async () => {
      const window = windowRow();
      await repository.runExclusive((unit) => unit.insertWindow(window));
      const approval = (approver: string) => ({
        id: randomUUID(),
        windowId: window.id,
        approver,
        decision: 'approve' as const,
        comment: null,
        createdAt: new Date(T0),
      });
      await repository.runExclusive((unit) => unit.insertApproval(approval('bob')));
      const second = await repository.runExclusive((unit) => unit.insertApproval(approval('bob'))).catch((error: unknown) => error);
      expect(isUniqueViolation(second)).toBe(true);
      const read = await repository.findWindow(window.id, { approvals: true });
      expect(read!.approvals!.map((a) => a.approver)).toEqual(['bob']);
    });

    it('pages windows newest request first, with filters and a cursor', async () => {
      const rows = [0, 1, 2, 3, 4].map((at) => windowRow({ at, mode: at % 2 === 0 ? 'full' : 'read-only' }));
      await repository.runExclusive(async (unit) => {
        for (const row of rows) await unit.insertWindow(row);
      });
      const first = await repository.windowPage({ limit: 2 });
      expect(first.items.map((w) => w.id)).toEqual([rows[4].id, rows[3].id]);
      expect(first.items[0].approvals).toEqual([]);
      const second = await repository.windowPage({ limit: 2, cursor: first.nextCursor! });
      expect(second.items.map((w) => w.id)).toEqual([rows[2].id, rows[1].id]);
      const last = await repository.windowPage({ limit: 2, cursor: second.nextCursor! });
      expect(last).toEqual({ items: [expect.objectContaining({ id: rows[0].id })], nextCursor: null });
      expect((await repository.windowPage({ limit: 10, mode: 'read-only' })).items.map((w) => w.id)).toEqual([rows[3].id, rows[1].id]);
    });

    it('finds the windows around an instant, with their real end', async () => {
      const at = T0 + 60 * 60_000;
      const started = windowRow({ status: 'active', startsAt: new Date(at - 1000) });
      const endedBefore = windowRow({ status: 'completed', startsAt: new Date(at - 5000), endsAt: new Date(at - 2000), endedAt: new Date(at - 2000) });
      const endsThen = windowRow({ status: 'completed', startsAt: new Date(at - 5000), endsAt: new Date(at), endedAt: new Date(at) });
      const later = windowRow({ status: 'approved', startsAt: new Date(at + 1000) });
      const pending = windowRow({ status: 'pending', startsAt: new Date(at - 1000) });
      await repository.runExclusive(async (unit) => {
        for (const row of [started, endedBefore, endsThen, later, pending]) await unit.insertWindow(row);
      });
      const around = await repository.runExclusive((unit) => unit.windowsAround(at));
      expect(around.map((w) => w.id).sort()).toEqual([started.id, endsThen.id].sort());
    });

    it('appends audit entries in order, links them to the last hash, and pages and batches them', async () => {
      expect(await repository.runExclusive((unit) => unit.lastAuditHash())).toBeNull();
      const ids: number[] = [];
      for (let n = 1; n <= 5; n++) {
        const stored = await repository.runExclusive(async (unit) =>
          unit.appendAuditEntry(auditEntry(await unit.lastAuditHash(), n, { actor: n % 2 ? 'alice' : 'bob' })),
        );
        ids.push(stored.id);
        expect(stored.hash).toBe(`hash-${n}`);
      }
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      const newest = await repository.auditPage({ limit: 2 });
      expect(newest.items.map((e) => e.reason)).toEqual(['entry 5', 'entry 4']);
      expect(newest.items[0].prevHash).toBe('hash-4');
      const older = await repository.auditPage({ limit: 2, beforeId: Number(newest.nextCursor) });
      expect(older.items.map((e) => e.reason)).toEqual(['entry 3', 'entry 2']);
      expect((await repository.auditPage({ limit: 10, actor: 'bob' })).items.map((e) => e.reason)).toEqual(['entry 4', 'entry 2']);
      const batch = await repository.auditBatch(ids[1], 2);
      expect(batch.map((e) => e.reason)).toEqual(['entry 3', 'entry 4']);
      expect(batch[0].createdAt).toEqual(new Date(T0 + 3000));
    });

    it('runs units of work one at a time', async () => {
      const order: string[] = [];
      const unit = (name: string, ms: number) =>
        repository.runExclusive(async () => {
          order.push(`${name} start`);
          await new Promise((resolve) => setTimeout(resolve, ms));
          order.push(`${name} end`);
        });
      await Promise.all([unit('a', 30), unit('b', 0)]);
      expect(order).toEqual(['a start', 'a end', 'b start', 'b end']);
    });

    it('counts committed units of work in the state version, not rolled-back ones', async () => {
      const before = await repository.stateVersion();
      await repository.runExclusive(async () => undefined);
      expect(await repository.stateVersion()).toBe(before + 1);
      await expect(
        repository.runExclusive(async () => {
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await repository.stateVersion()).toBe(before + 1);
    });

    it('records instance heartbeats, replaces them, lists them newest first and forgets them', async () => {
      const row = (id: string, seenAt: number, fields: Partial<MaintenanceInstance> = {}) =>
        Object.assign(new MaintenanceInstance(), {
          id,
          name: `host:${id.slice(0, 4)}`,
          stateVersion: 3,
          mode: 'off',
          drained: true,
          draining: null,
          startedAt: new Date(T0),
          seenAt: new Date(T0 + seenAt),
          expiresAt: new Date(T0 + seenAt + 1500),
          ...fields,
        });
      const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
      await repository.saveInstance(row(a, 1000));
      await repository.saveInstance(row(b, 3000));
      await repository.saveInstance(row(c, 2000));
      const draining = JSON.stringify({ requests: 1, work: ['cron Jobs.tick'] });
      await repository.saveInstance(row(a, 4000, { stateVersion: 4, mode: 'full', drained: false, draining }));
      const listed = await repository.instances();
      expect(listed.map((instance) => instance.id)).toEqual([a, b, c]);
      expect(listed[0]).toEqual(row(a, 4000, { stateVersion: 4, mode: 'full', drained: false, draining }));
      await repository.forgetInstances({ expiredBefore: new Date(T0 + 4000) });
      expect((await repository.instances()).map((instance) => instance.id)).toEqual([a, b]);
      await repository.forgetInstances({ id: a });
      expect((await repository.instances()).map((instance) => instance.id)).toEqual([b]);
      await repository.forgetInstances({ id: b });
    });
  });
}
