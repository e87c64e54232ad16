import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { MaintenanceAuditLog } from '../lib';
import { auditHash } from '../lib/audit/audit-hash';
import { ADAPTERS, createTestApp, TEST_ADMIN, TestApp } from './utils/create-test-app';
import { testDatabaseKind } from './utils/test-database';

const admin = { 'x-user': 'auditor', 'x-role': 'admin' };

describe.each(ADAPTERS)(`tamper-evident audit log on ${testDatabaseKind()} (%s)`, (adapter) => {
  let t: TestApp;
  let dataSource: DataSource;
  const table = () => dataSource.getMetadata(MaintenanceAuditLog).tablePath;
  const q = (name: string) => dataSource.driver.escape(name);
  const verify = async () => (await request(t.server()).get('/maintenance/audit/verify').set(admin).expect(200)).body;

  beforeEach(async () => {
    t = await createTestApp({
      adapter,
      database: `audit-chain-${adapter}`,
      maintenance: { admin: TEST_ADMIN, audit: { key: 'an-hmac-key-the-dba-does-not-know' } },
    });
    dataSource = t.app.get<DataSource>(getDataSourceToken());
    for (const mode of ['full', 'read-only', 'full'] as const) await t.maintenance.enable({ mode, reason: `step ${mode}`, actor: 'ops' });
    await t.maintenance.disable({ reason: 'done', actor: 'ops' });
  });
  afterEach(() => t.app.close());

  it('reports an intact chain', async () => {
    expect(await verify()).toEqual({ intact: true, checked: 4, firstBrokenId: null, problem: null });
  });

  it('finds a row edited directly in SQL', async () => {
    const [, second] = await dataSource.getRepository(MaintenanceAuditLog).find({ order: { id: 'ASC' } });
    await dataSource.query(`UPDATE ${table()} SET ${q('reason')} = 'nothing happened' WHERE ${q('id')} = ${second.id}`);
    expect(await verify()).toMatchObject({ intact: false, firstBrokenId: second.id, problem: expect.stringMatching(/hash/) });
  });

  it('finds a rebuilt hash: without the HMAC key an attacker cannot forge it', async () => {
    const entries = await dataSource.getRepository(MaintenanceAuditLog).find({ order: { id: 'ASC' } });
    const forged = { ...entries[2], actor: 'someone-else' };
    const plainHash = auditHash(forged); // SHA-256 without the key
    await dataSource.query(`UPDATE ${table()} SET ${q('actor')} = 'someone-else', ${q('hash')} = '${plainHash}' WHERE ${q('id')} = ${forged.id}`);
    expect(await verify()).toMatchObject({ intact: false, firstBrokenId: forged.id });
  });

  it('finds a deleted row at the entry after it', async () => {
    const entries = await dataSource.getRepository(MaintenanceAuditLog).find({ order: { id: 'ASC' } });
    await dataSource.query(`DELETE FROM ${table()} WHERE ${q('id')} = ${entries[1].id}`);
    expect(await verify()).toMatchObject({ intact: false, firstBrokenId: entries[2].id, problem: expect.stringMatching(/prevHash/) });
  });
});
