import http from 'node:http';
import { Body, Controller, Get, Module, Param, ParseIntPipe, Post } from '@nestjs/common';
import { getRepositoryToken, InjectDataSource, InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import request from 'supertest';
import { Column, DataSource, Entity, PrimaryColumn, Repository } from 'typeorm';
import { allowWrites, BypassMaintenance, MaintenanceModuleOptions, MaintenanceWriteRefusedException } from '../lib';
import { AdapterName, createTestApp, ENFORCEMENTS, TEST_ADMIN, TestApp } from './utils/create-test-app';

const SECRET = 'bypass-secret-for-database-writes';

/** An app's own table, the one its handlers write. */
@Entity('dbguard_notes')
class Note {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 100 })
  text: string;

  @Column({ type: 'int', default: 0 })
  visits: number;
}

/** GET handlers that write, each in one of the ways TypeORM offers. */
@Controller('notes')
class NotesController {
  constructor(
    @InjectRepository(Note) private readonly notes: Repository<Note>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  list() {
    return this.notes.find({ order: { id: 'ASC' } });
  }

  /** "Last seen": a read that saves an entity. */
  @Get(':id/touch')
  async touch(@Param('id', ParseIntPipe) id: number) {
    const note = await this.notes.findOneByOrFail({ id });
    note.visits++;
    return this.notes.save(note);
  }

  @Get(':id/touch-bypassed')
  @BypassMaintenance()
  touchBypassed(@Param('id', ParseIntPipe) id: number) {
    return this.touch(id);
  }

  /** A write request with a body: its handler runs after the body was read. */
  @Post(':id/rename')
  async rename(@Param('id', ParseIntPipe) id: number, @Body() body: { text: string }) {
    await this.notes.update(id, { text: body.text });
    return { ok: true };
  }

  @Get(':id/touch-allowed')
  touchAllowed(@Param('id', ParseIntPipe) id: number) {
    return allowWrites(() => this.touch(id));
  }

  @Get('write/qb-insert')
  async qbInsert() {
    await this.dataSource.createQueryBuilder().insert().into(Note).values({ id: 99, text: 'inserted' }).execute();
    return { ok: true };
  }

  @Get('write/qb-update')
  async qbUpdate() {
    await this.dataSource.createQueryBuilder().update(Note).set({ text: 'updated' }).where('id = :id', { id: 1 }).execute();
    return { ok: true };
  }

  @Get('write/qb-delete')
  async qbDelete() {
    await this.notes.createQueryBuilder().delete().where('id = :id', { id: 1 }).execute();
    return { ok: true };
  }

  /** A transaction whose first write is allowed and second is not: the first must be rolled back. */
  @Get('write/transaction')
  async transaction() {
    await this.dataSource.transaction(async (manager) => {
      await allowWrites(() => manager.insert(Note, { id: 98, text: 'in the transaction' }));
      await manager.update(Note, { id: 1 }, { text: 'in the transaction' });
    });
    return { ok: true };
  }

  @Get('write/raw')
  async raw() {
    await this.dataSource.query(`UPDATE ${this.dataSource.getMetadata(Note).tablePath} SET visits = visits + 100 WHERE id = 1`);
    return { ok: true };
  }
}

@Module({ imports: [TypeOrmModule.forFeature([Note])], controllers: [NotesController] })
class NotesModule {}

const OPTIONS: MaintenanceModuleOptions = {
  refreshIntervalMs: 60_000,
  approvals: { required: 0 },
  admin: TEST_ADMIN,
  readOnly: { guardDatabase: true },
  bypass: { secret: SECRET, when: async (req) => req.headers['x-superuser'] === 'yes' },
};

async function notesApp(adapter: AdapterName, database: string, options: MaintenanceModuleOptions, guard: 'global' | 'fastify-hook' = 'global') {
  const t = await createTestApp({ adapter, database, maintenance: { ...options, guard }, imports: [NotesModule] });
  const notes = t.app.get<Repository<Note>>(getRepositoryToken(Note), { strict: false });
  return { t, notes };
}

/** The first note, as the tests start it. */
const FIRST = { id: 1, text: 'first', visits: 0 };

describe.each(ENFORCEMENTS)('readOnly.guardDatabase on %s, guard %s', (adapter, guard) => {
  let t: TestApp;
  let notes: Repository<Note>;
  const client = () => request(t.server());

  beforeAll(async () => {
    ({ t, notes } = await notesApp(adapter, `dbguard-${adapter}-${guard}`, OPTIONS, guard));
  });
  afterAll(() => t.app.close());
  beforeEach(async () => {
    await t.maintenance.disable({ reason: 'reset', actor: 'tester' });
    await notes.clear();
    await notes.insert(FIRST);
    await t.maintenance.enable({ mode: 'read-only', reason: 'test', actor: 'tester' });
  });

  it('refuses the write of a GET handler with the answer of a refused write request, and leaves the row as it was', async () => {
    const refusedWrite = await client().post('/items').send({}).expect(403);
    const res = await client().get('/notes/1/touch').expect(403);
    expect(res.body).toEqual(refusedWrite.body);
    expect(res.body).toMatchObject({ statusCode: 403, mode: 'read-only' });
    expect(res.headers['x-maintenance-mode']).toBe('read-only');
    expect(await notes.findOneByOrFail({ id: 1 })).toEqual(FIRST);
    // Reads still work.
    expect((await client().get('/notes').expect(200)).body).toEqual([FIRST]);
  });

  it('lets a @BypassMaintenance() route write', async () => {
    await client().get('/notes/1/touch-bypassed').expect(200);
    expect((await notes.findOneByOrFail({ id: 1 })).visits).toBe(1);
  });

  it('lets a request write that the secret header or an async bypass.when let through', async () => {
    await client().get('/notes/1/touch').set('x-maintenance-bypass', SECRET).expect(200);
    await client().get('/notes/1/touch').set('x-superuser', 'yes').expect(200);
    await client().get('/notes/1/touch').set('x-superuser', 'no').expect(403);
    expect((await notes.findOneByOrFail({ id: 1 })).visits).toBe(2);
  });

  it('lets a write request with a body write when a bypass let it through', async () => {
    await client().post('/notes/1/rename').send({ text: 'renamed' }).expect(403);
    await client().post('/notes/1/rename').set('x-maintenance-bypass', SECRET).send({ text: 'renamed' }).expect(201);
    await client().post('/notes/1/rename').set('x-superuser', 'yes').send({ text: 'renamed again' }).expect(201);
    expect((await notes.findOneByOrFail({ id: 1 })).text).toBe('renamed again');
  });

  it('lets writes in allowWrites(fn) through', async () => {
    await client().get('/notes/1/touch-allowed').expect(200);
    expect((await notes.findOneByOrFail({ id: 1 })).visits).toBe(1);
  });

  it('gives a bypass to its own request only, not to the next one on the same connection', async () => {
    const server = t.app.getHttpServer() as http.Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    const get = (path: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve, reject) => {
        const call = http.get({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
          sockets.add(res.socket);
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        call.on('error', reject);
      });
    try {
      expect(await get('/notes/1/touch', { 'x-maintenance-bypass': SECRET })).toBe(200);
      expect(await get('/notes/1/touch')).toBe(403);
      expect(await get('/notes/1/touch-bypassed')).toBe(200);
      expect(await get('/notes/1/touch')).toBe(403);
      expect(sockets.size).toBe(1);
    } finally {
      agent.destroy();
    }
    expect((await notes.findOneByOrFail({ id: 1 })).visits).toBe(2);
  });
});

describe('readOnly.guardDatabase on the database', () => {
  let t: TestApp;
  let notes: Repository<Note>;
  const client = () => request(t.server());

  beforeAll(async () => {
    ({ t, notes } = await notesApp('express', 'dbguard-db', OPTIONS));
  });
  afterAll(() => t.app.close());
  beforeEach(async () => {
    await t.maintenance.disable({ reason: 'reset', actor: 'tester' });
    await notes.clear();
    await notes.insert(FIRST);
  });

  const readOnly = () => t.maintenance.enable({ mode: 'read-only', reason: 'test', actor: 'tester' });

  it.each(['qb-insert', 'qb-update', 'qb-delete', 'transaction', 'raw'])('refuses the %s write of a GET handler', async (how) => {
    await readOnly();
    const res = await client().get(`/notes/write/${how}`).expect(403);
    expect(res.body).toMatchObject({ statusCode: 403, error: 'Read-Only Mode', mode: 'read-only' });
    // Nothing written, and the allowed insert of the transaction rolled back with it.
    expect(await notes.find()).toEqual([FIRST]);
  });

  it('refuses writes outside any request (a job, a WebSocket handler) with an error to catch, and a stack trace to follow', async () => {
    await readOnly();
    const error: unknown = await notes.update(1, { text: 'from a job' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MaintenanceWriteRefusedException);
    const refused = error as MaintenanceWriteRefusedException;
    expect(refused.message).toMatch(/refused at the database.*read-only mode/);
    expect(refused.body).toMatchObject({ statusCode: 403, mode: 'read-only' });
    expect(refused.statement).toMatch(/^UPDATE/);
    expect(refused.stack).toContain('database-write-guard.e2e-spec');
    await expect(notes.insert({ id: 2, text: 'job' })).rejects.toBeInstanceOf(MaintenanceWriteRefusedException);
    await expect(allowWrites(() => notes.insert({ id: 2, text: 'job, allowed' }))).resolves.toBeDefined();
    expect(await notes.count()).toBe(2);
  });

  it("keeps the module's own writes working: the toggle, windows and the audit log", async () => {
    await readOnly();
    const as = { 'x-user': 'dave', 'x-role': 'admin' };
    await client().post('/maintenance/toggle').set(as).send({ mode: 'full', reason: 'worse' }).expect(200);
    expect(t.maintenance.getState().mode).toBe('full');
    const window = await t.maintenance.requestWindow(
      { mode: 'read-only', reason: 'later', startsAt: new Date(Date.now() + 3_600_000), endsAt: new Date(Date.now() + 7_200_000) },
      { actor: 'alice' },
    );
    await t.maintenance.cancel(window.id, { reason: 'not needed' }, { actor: 'alice' });
    await client().post('/maintenance/toggle').set(as).send({ mode: 'read-only', reason: 'better' }).expect(200);
    expect(await t.maintenance.verifyAudit()).toMatchObject({ intact: true });
    expect((await t.maintenance.listAudit({ limit: 5 })).items.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['toggled', 'requested', 'cancelled']),
    );
  });

  it('refuses in full mode too, with the full-mode answer, while bypassed routes write', async () => {
    await t.maintenance.enable({ mode: 'full', reason: 'test', actor: 'tester' });
    const error: unknown = await notes.update(1, { text: 'from a job' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MaintenanceWriteRefusedException);
    expect((error as MaintenanceWriteRefusedException).body).toMatchObject({ statusCode: 503, mode: 'full' });
    expect((error as MaintenanceWriteRefusedException).message).toMatch(/full mode/);
    await client().get('/notes/1/touch-bypassed').expect(200);
    expect(await notes.findOneByOrFail({ id: 1 })).toEqual({ ...FIRST, visits: 1 });
  });

  it('lets everything write while no mode is in force', async () => {
    await client().get('/notes/1/touch').expect(200);
    for (const how of ['qb-insert', 'qb-update', 'transaction', 'raw']) await client().get(`/notes/write/${how}`).expect(200);
    await notes.update(1, { visits: 7 });
    expect(await notes.findOneByOrFail({ id: 1 })).toEqual({ id: 1, text: 'in the transaction', visits: 7 });
  });
});

describe('without readOnly.guardDatabase', () => {
  let t: TestApp;
  let notes: Repository<Note>;

  beforeAll(async () => {
    ({ t, notes } = await notesApp('express', 'dbguard-off', { ...OPTIONS, readOnly: {} }));
    await notes.insert(FIRST);
  });
  afterAll(() => t.app.close());

  it('refuses nothing at the database', async () => {
    await t.maintenance.enable({ mode: 'read-only', reason: 'test', actor: 'tester' });
    await request(t.server()).get('/notes/1/touch').expect(200);
    await request(t.server()).get('/notes/write/raw').expect(200);
    await notes.update(1, { text: 'from a job' });
    expect(await notes.findOneByOrFail({ id: 1 })).toEqual({ id: 1, text: 'from a job', visits: 101 });
  });
});
