/** The parts of a Node response the counter reads and listens to. */
interface TrackedResponse {
  readonly writableFinished?: boolean;
  readonly destroyed?: boolean;
  once(event: 'close', listener: () => void): unknown;
}

/** Methods that do not write (RFC 9110 safe methods): requests with them are not counted. */
const SAFE_METHODS: Readonly<Record<string, true>> = { GET: true, HEAD: true, OPTIONS: true, TRACE: true };

/** How many admitted responses are kept before the finished ones are dropped (doubled while more are in flight). */
const FIRST_COMPACTION_AT = 256;

const isDone = (response: TrackedResponse): boolean => response.writableFinished === true || response.destroyed === true;

/**
 * The requests with an unsafe method that the module let through while no mode was in force and that have not
 * finished: the writes a switch to maintenance must wait for before the instance reports itself drained.
 *
 * While no switch is pending a write costs one array push (and, amortised, one look at whether it has finished): no
 * listener per request, which measurably slowed every write. When a mode begins (`beginDrain`), the responses still
 * open are the writes in flight; only they get a `close` listener, and `size` counts them down.
 */
export class InFlightWrites {
  /** Responses of writes admitted since the last drain began, finished or not. */
  private admitted: TrackedResponse[] = [];
  private compactAt = FIRST_COMPACTION_AT;
  /** Writes in flight when the last drain began (or an earlier one) that have not finished. */
  private draining = 0;
  private readonly idleListeners: (() => void)[] = [];

  /** Bound once: the listener of every response watched by a drain. */
  private readonly release = (): void => {
    if (--this.draining === 0) for (const listener of this.idleListeners) listener();
  };

  /** Whether a request with this method is counted: unsafe methods only. */
  static counts(method: string | undefined): boolean {
    return method !== undefined && SAFE_METHODS[method] !== true;
  }

  /** Notes a request admitted while no mode is in force (ignored for safe methods). */
  admit(method: string | undefined, response: TrackedResponse | undefined): void {
    if (!InFlightWrites.counts(method) || response === undefined) return;
    const admitted = this.admitted;
    admitted.push(response);
    if (admitted.length >= this.compactAt) this.compact();
  }

  /** A mode has begun: from now on `size` counts the admitted writes still in flight until each closes. */
  beginDrain(): void {
    const open = this.admitted.filter((response) => !isDone(response));
    this.admitted = [];
    this.compactAt = FIRST_COMPACTION_AT;
    this.draining += open.length;
    for (const response of open) response.once('close', this.release);
  }

  /** Writes in flight when a mode began, not finished yet. */
  get size(): number {
    return this.draining;
  }

  /** Adds a listener told each time the last write a drain waits for finishes. */
  onIdle(listener: () => void): void {
    this.idleListeners.push(listener);
  }

  /** Drops the finished responses; with many still open, waits for twice as many before the next look. */
  private compact(): void {
    this.admitted = this.admitted.filter((response) => !isDone(response));
    this.compactAt = Math.max(FIRST_COMPACTION_AT, 2 * this.admitted.length);
  }
}
