/** How long {@link eventually} keeps reading, and how often. */
export interface EventuallyOptions {
  /** Gives up after this long; generous, because a CI machine under load runs late. Default 5 s. */
  withinMs?: number;
  /** Pause between reads. Default 25 ms. */
  everyMs?: number;
}

/**
 * Reads until `accept` holds for what was read, and returns that value. After `withinMs` it returns the last
 * value read instead of throwing, so the caller's `expect` on it fails with a diff of what was really there.
 *
 * For what the module does after a timer or on another process (a window's transition recorded after its
 * boundary, a change seen by another instance): a fixed sleep guesses how long that takes, and a loaded
 * machine overruns the guess.
 */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, options: EventuallyOptions = {}): Promise<T> {
  const { withinMs = 5000, everyMs = 25 } = options;
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() >= deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * Sends until the answer has `status`, and returns that answer; after `withinMs`, fails on the last status seen.
 * For a change another process or a reload brings in: the answer it shows, once it shows.
 */
export async function untilStatus<Answer extends { status: number }>(
  send: () => Promise<Answer>,
  status: number,
  options?: EventuallyOptions,
): Promise<Answer> {
  const answer = await eventually(send, (candidate) => candidate.status === status, options);
  expect(answer.status).toBe(status);
  return answer;
}
