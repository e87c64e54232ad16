/** The part of a Node response the counter listens to. */
interface ClosableResponse {
  once(event: 'close', listener: () => void): unknown;
}

/** Methods that do not write (RFC 9110 safe methods): requests with them are not counted. */
const SAFE_METHODS: Readonly<Record<string, true>> = { GET: true, HEAD: true, OPTIONS: true, TRACE: true };

/**
 * Counts the requests with an unsafe method that the module let through while no mode was in force and that have
 * not finished yet: the writes a switch to maintenance must wait for before the instance reports itself drained.
 * A safe request costs one lookup; a write one listener on its response's `close`.
 */
export class InFlightWrites {
  private count = 0;
  private readonly idleListeners: (() => void)[] = [];

  /** Bound once: the listener of every counted response. */
  private readonly release = (): void => {
    if (--this.count === 0) for (const listener of this.idleListeners) listener();
  };

  /** Whether a request with this method is counted: unsafe methods only. */
  static counts(method: string | undefined): boolean {
    return method !== undefined && SAFE_METHODS[method] !== true;
  }

  /** Counts a request admitted while no mode is in force, until its response closes. */
  admit(method: string | undefined, response: ClosableResponse | undefined): void {
    if (!InFlightWrites.counts(method) || response === undefined) return;
    this.count++;
    response.once('close', this.release);
  }

  /** Writes admitted and not finished. */
  get size(): number {
    return this.count;
  }

  /** Adds a listener told each time the last counted write finishes. */
  onIdle(listener: () => void): void {
    this.idleListeners.push(listener);
  }
}
