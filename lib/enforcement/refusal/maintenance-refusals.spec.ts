import { resolveMaintenanceOptions } from '../../options/maintenance-options.resolver';
import { computeSnapshot } from '../../state/maintenance-snapshot';
import { MaintenanceRefusals } from './maintenance-refusals';
import { MaintenanceException } from './maintenance.exception';

const full = computeSnapshot([{ id: 'w', mode: 'full', message: 'Back soon', startsAt: new Date(0), endsAt: null, status: 'active' }], Date.now(), 0);

describe('MaintenanceRefusals: the shared errors of refused requests', () => {
  const refusals = new MaintenanceRefusals(() => ({}) as never, resolveMaintenanceOptions());

  it('shares one exception per snapshot, mode and second', () => {
    const first = refusals.exceptionFor(full, 'full');
    expect(first).toBeInstanceOf(MaintenanceException);
    expect(first.body).toMatchObject({ statusCode: 503, message: 'Back soon', mode: 'full' });
    expect(refusals.exceptionFor(full, 'full')).toBe(first);
    expect(refusals.exceptionFor(full, 'read-only')).not.toBe(first);
  });

  it('captures no stack frames (it would name whichever request came first) and leaves the stack limit as it was', () => {
    const limit = Error.stackTraceLimit;
    const exception = refusals.exceptionFor(computeSnapshot([], Date.now(), 0), 'read-only');
    expect(exception.stack?.split('\n').filter((line) => line.trim().startsWith('at '))).toEqual([]);
    expect(Error.stackTraceLimit).toBe(limit);
  });
});
