/**
 * Counts failed attempts per client in a fixed window and refuses a client once it has failed too often.
 * In memory, per instance: enough to make guessing a long secret over HTTP hopeless.
 */
export class AttemptLimiter {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    /** Bound on tracked clients, so a flood of addresses cannot grow memory without limit. */
    private readonly maxClients = 10_000,
  ) {}

  /** Whether the client may try now. */
  allowed(client: string, now = Date.now()): boolean {
    const entry = this.failures.get(client);
    return !entry || entry.resetAt <= now || entry.count < this.maxFailures;
  }

  /** Records a failed attempt. */
  fail(client: string, now = Date.now()): void {
    const entry = this.failures.get(client);
    if (entry && entry.resetAt > now) {
      entry.count++;
      return;
    }
    if (this.failures.size >= this.maxClients) this.prune(now);
    this.failures.set(client, { count: 1, resetAt: now + this.windowMs });
  }

  private prune(now: number): void {
    for (const [client, entry] of this.failures) if (entry.resetAt <= now) this.failures.delete(client);
    // Still full of live entries: forget the oldest rather than grow.
    while (this.failures.size >= this.maxClients) this.failures.delete(this.failures.keys().next().value as string);
  }
}
