import { escapeHtml } from '../utils/html-escape';

/**
 * Small HTML builders the console's views share. Every one of them escapes what it is given unless its name or
 * parameter says `Html` (already-escaped markup), so a view cannot forget to escape by building a tag by hand.
 */

/** `2030-01-31 22:00 UTC`: what a page shows before (or without) the script turning it into local time. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The instant as a `Date`, or null when it is missing or not a real date (a bad value is shown as text, never thrown). */
function toDate(value: string | number | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** ISO 8601 in UTC without the `.000` that says nothing: `2030-01-31T22:00:00Z`. */
export function isoOf(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

/**
 * A time as `<time datetime="<ISO>" title="<ISO> UTC">YYYY-MM-DD HH:MM UTC</time>`: readable as UTC without
 * JavaScript; the console script replaces the text with the viewer's local time and keeps the UTC title for hover.
 * A missing time reads `empty`; an unparsable one is shown as the escaped text it is.
 */
export function timeHtml(value: string | number | Date | null | undefined, empty = '—'): string {
  const date = toDate(value);
  if (!date) return value === null || value === undefined || value === '' ? escapeHtml(empty) : escapeHtml(String(value));
  const iso = isoOf(date);
  return `<time datetime="${iso}" title="${iso} UTC">${formatUtc(date)}</time>`;
}

/** `YYYY-MM-DDTHH:MM` in UTC, the value format of `<input type="datetime-local">`. */
export function datetimeLocalUtc(date: Date): string {
  return date.toISOString().slice(0, 16);
}

/** A hidden input. */
export function hiddenField(name: string, value: string): string {
  return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
}

/** The CSRF token every POST form carries; the controller checks it before doing anything. */
export function csrfField(csrf: string): string {
  return hiddenField('_csrf', csrf);
}

/**
 * The hidden `tz` field of a form with `datetime-local` inputs. It says `UTC` until the script puts the browser's
 * zone in, so without JavaScript the server reads the times as UTC, and the labels (`tzLabelHtml`) say so.
 */
export function tzField(id: string): string {
  return `<input type="hidden" name="tz" id="${escapeHtml(id)}" value="UTC">`;
}

/** The zone a `datetime-local` input is read in; the script replaces `UTC` with the browser's zone name. */
export const TZ_LABEL_HTML = '<span data-tz-label>UTC</span>';

/**
 * A query string (`?a=1&b=2`, or '' when nothing is set) from the entries whose value is a non-empty string, every
 * name and value encoded with `encodeURIComponent`. The result still needs `escapeHtml` inside an attribute (`&`).
 */
export function queryString(params: Record<string, string | null | undefined>): string {
  const pairs = Object.entries(params)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  return pairs.length ? `?${pairs.join('&')}` : '';
}

/** The console address of one window; the id is encoded (it comes from the database, but a path is a path). */
export function windowPath(base: string, id: string): string {
  return `${base}/windows/${encodeURIComponent(id)}`;
}

/** At most `max` characters (code points, so an emoji is never cut in half), with `…` when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

const MODE_LABELS: Record<string, string> = { full: 'Full', 'read-only': 'Read-only', off: 'Off' };

/** `Full`, `Read-only`, `Off`; anything else as the escaped text it is. */
export function modeHtml(mode: string): string {
  return escapeHtml(MODE_LABELS[mode] ?? mode);
}

/** A scope's name, or "Whole app" for none. */
export function scopeHtml(scope: string | null | undefined): string {
  return scope ? `<code>${escapeHtml(scope)}</code>` : 'Whole app';
}

const STATUSES = ['pending', 'approved', 'active', 'completed', 'rejected', 'cancelled'];

/** A window's status as a badge; only known statuses become a class name. */
export function statusHtml(status: string): string {
  const known = STATUSES.includes(status) ? status : 'unknown';
  return `<span class="badge badge-${known}">${escapeHtml(status.charAt(0).toUpperCase() + status.slice(1))}</span>`;
}

/** Multi-line user text: escaped, line breaks kept by CSS (`pre-wrap`), never by inserted markup. */
export function textHtml(text: string | null | undefined, empty = '—'): string {
  return text ? `<span class="pre">${escapeHtml(text)}</span>` : `<span class="none">${escapeHtml(empty)}</span>`;
}

/** A `<select>` option; `selected` when its value is the current one. */
export function optionHtml(value: string, label: string, current: string | undefined): string {
  return `<option value="${escapeHtml(value)}"${value === (current ?? '') ? ' selected' : ''}>${escapeHtml(label)}</option>`;
}

/** A term/description list; descriptions are HTML (already escaped). */
export function factsHtml(rows: readonly (readonly [string, string])[]): string {
  return `<dl class="facts">\n${rows.map(([term, descriptionHtml]) => `<dt>${escapeHtml(term)}</dt><dd>${descriptionHtml}</dd>`).join('\n')}\n</dl>`;
}

/**
 * A table with a `<caption>` and `<th scope="col">` headers, inside a wrapper that scrolls sideways on a narrow
 * screen. The wrapper is focusable and named by the caption, so keyboard users can scroll it too (axe's
 * scrollable-region-focusable). Each row's cells are HTML; the first becomes the row header (`<th scope="row">`).
 */
export function tableHtml(id: string, caption: string, headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = headers.map((header) => `<th scope="col">${escapeHtml(header)}</th>`).join('');
  const body = rows.map(([first, ...rest]) => `<tr><th scope="row">${first}</th>${rest.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n');
  const captionId = `${id}-caption`;
  return `<div class="table-wrap" role="region" aria-labelledby="${escapeHtml(captionId)}" tabindex="0">
<table id="${escapeHtml(id)}">
<caption id="${escapeHtml(captionId)}">${escapeHtml(caption)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>
</div>`;
}

/** `[language, message]` rows of a message's translations, sorted by language tag. */
export function translationRows(translations: Record<string, string> | null | undefined): [string, string][] {
  if (!translations) return [];
  return Object.keys(translations)
    .sort()
    .map((tag) => [`Message (${tag})`, textHtml(translations[tag])]);
}
