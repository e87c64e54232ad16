import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { optionError } from '../maintenance.messages';
import { reconnectDelay, SyncChannel } from './sync-channel.interface';

/**
 * PostgreSQL LISTEN/NOTIFY. Listening needs a connection of its own for as long as the app runs, so it
 * opens one with the pool's settings instead of holding a pool slot; publishing uses the pool.
 */
export class PostgresSyncChannel implements SyncChannel {
  private client: {
    query: (sql: string) => Promise<unknown>;
    end: () => Promise<void>;
    on: (e: string, cb: (...args: any[]) => void) => void;
    removeAllListeners: () => void;
  } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private stopped = false;
  connected = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly channel: string,
    private readonly onMessage: (origin: string) => void,
    private readonly onConnected: () => void,
    private readonly logger: Logger,
  ) {
    if (dataSource.options.type !== 'postgres') {
      // Known only once the data source exists, so checked here rather than in the options resolver.
      throw optionError('sync.type', `"postgres" needs a postgres DataSource, not ${dataSource.options.type}`);
    }
    // Checked at forRoot too; again here because LISTEN takes the name as an identifier, not a parameter.
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw optionError('sync.channel', `"${channel}" must be a lower-case identifier`);
  }

  async start(): Promise<void> {
    await this.connect();
  }

  async publish(origin: string): Promise<void> {
    await this.dataSource.query('SELECT pg_notify($1, $2)', [this.channel, origin]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.close();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      const driver = this.dataSource.driver as unknown as { postgres: { Client: new (options: unknown) => any }; master?: { options: unknown } };
      if (!driver.master) throw new Error('the DataSource is not initialised');
      const client = new driver.postgres.Client(driver.master.options);
      client.on('error', (error: Error) => this.lost(error));
      client.on('end', () => this.lost(new Error('connection ended')));
      client.on('notification', (message: { channel: string; payload?: string }) => {
        if (message.channel === this.channel) this.onMessage(message.payload ?? '');
      });
      this.client = client;
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
      if (this.stopped) return this.close();
      this.connected = true;
      if (this.attempt > 0) this.logger.log('Maintenance sync channel (PostgreSQL) reconnected.');
      this.attempt = 0;
      this.onConnected();
    } catch (error) {
      this.lost(error as Error);
    }
  }

  private lost(error: Error): void {
    const wasConnected = this.connected;
    this.connected = false;
    if (this.stopped || this.timer) return;
    if (wasConnected || this.attempt === 0) {
      this.logger.warn(`Maintenance sync channel (PostgreSQL) lost, polling meanwhile: ${error.message}`);
    }
    void this.close();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, reconnectDelay(this.attempt++));
    this.timer.unref();
  }

  private async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.connected = false;
    if (!client) return;
    client.removeAllListeners();
    client.on('error', () => undefined);
    await client.end().catch(() => undefined);
  }
}
