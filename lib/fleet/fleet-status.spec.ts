import { randomUUID } from 'node:crypto';
import { MaintenanceInstance } from '../persistence/entities/maintenance-instance.entity';
import { InMemoryMaintenanceRepository } from '../persistence/in-memory/in-memory-maintenance.repository';
import { fleetStatusOf } from './fleet-status';
import { waitForFleet } from './wait-for-fleet';

const NOW = Date.UTC(2030, 0, 1, 12);

function instance(name: string, fields: Partial<MaintenanceInstance> = {}): MaintenanceInstance {
  return Object.assign(new MaintenanceInstance(), {
    id: randomUUID(),
    name,
    stateVersion: 5,
    mode: 'full',
    drained: true,
    draining: null,
    startedAt: new Date(NOW - 60_000),
    seenAt: new Date(NOW - 1000),
    expiresAt: new Date(NOW + 5000),
    ...fields,
  });
}

describe('fleetStatusOf', () => {
  it('counts live instances that enforce the target version and have drained as current, the other live ones as lagging', () => {
    const draining = JSON.stringify({ requests: 2, work: ['bullmq payments (job 7)'] });
    const status = fleetStatusOf(
      [
        instance('current'),
        instance('newer', { stateVersion: 6 }),
        instance('behind', { stateVersion: 4, mode: 'off' }),
        instance('draining', { drained: false, draining }),
        instance('dead', { stateVersion: 1, expiresAt: new Date(NOW - 1) }),
      ],
      5,
      NOW,
    );
    expect(status).toMatchObject({ stateVersion: 5, live: 4, current: 2, dead: 1 });
    expect(status.lagging.map((member) => member.name)).toEqual(['behind', 'draining']);
    expect(status.lagging[1].draining).toEqual({ requests: 2, work: ['bullmq payments (job 7)'] });
    expect(status.instances.map((member) => member.name)).toEqual(['current', 'newer', 'behind', 'draining', 'dead']);
    expect(status.instances[4]).toMatchObject({ live: false, current: false });
  });

  it('shows a drain report it cannot read as it is rather than failing', () => {
    const [member] = fleetStatusOf([instance('odd', { drained: false, draining: 'not json' })], 5, NOW).instances;
    expect(member.draining).toEqual({ requests: 0, work: ['not json'] });
  });
});

describe('waitForFleet', () => {
  it('returns at once when no live instance lags, and after the timeout with the lagging ones otherwise', async () => {
    const repository = new InMemoryMaintenanceRepository();
    const far = new Date(Date.now() + 60_000);
    await repository.saveInstance(instance('ok', { expiresAt: far }));
    await expect(waitForFleet(repository, 5, 1000)).resolves.toMatchObject({ complete: true, status: { live: 1 } });

    await repository.saveInstance(instance('slow', { stateVersion: 4, expiresAt: far }));
    const started = Date.now();
    const wait = await waitForFleet(repository, 5, 150, 20);
    expect(wait.complete).toBe(false);
    expect(wait.status.lagging.map((member) => member.name)).toEqual(['slow']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('stops waiting for an instance once its heartbeat expires', async () => {
    const repository = new InMemoryMaintenanceRepository();
    await repository.saveInstance(instance('dying', { stateVersion: 1, expiresAt: new Date(Date.now() + 100) }));
    const wait = await waitForFleet(repository, 5, 5000, 20);
    expect(wait).toMatchObject({ complete: true, status: { live: 0, dead: 1 } });
    expect(wait.waitedMs).toBeLessThan(2000);
  });
});
