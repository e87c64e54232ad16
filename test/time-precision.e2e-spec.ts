import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MaintenanceWindow } from '../lib';
import { computeSnapshot } from '../lib/state/maintenance-snapshot';
import { createTestApp, TestApp } from './utils/create-test-app';
import { testDatabaseKind } from './utils/test-database';

describe(`times on ${testDatabaseKind()}`, () => {
  let t: TestApp;
  let dataSource: DataSource;
  beforeAll(async () => {
    t = await createTestApp({ adapter: 'express', database: 'time-precision', maintenance: { approvals: { required: 0 } } });
    dataSource = t.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(() => t.app.close());

  it('stores instants in UTC to the millisecond and switches a window at the same instant, in SQL and in memory', async () => {
    const startsAt = new Date('2030-06-30T23:59:59.123Z');
    const endsAt = new Date('2030-07-01T00:00:00.001Z');
    const { id } = await t.maintenance.requestWindow({ mode: 'full', reason: 'precision', startsAt, endsAt }, { actor: 'alice' });
    const stored = await dataSource.getRepository(MaintenanceWindow).findOneByOrFail({ id });
    expect(stored.startsAt.toISOString()).toBe('2030-06-30T23:59:59.123Z');
    expect(stored.endsAt!.toISOString()).toBe('2030-07-01T00:00:00.001Z');

    // The database compares as the guard does: the start is inclusive, the end exclusive, to the ms.
    const inForceAt = async (instant: number) =>
      dataSource
        .getRepository(MaintenanceWindow)
        .createQueryBuilder('w')
        .where('w.id = :id AND w.startsAt <= :instant AND w.endsAt > :instant', { id, instant })
        .getCount();
    expect(await inForceAt(startsAt.getTime() - 1)).toBe(0);
    expect(await inForceAt(startsAt.getTime())).toBe(1);
    expect(await inForceAt(endsAt.getTime() - 1)).toBe(1);
    expect(await inForceAt(endsAt.getTime())).toBe(0);

    const modeAt = (instant: number) => computeSnapshot([stored], instant, 0).mode;
    expect(modeAt(startsAt.getTime() - 1)).toBe('off');
    expect(modeAt(startsAt.getTime())).toBe('full');
    expect(modeAt(endsAt.getTime() - 1)).toBe('full');
    expect(modeAt(endsAt.getTime())).toBe('off');
  });
});
