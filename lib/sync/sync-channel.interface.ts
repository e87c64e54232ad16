/** A push channel between instances. */
export interface SyncChannel {
  readonly connected: boolean;
  /** Connects and subscribes; resolves even when the first attempt fails (it retries in the background). */
  start(): Promise<void>;
  /** Publishes a change made by `origin`. */
  publish(origin: string): Promise<void>;
  stop(): Promise<void>;
}

/** Delay before the n-th reconnection attempt: 0.5 s doubling up to 15 s. */
export function reconnectDelay(attempt: number): number {
  return Math.min(15_000, 500 * 2 ** Math.min(attempt, 5));
}
