/** The first retry's nominal delay: long enough for a receiver that restarts, short enough that a blip costs little. */
const FIRST_DELAY_MS = 5_000;

/** The longest nominal delay: past it, waiting longer only makes a receiver that is back learn later. */
const MAX_DELAY_MS = 60 * 60_000;

/** ± this fraction of the nominal delay, so the retries of many deliveries that failed together do not hit the receiver together. */
const JITTER = 0.2;

/**
 * How many times one delivery is attempted in all: the first attempt and 11 retries. The nominal delays of the retries
 * are 5 s, 10 s, 20 s, … 2560 s, then 3600 s (the cap) for the 11th, 8715 s in all: the last attempt comes about
 * 2 h 25 min after the first (between 1 h 56 min and 2 h 54 min with the jitter, plus the attempts' own time-outs).
 * That rides out a deploy, a restart or a short outage of the receiver without keeping stale maintenance news for
 * hours: an event that arrives much later than that would be misleading rather than useful.
 */
export const DEFAULT_MAX_ATTEMPTS = 12;

/**
 * How long to wait before retry number `attempt` (1 for the first retry, i.e. the second attempt): 5 s, doubling with
 * each retry up to 1 h, then ±20 % jitter, rounded to whole milliseconds. The jitter applies to the capped delay too,
 * so retries that have all reached the cap still spread out (a delay is therefore at most 72 min).
 *
 * @param attempt whole retries, from 1; anything below 1 (or not a number) counts as 1, fractions are rounded down.
 * @param random a source of numbers in [0, 1) (a fixed one in tests); 0.5 gives the nominal delay.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random, firstMs = FIRST_DELAY_MS, maxMs = MAX_DELAY_MS): number {
  const retry = Number.isFinite(attempt) ? Math.max(1, Math.floor(attempt)) : attempt === Infinity ? Infinity : 1;
  // 2 ** (retry - 1) is Infinity for huge attempts, which the cap turns into the cap: no overflow to guard.
  const nominal = Math.min(firstMs * 2 ** (retry - 1), maxMs);
  const draw = random();
  // A misbehaving source must not give a negative or unbounded delay.
  const unit = Number.isFinite(draw) ? Math.min(1, Math.max(0, draw)) : 0.5;
  return Math.round(nominal * (1 - JITTER + 2 * JITTER * unit));
}
