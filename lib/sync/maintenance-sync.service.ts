import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { MAINTENANCE_DATA_SOURCE, MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';
import { MaintenanceStateService } from '../state/maintenance-state.service';
import { DataSource } from 'typeorm';
import { PostgresSyncChannel } from './postgres-sync.channel';
import { RedisSyncChannel } from './redis-sync.channel';
import { SyncChannel } from './sync-channel.interface';

/**
 * Tells the other instances (and hears from them) that the state changed, over the configured push
 * channel. Polling keeps running underneath, so a dropped channel only makes changes arrive later; on
 * every (re)connection the state is reloaded, to catch up on what was missed.
 */
@Injectable()
export class MaintenanceSyncService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MaintenanceModule');
  private readonly instanceId = randomUUID();
  private channel: SyncChannel | null = null;

  constructor(
    // The Postgres channel LISTENs on a connection of the module's data source (its driver, not its entities).
    @Inject(MAINTENANCE_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly state: MaintenanceStateService,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const sync = this.options.sync;
    if (!sync) return;
    const onMessage = (message: string) => {
      // `<origin> <sent at, ms>`; older versions (and other tools) send the origin alone.
      const [origin, sent] = message.split(' ');
      if (origin === this.instanceId) return;
      const sentAt = Number(sent);
      void this.state.refresh().then(
        () => {
          if (this.options.metrics !== null && Number.isFinite(sentAt)) this.options.metrics.counters.propagated(Date.now() - sentAt);
        },
        () => undefined,
      );
    };
    const onConnected = () => void this.state.refresh();
    this.channel =
      sync.type === 'postgres'
        ? new PostgresSyncChannel(this.dataSource, sync.channel, onMessage, onConnected, this.logger)
        : new RedisSyncChannel(sync.url, sync.channel, onMessage, onConnected, this.logger);
    await this.channel.start();
  }

  /** Announces a committed change. Never throws: the others still catch up by polling. */
  async publish(): Promise<void> {
    if (!this.channel) return;
    try {
      await this.channel.publish(`${this.instanceId} ${Date.now()}`);
    } catch (error) {
      this.logger.warn(`Could not announce a maintenance change: ${(error as Error).message}`);
    }
  }

  /** Whether the push channel is connected (for health checks and tests). */
  get connected(): boolean {
    return this.channel?.connected ?? false;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel?.stop();
    this.channel = null;
  }
}
