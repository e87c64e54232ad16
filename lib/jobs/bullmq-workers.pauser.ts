import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { MaintenanceMode } from '../interfaces/maintenance-mode.type';
import { MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';
import { MaintenanceStateService } from '../state/maintenance-state.service';
import { MaintenancePauseService } from './maintenance-pause.service';

/** Metadata key `@Processor()` of @nestjs/bullmq writes on a class (not imported: an optional peer). */
const PROCESSOR_METADATA = 'bullmq:processor_metadata';

/** The parts of a BullMQ `Worker` the pauser uses. */
interface WorkerLike {
  pause(doNotWaitActive?: boolean): Promise<void>;
  resume(): void;
  isPaused(): boolean;
  on(event: 'active' | 'completed' | 'failed', listener: (job: { id?: string } | undefined) => void): unknown;
}

interface PausableWorker {
  queue: string;
  worker: WorkerLike;
  /** Ids of the jobs this worker is processing now. */
  active: Set<string>;
  pausing: Promise<void> | null;
}

/**
 * Pauses the chosen `@nestjs/bullmq` workers of this instance while a mode is in force and resumes them when it ends.
 * `Worker.pause()` stops this worker from taking new jobs (they wait in Redis, for this or any other instance once
 * it resumes: none is lost or run twice) and resolves when the jobs it is processing have finished; that wait is part
 * of the instance's drain, and jobs still running after `jobs.drainTimeoutMs` are named in a warning.
 */
@Injectable()
export class BullmqWorkersPauser implements OnApplicationBootstrap {
  private readonly logger = new Logger('MaintenanceModule');
  private workers: PausableWorker[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly state: MaintenanceStateService,
    private readonly pause: MaintenancePauseService,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
  ) {}

  onApplicationBootstrap(): void {
    const chosen = this.options.jobs.bullmq;
    if (!chosen) return;
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as { worker?: WorkerLike; constructor: object } | null | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const metadata = Reflect.getMetadata(PROCESSOR_METADATA, instance.constructor) as { name?: string } | undefined;
      if (!metadata?.name || (chosen.queues !== 'all' && !chosen.queues.has(metadata.name))) continue;
      let worker: WorkerLike | undefined;
      try {
        worker = instance.worker; // WorkerHost's getter throws until @nestjs/bullmq has created the worker
      } catch {
        worker = undefined;
      }
      if (!worker) continue;
      const entry: PausableWorker = { queue: metadata.name, worker, active: new Set(), pausing: null };
      worker.on('active', (job) => job?.id !== undefined && entry.active.add(job.id));
      const done = (job: { id?: string } | undefined) => job?.id !== undefined && entry.active.delete(job.id);
      worker.on('completed', done);
      worker.on('failed', done);
      this.workers.push(entry);
    }
    this.state.onModeChange((current) => this.apply(current.mode, chosen.modes));
    this.apply(this.state.snapshot.mode, chosen.modes);
  }

  private apply(mode: MaintenanceMode | 'off', modes: readonly MaintenanceMode[]): void {
    const paused = mode !== 'off' && modes.includes(mode);
    for (const entry of this.workers) {
      if (paused && !entry.pausing) this.pauseWorker(entry, modes);
      if (!paused && entry.pausing) {
        entry.pausing = null;
        entry.worker.resume();
        this.logger.log(`BullMQ queue "${entry.queue}": worker resumed after maintenance.`);
      }
    }
  }

  private pauseWorker(entry: PausableWorker, modes: readonly MaintenanceMode[]): void {
    const running = [...entry.active];
    const label = `bullmq ${entry.queue}${running.length > 0 ? ` (job ${running.join(', ')})` : ''}`;
    const started = Date.now();
    const pausing = entry.worker.pause().then(
      () => {
        const took = Date.now() - started;
        const finished = running.length > 0 ? `; job ${running.join(', ')} finished first (${took} ms)` : '';
        this.logger.log(`BullMQ queue "${entry.queue}": worker paused for maintenance${finished}.`);
      },
      (error: unknown) => this.logger.error(`BullMQ queue "${entry.queue}": could not pause the worker: ${(error as Error).message}`),
    );
    entry.pausing = pausing;
    void this.pause.trackPromise(label, modes, pausing);
  }
}
