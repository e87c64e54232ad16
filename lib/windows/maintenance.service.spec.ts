import { MaintenancePauseService } from '../jobs/maintenance-pause.service';
import { BadRequestException, ForbiddenException } from '@nestjs/common';
import { MaintenanceAuditService } from '../audit/maintenance-audit.service';
import { MaintenanceEvent } from '../interfaces/maintenance-event.interface';
import { MaintenanceModuleOptions } from '../interfaces/maintenance-module-options.interface';
import { resolveMaintenanceOptions } from '../options/maintenance-options.resolver';
import { InMemoryMaintenanceRepository } from '../persistence/in-memory/in-memory-maintenance.repository';
import { MaintenanceStateService } from '../state/maintenance-state.service';
import { MaintenanceSyncService } from '../sync/maintenance-sync.service';
import { MaintenanceScopeRegistry } from '../enforcement/maintenance-scope.registry';
import { MaintenanceCommands } from './maintenance-commands.service';
import { MaintenanceEventsService } from './maintenance-events.service';
import { MaintenanceQueries } from './maintenance-queries.service';
import { MaintenanceService } from './maintenance.service';
import { WindowTransitionsService } from './window-transitions.service';

const ALICE = { actor: 'alice', source: 'api' as const };
const BOB = { actor: 'bob', source: 'api' as const };

/** The whole workflow wired by hand on the in-memory store: no database, no Nest app. */
function workflow(options: MaintenanceModuleOptions = {}) {
  const resolved = resolveMaintenanceOptions(options);
  const repository = new InMemoryMaintenanceRepository();
  const state = new MaintenanceStateService(repository, resolved);
  const audit = new MaintenanceAuditService(repository, resolved);
  const events = new MaintenanceEventsService({ get: () => undefined } as never);
  const sync = { publish: jest.fn(async () => undefined) } as unknown as MaintenanceSyncService;
  const transitions = new WindowTransitionsService(repository, state, audit, events, resolved);
  transitions.onModuleInit();
  // The app's routes are not here: every scope but "nowhere" is known.
  const scopes = { accepts: (name: string) => name !== 'nowhere', names: () => ['checkout'] } as unknown as MaintenanceScopeRegistry;
  const commands = new MaintenanceCommands(repository, state, audit, events, sync, scopes, resolved);
  const pause = new MaintenancePauseService(state, resolved);
  const service = new MaintenanceService(state, events, commands, new MaintenanceQueries(repository, audit), pause, repository);
  const seen: MaintenanceEvent[] = [];
  service.events$.subscribe((event) => seen.push(event));
  return { service, repository, sync, seen, pause, state };
}

describe('MaintenanceService on the in-memory repository (the workflow without a database)', () => {
  it('requests a window, refuses its requester as approver, and approves it with someone else', async () => {
    const { service, seen } = workflow();
    const requested = await service.requestWindow({ mode: 'read-only', reason: 'Reindex', startsAt: new Date(Date.now() + 3_600_000) }, ALICE);
    expect(requested).toMatchObject({ status: 'pending', requestedBy: 'alice', approvals: [] });
    await expect(service.approve(requested.id, {}, ALICE)).rejects.toBeInstanceOf(ForbiddenException);
    const approved = await service.approve(requested.id, { comment: 'ok' }, BOB);
    expect(approved).toMatchObject({ status: 'approved', approvals: [{ approver: 'bob', decision: 'approve', comment: 'ok' }] });
    expect(seen.map((event) => event.type)).toEqual(['requested', 'approved']);
    const audit = await service.listAudit();
    expect(audit.items.map((entry) => entry.action)).toEqual(['approved', 'requested']);
    await expect(service.verifyAudit()).resolves.toMatchObject({ intact: true, checked: 2 });
  });

  it('switches at once with the emergency toggle, tells the other instances, and records it', async () => {
    const { service, sync } = workflow();
    await expect(service.enable({ mode: 'full', reason: 'Incident', actor: 'alice' })).resolves.toMatchObject({ mode: 'full' });
    expect(sync.publish).toHaveBeenCalledTimes(1);
    await expect(service.disable({ reason: 'Fixed', actor: 'bob' })).resolves.toMatchObject({ mode: 'off' });
    // Nothing in force: nothing to record, nothing to announce.
    await service.disable({ reason: 'Again', actor: 'bob' });
    expect(sync.publish).toHaveBeenCalledTimes(2);
    const audit = await service.listAudit();
    expect(audit.items.map((entry) => [entry.action, JSON.parse(entry.stateAfter!).mode])).toEqual([
      ['toggled', 'off'],
      ['toggled', 'full'],
    ]);
  });

  it('activates an approved window whose start has come, once however often the state reloads', async () => {
    const { service, seen } = workflow({ approvals: { required: 0 } });
    const window = await service.requestWindow({ mode: 'full', reason: 'Upgrade', startsAt: new Date(Date.now() + 50) }, ALICE);
    expect(window.status).toBe('approved');
    await new Promise((resolve) => setTimeout(resolve, 80));
    await Promise.all([service.refresh(), service.refresh(), service.refresh()]);
    expect(service.getState().mode).toBe('full');
    expect((await service.getWindow(window.id)).status).toBe('active');
    expect(seen.filter((event) => event.type === 'activated')).toHaveLength(1);
    expect((await service.listAudit({ action: 'activated' })).items).toHaveLength(1);
  });

  it('refuses bad input with a 400 naming the field and writes nothing', async () => {
    const { service } = workflow();
    await expect(service.requestWindow({ mode: 'full', reason: ' ' }, ALICE)).rejects.toThrow(BadRequestException);
    const window = await service.requestWindow({ mode: 'full', reason: 'Upgrade' }, ALICE);
    const rejected = service.reject(window.id, { comment: '' }, BOB);
    await expect(rejected).rejects.toMatchObject({ response: { message: ['comment should not be empty'] } });
    expect((await service.getWindow(window.id)).status).toBe('pending');
    expect((await service.listAudit()).items).toHaveLength(1);
  });

  it('pauses and resumes background work with the mode, runs hooks once per switch, and reports what still runs', async () => {
    const { service, pause, state } = workflow();
    const calls: string[] = [];
    service.onPause((current) => void calls.push(`pause ${current.mode}`));
    service.onResume(() => void calls.push('resume'));
    service.onPause(() => void calls.push('full only'), { modes: ['full'] });
    let release!: () => void;
    const slow = service.runUnlessPaused(() => new Promise<string>((resolve) => (release = () => resolve('done'))), { name: 'slow job' });
    expect(service.isPaused()).toBe(false);

    await service.enable({ mode: 'read-only', reason: 'Reindex', actor: 'alice' });
    expect(service.isPaused()).toBe(true);
    expect(service.isPaused(['full'])).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(['pause read-only']);
    expect(pause.stillRunning()).toEqual(['slow job']);
    await expect(service.runUnlessPaused(() => 'never', { name: 'skipped job' })).resolves.toEqual({ ran: false });
    await expect(service.runUnlessPaused(() => 'reads', { modes: ['full'] })).resolves.toEqual({ ran: true, value: 'reads' });
    release();
    await expect(slow).resolves.toEqual({ ran: true, value: 'done' });
    expect(pause.stillRunning()).toEqual([]);

    await service.enable({ mode: 'full', reason: 'Migrate', actor: 'alice' });
    await service.disable({ reason: 'Done', actor: 'alice' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(['pause read-only', 'full only', 'resume']);
    expect(state.version).toBe(3);
    state.onApplicationShutdown();
  });
});
