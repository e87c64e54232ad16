import { Logger } from '@nestjs/common';
import { resolveMaintenanceOptions } from '../options/maintenance-options.resolver';
import { MaintenanceStateService } from './maintenance-state.service';

/** A store whose reads fail while `down` is set. */
function storeStub() {
  const stub = {
    down: false,
    reads: 0,
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
});
