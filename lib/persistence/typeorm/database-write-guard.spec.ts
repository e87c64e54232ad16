import { Column, DataSource, Entity, PrimaryColumn, QueryRunner } from 'typeorm';
import { allowWrites, permitRequestWrites, runInRequestScope, writesAllowed } from '../write-permit';
import { installDatabaseWriteGuard } from './database-write-guard';

@Entity('notes')
class Note {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 50 })
  text: string;
}

class Refused extends Error {
  constructor(readonly statement: string) {
    super('refused');
  }
}

describe('installDatabaseWriteGuard', () => {
  let dataSource: DataSource;
  let inForce = false;
  const policy = { refusal: () => (inForce ? (statement: string) => new Refused(statement) : null) };
  const notes = () => dataSource.getRepository(Note);

  beforeEach(async () => {
    inForce = false;
    dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [Note], synchronize: true }).initialize();
    await notes().insert({ id: 1, text: 'first' });
  });
  afterEach(() => dataSource.destroy());

  it('refuses every way of writing while the policy refuses, and lets reads through', async () => {
    const guard = installDatabaseWriteGuard(dataSource, policy);
    inForce = true;
    const refusal = (statement: RegExp) => expect.objectContaining({ constructor: Refused, statement: expect.stringMatching(statement) });
    await expect(notes().save({ id: 1, text: 'changed' })).rejects.toEqual(refusal(/^UPDATE/));
    await expect(notes().insert({ id: 2, text: 'new' })).rejects.toEqual(refusal(/^INSERT/));
    await expect(dataSource.createQueryBuilder().update(Note).set({ text: 'x' }).execute()).rejects.toEqual(refusal(/^UPDATE/));
    await expect(dataSource.createQueryBuilder().delete().from(Note).execute()).rejects.toEqual(refusal(/^DELETE/));
    await expect(dataSource.query(`UPDATE notes SET text = 'raw'`)).rejects.toEqual(refusal(/^UPDATE/));
    await expect(
      dataSource.transaction(async (manager) => {
        await allowWrites(() => manager.insert(Note, { id: 3, text: 'allowed, then rolled back' }));
        await manager.update(Note, { id: 1 }, { text: 'refused' });
      }),
    ).rejects.toBeInstanceOf(Refused);
    expect(await notes().find({ order: { id: 'ASC' } })).toEqual([{ id: 1, text: 'first' }]);
    expect(await dataSource.query('SELECT count(*) AS n FROM notes')).toEqual([{ n: 1 }]);
    guard.uninstall();
  });

  it('lets writes through in allowWrites, in a request scope a bypass opened, and while the policy does not refuse', async () => {
    const guard = installDatabaseWriteGuard(dataSource, policy);
    inForce = true;
    await allowWrites(() => notes().save({ id: 1, text: 'allowed' }));
    const request = {};
    await runInRequestScope(request, async () => {
      await expect(notes().update(1, { text: 'read pass' })).rejects.toBeInstanceOf(Refused);
      permitRequestWrites({});
      expect(writesAllowed()).toBe(false);
      permitRequestWrites(request);
      await notes().update(1, { text: 'bypassed' });
    });
    expect(writesAllowed()).toBe(false);
    inForce = false;
    await notes().update(1, { text: 'off' });
    expect((await notes().findOneByOrFail({ id: 1 })).text).toBe('off');
    guard.uninstall();
  });

  it('runs statements as they came, and asks the policy once each, while it does not refuse', async () => {
    const runner = dataSource.createQueryRunner();
    const sent: unknown[][] = [];
    const original = runner.query.bind(runner);
    runner.query = ((...args: Parameters<QueryRunner['query']>) => {
      sent.push(args);
      return original(...args);
    }) as QueryRunner['query'];
    let asked = 0;
    const guard = installDatabaseWriteGuard(dataSource, { refusal: () => (asked++, null) });
    await dataSource.query('UPDATE notes SET text = ? WHERE id = ?', ['same', 1]);
    expect(sent).toEqual([['UPDATE notes SET text = ? WHERE id = ?', ['same', 1], undefined]]);
    expect(asked).toBe(1);
    guard.uninstall();
  });

  it('guards the one runner better-sqlite3 shares once, and puts everything back on uninstall', async () => {
    const driver = dataSource.driver as unknown as { createQueryRunner: unknown; queryRunner: QueryRunner };
    const factory = driver.createQueryRunner;
    const query = driver.queryRunner.query;
    const guard = installDatabaseWriteGuard(dataSource, policy);
    expect(dataSource.createQueryRunner()).toBe(driver.queryRunner);
    const guarded = driver.queryRunner.query;
    expect(guarded).not.toBe(query);
    dataSource.createQueryRunner();
    expect(driver.queryRunner.query).toBe(guarded);
    guard.uninstall();
    guard.uninstall();
    expect(driver.createQueryRunner).toBe(factory);
    expect(driver.queryRunner.query).toBe(query);
    inForce = true;
    await notes().update(1, { text: 'unguarded' });
  });

  it('does not see another DataSource, nor the driver connection used directly', async () => {
    const other = await new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [Note], synchronize: true }).initialize();
    const guard = installDatabaseWriteGuard(dataSource, policy);
    inForce = true;
    try {
      await other.getRepository(Note).insert({ id: 1, text: 'another DataSource' });
      const connection = (dataSource.driver as unknown as { databaseConnection: { prepare(sql: string): { run(): unknown } } }).databaseConnection;
      connection.prepare(`UPDATE notes SET text = 'the driver itself'`).run();
      expect(await other.getRepository(Note).count()).toBe(1);
      expect((await notes().findOneByOrFail({ id: 1 })).text).toBe('the driver itself');
    } finally {
      guard.uninstall();
      await other.destroy();
    }
  });

  it('guards each runner of a driver that makes one per call (PostgreSQL, MySQL), and lets old ones pass after uninstall', async () => {
    const ran: string[] = [];
    const driver = { createQueryRunner: () => ({ query: async (sql: string) => void ran.push(sql) }) };
    const pooled = { driver } as unknown as DataSource;
    const guard = installDatabaseWriteGuard(pooled, policy);
    const first = driver.createQueryRunner();
    const second = driver.createQueryRunner();
    inForce = true;
    await expect(first.query('DELETE FROM notes')).rejects.toBeInstanceOf(Refused);
    await second.query('SELECT 1');
    guard.uninstall();
    await first.query('DELETE FROM notes');
    expect(ran).toEqual(['SELECT 1', 'DELETE FROM notes']);
  });
});
