import { MaintenanceCalendarEntry } from '../calendar/maintenance-calendar';
import { MaintenanceWindow } from '../persistence/entities/maintenance-window.entity';
import { occurrencesBetween } from '../recurrence/recurrence';
import { seriesOf } from '../state/window-occurrences';

/** How far ahead the feed lists occurrences of recurring windows: calendar apps re-read it long before then. */
export const CALENDAR_HORIZON_MS = 366 * 24 * 3600_000;
/** The most events the feed lists; the soonest are kept. */
export const CALENDAR_MAX_EVENTS = 1000;

/**
 * The events of the calendar feed: every approved or active window not over yet, and each occurrence of a recurring
 * one within the horizon (cancelled ones left out), soonest first. Occurrences get their own stable UID
 * (`<window>-<start ms>`), so a calendar that subscribed keeps them apart and drops a cancelled one.
 */
export function calendarEntries(windows: readonly MaintenanceWindow[], now: number): MaintenanceCalendarEntry[] {
  const entries: MaintenanceCalendarEntry[] = [];
  for (const window of windows) {
    const common = { mode: window.mode, scope: window.scope ?? null, message: window.message, updatedMs: window.updatedAt.getTime() };
    if (window.recurrence) {
      for (const occurrence of occurrencesBetween(seriesOf({ ...window, recurrence: window.recurrence }), now, now + CALENDAR_HORIZON_MS)) {
        entries.push({ uid: `${window.id}-${occurrence.startMs}`, startMs: occurrence.startMs, endMs: occurrence.endMs, ...common });
      }
    } else if (window.endsAt === null || window.endsAt.getTime() > now) {
      entries.push({ uid: window.id, startMs: window.startsAt.getTime(), endMs: window.endsAt?.getTime() ?? null, ...common });
    }
  }
  return entries.sort((a, b) => a.startMs - b.startMs).slice(0, CALENDAR_MAX_EVENTS);
}
