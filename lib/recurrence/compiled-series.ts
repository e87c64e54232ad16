import { IANAZone } from 'luxon';
import { RRule } from 'rrule';
import { parseRule } from './recurrence-rule';
import { RecurrenceSeries } from './recurrence-series';
import { wallClockOf } from './wall-clock';

/** A series' rule, ready to expand in wall-clock time. */
export interface CompiledSeries {
  /** The rule with a floating DTSTART (see `wallClockOf`) and UNTIL, and no tzid. */
  readonly rrule: RRule;
  /** UNTIL as an instant, or null. */
  readonly untilMs: number | null;
  /** Whether COUNT or UNTIL ends the rule. */
  readonly bounded: boolean;
}

/** Enough for every recurring window an app has, so a state reload parses none of them again. */
const CACHE_SIZE = 256;
const cache = new Map<string, CompiledSeries>();

/**
 * The compiled rule of a series, from a small cache: the recurrence functions run on every state reload, and
 * parsing and validating the rule is most of their work. Throws if the rule or the zone is invalid.
 */
export function compileSeries(series: Pick<RecurrenceSeries, 'rule' | 'timeZone' | 'startsAt'>): CompiledSeries {
  const key = `${series.startsAt.getTime()} ${series.timeZone} ${series.rule}`;
  const cached = cache.get(key);
  if (cached) {
    // Re-inserted, so the Map's order is least recently used first.
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const compiled = compile(series);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, compiled);
  return compiled;
}

function compile({ rule, timeZone, startsAt }: Pick<RecurrenceSeries, 'rule' | 'timeZone' | 'startsAt'>): CompiledSeries {
  if (!IANAZone.isValidZone(timeZone)) throw new Error(`recurrence.timeZone is not an IANA time zone: ${JSON.stringify(timeZone)}`);
  if (Number.isNaN(startsAt.getTime())) throw new Error('recurrence: startsAt is not a valid date');
  const options = parseRule(rule);
  const untilMs = options.until ? options.until.getTime() : null;
  // UNTIL is an instant; compared with floating occurrences it must be floating too.
  const until = untilMs === null ? null : wallClockOf(untilMs, timeZone);
  // noCache: rrule would otherwise keep every between() result it computed, keyed by its arguments, for ever.
  const rrule = new RRule({ ...options, dtstart: wallClockOf(startsAt.getTime(), timeZone), until, tzid: null }, true);
  return { rrule, untilMs, bounded: untilMs !== null || options.count !== undefined };
}
