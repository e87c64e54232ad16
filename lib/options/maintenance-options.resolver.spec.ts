import { MaintenanceModuleOptions } from '../interfaces/maintenance-module-options.interface';
import { MaintenanceOptionsError } from '../maintenance.messages';
import { resolveMaintenanceOptions } from './maintenance-options.resolver';

function problemOf(options: unknown): MaintenanceOptionsError {
  try {
    resolveMaintenanceOptions(options as MaintenanceModuleOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(MaintenanceOptionsError);
    return error as MaintenanceOptionsError;
  }
  throw new Error('resolved without a problem');
}

describe('resolveMaintenanceOptions: every option resolved and checked at forRoot', () => {
  it('fills in sync, audit and coverAllRoutes defaults', () => {
    const resolved = resolveMaintenanceOptions();
    expect(resolved).toMatchObject({ sync: null, auditKey: undefined, coverAllRoutes: false });
    expect(resolveMaintenanceOptions({ sync: { type: 'postgres' } }).sync).toEqual({ type: 'postgres', channel: 'nestjs_maintenance' });
    expect(resolveMaintenanceOptions({ sync: { type: 'redis' } }).sync).toEqual({
      type: 'redis',
      url: 'redis://127.0.0.1:6379',
      channel: 'nestjs_maintenance',
    });
    expect(resolveMaintenanceOptions({ sync: { type: 'redis', channel: 'app:maintenance' } }).sync).toMatchObject({ channel: 'app:maintenance' });
    expect(resolveMaintenanceOptions({ audit: { key: 'k' }, coverAllRoutes: true })).toMatchObject({ auditKey: 'k', coverAllRoutes: true });
    expect(resolved.guardDatabase).toBe(false);
    expect(resolveMaintenanceOptions({ readOnly: { guardDatabase: true } }).guardDatabase).toBe(true);
    expect(resolved.jobs).toEqual({ pauseScheduled: null, bullmq: null, drainTimeoutMs: 30_000 });
    expect(resolved.fleet).toMatchObject({ heartbeatIntervalMs: 5000, instanceName: expect.stringMatching(/:\d+$/) });
    expect(resolveMaintenanceOptions({ fleet: false }).fleet).toBeNull();
    const jobs = resolveMaintenanceOptions({ jobs: { pauseScheduled: true, bullmq: { queues: ['payments'] } } }).jobs;
    expect(jobs).toEqual({ pauseScheduled: ['full'], bullmq: { queues: new Set(['payments']), modes: ['full', 'read-only'] }, drainTimeoutMs: 30_000 });
    expect(resolveMaintenanceOptions({ jobs: { bullmq: { queues: true, modes: ['full'] } } }).jobs.bullmq).toEqual({ queues: 'all', modes: ['full'] });
    // As before: a falsy sync is no channel, an empty key is no key.
    expect(resolveMaintenanceOptions({ sync: false as never, audit: { key: '' } })).toMatchObject({ sync: null, auditKey: undefined });
  });

  it.each([
    [{ sync: { type: 'kafka' } }, 'sync.type', /"postgres" or "redis"/],
    [{ sync: { type: 'postgres', channel: 'Bad-Name' } }, 'sync.channel', /lower-case identifier/],
    [{ sync: { type: 'redis', channel: '' } }, 'sync.channel', /non-empty/],
    [{ sync: { type: 'redis', url: '' } }, 'sync.url', /non-empty/],
    [{ audit: { key: 42 } }, 'audit.key', /must be a string/],
    [{ coverAllRoutes: 'yes' }, 'coverAllRoutes', /true or false/],
    [{ refreshPage: 1 }, 'refreshPage', /true or false/],
    [{ readOnly: { guardDatabase: 'yes' } }, 'readOnly.guardDatabase', /true or false/],
    [{ jobs: { pauseScheduled: ['maintenance'] } }, 'jobs.pauseScheduled', /list of modes/],
    [{ jobs: { pauseScheduled: [] } }, 'jobs.pauseScheduled', /non-empty/],
    [{ jobs: { bullmq: { queues: 'payments' } } }, 'jobs.bullmq.queues', /list of queue names/],
    [{ jobs: { bullmq: { queues: ['payments'], modes: ['off'] } } }, 'jobs.bullmq.modes', /list of modes/],
    [{ jobs: { drainTimeoutMs: -1 } }, 'jobs.drainTimeoutMs', /whole number/],
    [{ fleet: { heartbeatIntervalMs: 10 } }, 'fleet.heartbeatIntervalMs', /from 100/],
    [{ fleet: { instanceName: '' } }, 'fleet.instanceName', /1 to 200/],
  ])('refuses %j, naming %s', (options, option, problem) => {
    const error = problemOf(options);
    expect(error.option).toBe(option);
    expect(error.message).toMatch(new RegExp(`invalid option ${option.replace('.', '\\.')}: `));
    expect(error.problem).toMatch(problem);
  });
});
