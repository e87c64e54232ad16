import { AttemptLimiter } from './attempt-limiter';

describe('AttemptLimiter', () => {
  it('refuses a client after too many failures until the window ends', () => {
    const limiter = new AttemptLimiter(3, 1000);
    for (let i = 0; i < 3; i++) {
      expect(limiter.allowed('a', 0)).toBe(true);
      limiter.fail('a', 0);
    }
    expect(limiter.allowed('a', 10)).toBe(false);
    expect(limiter.allowed('b', 10)).toBe(true);
    expect(limiter.allowed('a', 1000)).toBe(true);
  });

  it('stays bounded', () => {
    const limiter = new AttemptLimiter(1, 60_000, 100);
    for (let i = 0; i < 1000; i++) limiter.fail(`client-${i}`, 0);
    expect((limiter as unknown as { failures: Map<string, unknown> }).failures.size).toBeLessThanOrEqual(100);
  });
});
