import { Logger } from '@nestjs/common';
import { SyncChannel } from './sync-channel.interface';
import { optionError } from '../maintenance.messages';

type RedisClient = {
  status: string;
  on: (event: string, listener: (...args: any[]) => void) => void;
  once: (event: string, listener: (...args: any[]) => void) => void;
  subscribe: (channel: string) => Promise<unknown>;
  publish: (channel: string, message: string) => Promise<unknown>;
  quit: () => Promise<unknown>;
  disconnect: () => void;
};

/** How long a publish waits for a connection that is still being made. */
const PUBLISH_WAIT_MS = 2000;

function readyOrTimeout(client: RedisClient, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Redis pub/sub through ioredis (an optional peer, loaded only when configured). ioredis reconnects by
 * itself and re-subscribes; each `ready` reloads the state to catch up on missed messages.
 */
export class RedisSyncChannel implements SyncChannel {
  private subscriber: RedisClient | null = null;
  private publisher: RedisClient | null = null;
  private wasReady = false;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly onMessage: (origin: string) => void,
    private readonly onConnected: () => void,
    private readonly logger: Logger,
  ) {}

  get connected(): boolean {
    return this.subscriber?.status === 'ready';
  }

  // async: a missing ioredis must reject, as the Postgres channel's failures do.
  // eslint-disable-next-line @typescript-eslint/require-await
  async start(): Promise<void> {
    let Redis: new (url: string, options: object) => RedisClient;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const loaded = require('ioredis');
      Redis = loaded.default ?? loaded.Redis ?? loaded;
    } catch {
      throw optionError('sync.type', '"redis" needs the ioredis package (npm install ioredis)');
    }
    // commandTimeout: a Redis that stops answering must not hold up an admin write that has committed.
    const options = {
      lazyConnect: false,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: 2000,
      retryStrategy: (times: number) => Math.min(15_000, 200 * times),
    };
    this.subscriber = new Redis(this.url, { ...options, enableOfflineQueue: true, commandTimeout: undefined });
    this.publisher = new Redis(this.url, options);
    for (const client of [this.subscriber, this.publisher]) {
      client.on('error', (error: Error) => {
        if (client === this.subscriber && this.wasReady) {
          this.wasReady = false;
          this.logger.warn(`Maintenance sync channel (Redis) lost, polling meanwhile: ${error.message}`);
        }
      });
    }
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.onMessage(message);
    });
    // Subscribe on every `ready`: ioredis re-subscribes only channels whose first SUBSCRIBE succeeded, so
    // an app that started while Redis was down would otherwise never hear anything.
    this.subscriber.on('ready', () => {
      this.wasReady = true;
      this.subscriber?.subscribe(this.channel).then(
        () => this.onConnected(),
        (error: Error) => this.logger.warn(`Maintenance sync channel (Redis) could not subscribe: ${error.message}`),
      );
    });
  }

  async publish(origin: string): Promise<void> {
    const publisher = this.publisher;
    if (!publisher) return;
    // Without an offline queue a command sent while connecting fails at once: right after start-up (a
    // CLI run publishes within milliseconds) wait for the connection, briefly.
    if (publisher.status !== 'ready') await readyOrTimeout(publisher, PUBLISH_WAIT_MS);
    await publisher.publish(this.channel, origin);
  }

  async stop(): Promise<void> {
    for (const client of [this.subscriber, this.publisher]) {
      if (!client) continue;
      await Promise.race([client.quit().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 500).unref())]);
      client.disconnect();
    }
    this.subscriber = this.publisher = null;
  }
}
