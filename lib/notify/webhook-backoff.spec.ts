import fc from 'fast-check';
import { DEFAULT_MAX_ATTEMPTS, retryDelayMs } from './webhook-backoff';

const nominal = (attempt: number) => retryDelayMs(attempt, () => 0.5);

describe('retryDelayMs', () => {
  it('starts at 5 s and doubles with each retry', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(nominal)).toEqual([5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560].map((s) => s * 1000));
  });

  it('stops growing at 1 h', () => {
    expect(nominal(11)).toBe(3_600_000);
    expect(nominal(12)).toBe(3_600_000);
    expect(nominal(1000)).toBe(3_600_000);
    expect(nominal(Number.MAX_SAFE_INTEGER)).toBe(3_600_000);
    expect(nominal(Infinity)).toBe(3_600_000);
  });

  it('jitters by ±20 %', () => {
    expect(retryDelayMs(1, () => 0)).toBe(4000);
    expect(retryDelayMs(1, () => 0.999_999_999)).toBe(6000);
    expect(retryDelayMs(20, () => 0)).toBe(2_880_000);
    expect(retryDelayMs(20, () => 0.999_999_999)).toBe(4_320_000);
  });

  it.each([0, -3, NaN, -Infinity])('treats the attempt %p as the first retry', (attempt) => {
    expect(nominal(attempt)).toBe(5000);
  });

  it('rounds a fractional attempt down', () => {
    expect(nominal(2.9)).toBe(10_000);
  });

  it.each([-1, 2, NaN, Infinity])('keeps within bounds when the random source gives %p', (value) => {
    const delay = retryDelayMs(3, () => value);
    expect(delay).toBeGreaterThanOrEqual(16_000);
    expect(delay).toBeLessThanOrEqual(24_000);
  });

  it('stays within ±20 % of min(5 s × 2^(attempt-1), 1 h), in whole milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, draw) => {
        const base = Math.min(5000 * 2 ** (attempt - 1), 3_600_000);
        const delay = retryDelayMs(attempt, () => draw);
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(Math.round(base * 0.8));
        expect(delay).toBeLessThanOrEqual(Math.round(base * 1.2));
      }),
    );
  });

  it('uses Math.random by default', () => {
    const delays = Array.from({ length: 50 }, () => retryDelayMs(4));
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(32_000);
      expect(delay).toBeLessThanOrEqual(48_000);
    }
    expect(new Set(delays).size).toBeGreaterThan(1);
  });
});

describe('DEFAULT_MAX_ATTEMPTS', () => {
  it('spans about 2 h 25 min from the first attempt to the last, as its comment says', () => {
    const retries = Array.from({ length: DEFAULT_MAX_ATTEMPTS - 1 }, (_, index) => index + 1);
    const total = (draw: number) => retries.reduce((sum, attempt) => sum + retryDelayMs(attempt, () => draw), 0);
    expect(DEFAULT_MAX_ATTEMPTS).toBe(12);
    expect(total(0.5)).toBe(8_715_000); // 2 h 25 min 15 s
    expect(total(0)).toBe(6_972_000); // 1 h 56 min 12 s
    expect(total(1)).toBe(10_458_000); // 2 h 54 min 18 s
  });
});
