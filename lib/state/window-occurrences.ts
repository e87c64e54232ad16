import { MaintenanceWindow } from '../persistence/entities/maintenance-window.entity';
import { MaintenanceOccurrence, nextOccurrence, occurrencesBetween, RecurrenceSeries } from '../recurrence/recurrence';

type Window = Pick<MaintenanceWindow, 'startsAt' | 'endsAt'> & Partial<Pick<MaintenanceWindow, 'recurrence'>>;

/** The series of a recurring window, as the recurrence functions take it. */
export function seriesOf(window: Window & { recurrence: NonNullable<MaintenanceWindow['recurrence']> }): RecurrenceSeries {
  const { recurrence } = window;
  return {
    startsAt: window.startsAt,
    endsAt: window.endsAt,
    rule: recurrence.rule,
    timeZone: recurrence.timeZone,
    occurrenceMs: recurrence.durationMinutes * 60_000,
    cancelled: recurrence.cancelled ?? [],
  };
}

/**
 * The windows as the clock sees them around `now`: a one-off window as it is; a recurring one as its occurrences that
 * are in force or start within the notice period, and the next one after `now` (whose start is the next boundary).
 * Each occurrence is the window with that occurrence's start and end, and no recurrence.
 */
export function concreteWindows<T extends Window>(windows: readonly T[], now: number, noticeMs: number): T[] {
  if (!windows.some((window) => window.recurrence)) return windows as T[];
  const concrete: T[] = [];
  for (const window of windows) {
    if (!window.recurrence) {
      concrete.push(window);
      continue;
    }
    const series = seriesOf(window as T & { recurrence: NonNullable<MaintenanceWindow['recurrence']> });
    const occurrences = occurrencesBetween(series, now, now + noticeMs + 1);
    const next = nextOccurrence(series, now);
    if (next !== null && !occurrences.some((occurrence) => occurrence.startMs === next.startMs)) occurrences.push(next);
    for (const occurrence of occurrences) concrete.push(occurrenceWindow(window, occurrence));
  }
  return concrete;
}

/** The window as one of its occurrences. */
export function occurrenceWindow<T extends Window>(window: T, occurrence: MaintenanceOccurrence): T {
  return { ...window, startsAt: new Date(occurrence.startMs), endsAt: new Date(occurrence.endMs), recurrence: null };
}
