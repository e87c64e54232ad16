import { Logger } from '@nestjs/common';
import { resolveMaintenanceOptions } from '../options/maintenance-options.resolver';
import { MaintenanceStateService } from './maintenance-state.service';
import { InMemoryMaintenanceRepository } from '../persistence/in-memory/in-memory-maintenance.repository';
import { windowRow } from '../persistence/maintenance-repository.contract';

/** A store whose reads fail while `down` is set. */
function storeStub() {
  const stub = {
    down: false,
    reads: 0,
    stateVersion: async () => 7,
    candidateWindows: async () => {
      stub.reads++;
      if (stub.down) throw new Error('connect ECONNREFUSED');
      return [];
    },
    reportMissingSchema: async () => undefined,
    noteSchemaReadable: () => undefined,
  };
  return stub;
}

describe('MaintenanceStateService', () => {
  afterEach(() => jest.restoreAllMocks());

  it('logs a database failure once when it starts and once when it ends, not on every reload', async () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const store = storeStub();
    const state = new MaintenanceStateService(store as never, resolveMaintenanceOptions({ failMode: 'closed' }));
    expect(state.getState().mode).toBe('full'); // fail closed until the state is known

    store.down = true;
    for (let i = 0; i < 5; i++) await state.refresh();
    expect(error).toHaveBeenCalledTimes(1);
    expect(state.isLoaded).toBe(false);
    expect(state.getState().mode).toBe('full');

    store.down = false;
    await state.refresh();
    await state.refresh();
    expect(log).toHaveBeenCalledTimes(1);
    expect(state.getState().mode).toBe('off');
    state.onApplicationShutdown();
  });

  it('runs at most one reload at a time, and a reload asked for during one runs after it', async () => {
    const store = storeStub();
    const state = new MaintenanceStateService(store as never, resolveMaintenanceOptions());
    await Promise.all([state.refresh(), state.refresh(), state.refresh(), state.refresh()]);
    expect(store.reads).toBe(2);
    state.onApplicationShutdown();
  });

  it('knows the state version it read, and tells mode listeners of each change of mode', async () => {
    const store = new InMemoryMaintenanceRepository();
    const state = new MaintenanceStateService(store, resolveMaintenanceOptions());
    const changes: string[] = [];
    state.onModeChange((current, previous) => changes.push(`${previous.mode}->${current.mode}`));
    expect(state.version).toBe(-1);
    await state.refresh();
    expect(state.version).toBe(0);
    await store.runExclusive(async (unit) => {
      await unit.insertWindow(windowRow({ status: 'active', startsAt: new Date(Date.now() - 1000) }));
    });
    await state.refresh();
    await state.refresh();
    expect(state.version).toBe(1);
    expect(changes).toEqual(['off->full']);
    state.onApplicationShutdown();
  });
});
