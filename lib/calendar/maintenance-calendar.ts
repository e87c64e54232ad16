import ical, { escape } from 'ical-generator';
import { MaintenanceMode } from '../interfaces/maintenance-mode.type';

/** One event of the maintenance calendar: a one-off window, or one occurrence of a recurring one. Public data only. */
export interface MaintenanceCalendarEntry {
  /** Unique and stable per event, e.g. `${windowId}` or `${windowId}-${startMs}` for an occurrence. */
  uid: string;
  startMs: number;
  /** null: open-ended. */
  endMs: number | null;
  mode: MaintenanceMode;
  /** Scope name, or null for the whole app. */
  scope: string | null;
  /** Public message, or null. */
  message: string | null;
  /** Last modification (ms), for DTSTAMP/LAST-MODIFIED. */
  updatedMs: number;
}

/** How the feed presents itself. */
export interface MaintenanceCalendarOptions {
  /** The calendar's name in calendar apps (`X-WR-CALNAME`, `NAME`). */
  name: string;
  /** When the feed is rendered. */
  nowMs: number;
}

/** ical-generator writes `PRODID:-` and this. */
const PRODUCT_ID = '//nestjs-maintenance//EN';
/** How often calendar apps should fetch the feed again (`REFRESH-INTERVAL`, `X-PUBLISHED-TTL`): windows move. */
const REFRESH_SECONDS = 15 * 60;

/**
 * The entries as an RFC 5545 iCalendar document (CRLF line endings, lines folded at 75 octets), times in UTC:
 * occurrences come expanded, so no time zone definitions are needed. Each entry is a VEVENT with SUMMARY
 * `Maintenance (<mode>)[: <scope>]` and the message as DESCRIPTION; line breaks in it become LF, the only one
 * iCalendar text has.
 *
 * An open-ended entry has no DTEND, which RFC 5545 3.6.1 allows (the event then ends where it starts, a point in
 * time): any end would be made up, and one that moved on with every refresh would show an end that never comes.
 * Its summary says "until further notice" instead.
 */
export function renderMaintenanceCalendar(entries: readonly MaintenanceCalendarEntry[], options: MaintenanceCalendarOptions): string {
  // ical-generator escapes SUMMARY and DESCRIPTION but writes the name and UIDs as given: a comma, a semicolon
  // or a line break in them would change the document. Its own escaping makes them TEXT values.
  const calendar = ical({ prodId: PRODUCT_ID, name: escape(options.name, false), ttl: REFRESH_SECONDS });
  for (const entry of entries) {
    calendar.createEvent({
      id: escape(entry.uid, false),
      start: new Date(entry.startMs),
      // ical-generator swaps a start and end in the wrong order; an end before the start is no event at all.
      end: entry.endMs === null ? null : new Date(Math.max(entry.endMs, entry.startMs)),
      summary: summaryOf(entry),
      description: entry.message,
      // A stamp ahead of the feed (another instance's clock) would make clients doubt every later version.
      stamp: new Date(Math.min(entry.updatedMs, options.nowMs)),
      lastModified: new Date(entry.updatedMs),
    });
  }
  // RFC 5545 3.1 ends every content line with CRLF, the last one too; ical-generator leaves that one off.
  return `${calendar.toString()}\r\n`;
}

function summaryOf(entry: MaintenanceCalendarEntry): string {
  const scope = entry.scope === null ? '' : `: ${entry.scope}`;
  return `Maintenance (${entry.mode})${scope}${entry.endMs === null ? ', until further notice' : ''}`;
}
