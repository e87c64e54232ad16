import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { MaintenanceApproval, MaintenanceAuditLog, MaintenanceWindow } from '../lib';
import { createTestApp, TEST_ADMIN, TestApp } from './utils/create-test-app';
import { testDatabaseKind } from './utils/test-database';

const admin = (user: string) => ({ 'x-user': user, 'x-role': 'admin' });

/** Two instances (separate Nest apps with their own connection pools) on one database, hit in parallel. */
describe(`races on ${testDatabaseKind()}`, () => {
  let a: TestApp;
  let b: TestApp;
  let dataSource: DataSource;
  const options = { admin: TEST_ADMIN, approvals: { required: 3 }, refreshIntervalMs: 60_000 };

  beforeAll(async () => {
    a = await createTestApp({ adapter: 'express', database: 'races', maintenance: options });
    b = await createTestApp({ adapter: 'fastify', database: 'races', maintenance: options, keepDatabase: true, typeorm: sameFile(a) });
    dataSource = a.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(async () => {
    await a.app.close();
    await b.app.close();
  });

  const server = (i: number) => (i % 2 ? a : b).server();
  const actionsOf = async (windowId: string) =>
    (await dataSource.getRepository(MaintenanceAuditLog).find({ where: { windowId }, order: { id: 'ASC' } })).map((e) => e.action);
  const requestWindow = async () =>
    (
      await request(a.server())
        .post('/maintenance/windows')
        .set(admin('alice'))
        .send({ mode: 'full', reason: 'race', startsAt: new Date(Date.now() + 3_600_000 * 24).toISOString() })
        .expect(201)
    ).body.id as string;

  it('counts concurrent approvals by different approvers exactly, with no lost update', async () => {
    const id = await requestWindow();
    const approvers = ['bob', 'carol', 'dave', 'erin', 'frank', 'grace'];
    const responses = await Promise.all(approvers.map((user, i) => request(server(i)).post(`/maintenance/windows/${id}/approve`).set(admin(user)).send({})));
    const ok = responses.filter((res) => res.status === 200);
    expect(responses.every((res) => res.status === 200 || res.status === 409)).toBe(true);
    expect(ok).toHaveLength(3); // the fourth approver onwards finds it approved already
    const window = await dataSource.getRepository(MaintenanceWindow).findOneByOrFail({ id });
    expect(window.status).toBe('approved');
    expect(await dataSource.getRepository(MaintenanceApproval).countBy({ windowId: id })).toBe(3);
    expect((await actionsOf(id)).filter((action) => action === 'approved')).toHaveLength(3);
  });

  it('accepts one of two simultaneous votes by the same approver', async () => {
    const id = await requestWindow();
    const responses = await Promise.all([0, 1, 2, 3].map((i) => request(server(i)).post(`/maintenance/windows/${id}/approve`).set(admin('bob')).send({})));
    expect(responses.map((res) => res.status).sort()).toEqual([200, 409, 409, 409]);
    expect(await dataSource.getRepository(MaintenanceApproval).countBy({ windowId: id })).toBe(1);
  });

  it('keeps the window and the audit log in agreement when a cancel races approvals', async () => {
    for (let round = 0; round < 3; round++) {
      const id = await requestWindow();
      const [cancel, ...approvals] = await Promise.all([
        request(server(round)).post(`/maintenance/windows/${id}/cancel`).set(admin('carol')).send({}),
        ...['bob', 'dave', 'erin'].map((user, i) =>
          request(server(round + i + 1))
            .post(`/maintenance/windows/${id}/approve`)
            .set(admin(user))
            .send({}),
        ),
      ]);
      expect(cancel.status).toBe(200);
      const window = await dataSource.getRepository(MaintenanceWindow).findOneByOrFail({ id });
      expect(window.status).toBe('cancelled');
      const actions = await actionsOf(id);
      const approved = approvals.filter((res) => res.status === 200).length;
      expect(approvals.every((res) => res.status === 200 || res.status === 409)).toBe(true);
      expect(actions.filter((action) => action === 'approved')).toHaveLength(approved);
      expect(actions.filter((action) => action === 'cancelled')).toHaveLength(1);
      expect(actions[actions.length - 1]).toBe('cancelled'); // nothing is approved after the cancel
    }
  });

  it('leaves exactly one emergency window active after two simultaneous toggles', async () => {
    const [full, readOnly] = await Promise.all([
      request(a.server()).post('/maintenance/toggle').set(admin('alice')).send({ mode: 'full', reason: 'toggle A' }),
      request(b.server()).post('/maintenance/toggle').set(admin('bob')).send({ mode: 'read-only', reason: 'toggle B' }),
    ]);
    expect([full.status, readOnly.status]).toEqual([200, 200]);
    const active = await dataSource.getRepository(MaintenanceWindow).findBy({ status: 'active', emergency: true });
    expect(active).toHaveLength(1);
    const toggles = await dataSource.getRepository(MaintenanceAuditLog).find({ where: { action: 'toggled' }, order: { id: 'DESC' }, take: 2 });
    // The later toggle ended the earlier one: its state before is the earlier one's state after.
    expect(JSON.parse(toggles[0].stateBefore!).mode).toBe(JSON.parse(toggles[1].stateAfter!).mode);
    expect(JSON.parse(toggles[0].stateAfter!).mode).toBe(active[0].mode);
    await a.maintenance.refresh();
    await b.maintenance.refresh();
    expect(a.maintenance.getState().mode).toBe(active[0].mode);
    expect(b.maintenance.getState().mode).toBe(active[0].mode);
    await a.maintenance.disable({ reason: 'reset', actor: 'tester' });
  });
});

/** On SQLite the second app must open the first one's file, not a new one. */
function sameFile(first: TestApp): Record<string, unknown> {
  if (testDatabaseKind() !== 'sqlite') return {};
  return { database: first.app.get<DataSource>(getDataSourceToken()).options.database };
}
