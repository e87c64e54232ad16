import { MaintenanceEvent, MaintenanceEventType } from '../interfaces/maintenance-event.interface';
import { MaintenanceState } from '../interfaces/maintenance-state.interface';
import { MaintenanceWindowDetails } from '../interfaces/maintenance-window.interface';

/** How a webhook's body looks: the event as JSON, or a Slack incoming-webhook message. @publicApi */
export type WebhookFormat = 'json' | 'slack';

/** An event as it is delivered: with the id of its delivery (the `webhook-id` header), which receivers de-duplicate on. */
export type WebhookEvent = MaintenanceEvent & { id: string };

/**
 * The body of a webhook request for `event`.
 *
 * - `json`: `{ id, type, at, actor, window, state }`, always in that order (built key by key, so a change to how
 *   events are assembled cannot reorder it). `name` is left out: it is `maintenance.<type>`.
 * - `slack`: `{ text }`, a one-line summary for a Slack incoming webhook (and the services that accept its format),
 *   e.g. `:construction: Maintenance window 1f2e3d4c… (read-only, whole app) approved by bob — starts 2026-12-01 22:00 UTC,
 *   ends 23:00 UTC.` Times are in UTC: the channel's readers may be in any zone.
 *
 * @throws TypeError for a format other than `json` or `slack` (the options validation refuses them first).
 */
export function webhookBody(event: WebhookEvent, format: WebhookFormat): string {
  if (format === 'json') {
    return JSON.stringify({ id: event.id, type: event.type, at: event.at, actor: event.actor, window: event.window, state: event.state });
  }
  if (format === 'slack') return JSON.stringify({ text: slackText(event) });
  throw new TypeError(`Unknown webhook format ${JSON.stringify(format)}: expected "json" or "slack"`);
}

/** Characters of one piece of user text (reason, message, actor) in a Slack line: a summary, not the record. */
const SLACK_TEXT_MAX = 300;

/** Scopes named in a summary of the state; more are counted, not listed, to keep the line short. */
const SLACK_SCOPES_MAX = 5;

/**
 * The sentence of each event type. A Record, not a switch, so that a new event type does not compile until it
 * has its sentence.
 */
const SENTENCES: Record<MaintenanceEventType, (event: WebhookEvent, window: MaintenanceWindowDetails | null) => string> = {
  requested: (event, w) =>
    w
      ? `:memo: ${label(w)} requested by ${actor(event)} — ${schedule(w)}${w.status === 'pending' ? ', awaiting approval' : ''}.${reason(w)}${message(w)}`
      : `:memo: A maintenance window was requested by ${actor(event)}.`,
  approved: (event, w) =>
    w ? `:construction: ${label(w)} approved by ${actor(event)} — ${schedule(w)}.` : `:construction: A maintenance window was approved by ${actor(event)}.`,
  rejected: (event, w) => (w ? `:x: ${label(w)} rejected by ${actor(event)}.` : `:x: A maintenance window was rejected by ${actor(event)}.`),
  // Activation and completion are the clock's doing (actor `system`): naming the actor would say nothing.
  activated: (_event, w) => (w ? `:construction: ${label(w)} is now in force — ${ending(w)}.${message(w)}` : ':construction: Maintenance is now in force.'),
  completed: (_event, w) => {
    if (!w) return ':white_check_mark: Maintenance has ended.';
    // A recurring window goes back to `approved` after each occurrence and completes only when its series does.
    if (w.recurrence && w.status !== 'completed') return `:white_check_mark: An occurrence of ${label(w)} has ended — ${schedule(w)}.`;
    const end = w.endedAt ?? w.endsAt;
    return `:white_check_mark: ${label(w)} has ended${end ? ` at ${instant(end)}` : ''}.`;
  },
  cancelled: (event, w) => {
    if (!w) return `:no_entry_sign: A maintenance window was cancelled by ${actor(event)}.`;
    // Cancelling one occurrence of a recurring window leaves the window itself as it was.
    if (w.status !== 'cancelled') return `:no_entry_sign: An occurrence of ${label(w)} was cancelled by ${actor(event)} — ${schedule(w)}.`;
    return `:no_entry_sign: ${label(w)} cancelled by ${actor(event)}${w.endedAt ? `, ended at ${instant(w.endedAt)}` : ''}.`;
  },
  // The emergency toggle: on, it opens a window; off, it only ends windows, and the event carries none.
  toggled: (event, w) =>
    w
      ? `:rotating_light: ${label(w)} switched on by ${actor(event)} — ${ending(w)}.${reason(w)}${message(w)}`
      : `:rotating_light: Maintenance switched off by ${actor(event)} (emergency toggle) — ${stateSummary(event.state)}.`,
  updated: (event, w) =>
    w
      ? `:pencil2: ${label(w)} updated by ${actor(event)} — ${schedule(w)}${w.status === 'pending' ? ', awaiting approval' : ''}.`
      : `:pencil2: A maintenance window was updated by ${actor(event)}.`,
};

function slackText(event: WebhookEvent): string {
  const sentence = SENTENCES[event.type] as (typeof SENTENCES)[MaintenanceEventType] | undefined;
  // An event type newer than this file (a receiver is not the place to fail): say what is known.
  if (!sentence) return `:construction: Maintenance ${slack(String(event.type))} by ${actor(event)}${event.window ? `: ${label(event.window)}` : ''}.`;
  return sentence(event, event.window);
}

/** `Maintenance window 1f2e3d4c… (read-only, scope payments, recurring)`: which window, what it does, where. */
function label(window: MaintenanceWindowDetails): string {
  const traits = [window.mode, window.scope ? `scope ${window.scope}` : 'whole app'];
  if (window.recurrence) traits.push('recurring');
  if (window.emergency) traits.push('emergency');
  return `Maintenance window ${slack(shortId(window.id))} (${traits.map(slack).join(', ')})`;
}

/** The first 8 characters (a UUID's first group): enough to tell windows apart in a channel; the JSON form has the full id. */
function shortId(id: string): string {
  return id.length > 9 ? `${id.slice(0, 8)}…` : id;
}

/** When the window (or, for a recurring one, its next occurrence) runs. */
function schedule(window: MaintenanceWindowDetails): string {
  if (window.recurrence) {
    const next = window.recurrence.next;
    return next ? `next occurrence starts ${span(next.startsAt, next.endsAt)}` : 'no occurrence left';
  }
  return `starts ${span(window.startsAt, window.endsAt)}`;
}

/** When the window in force (or its occurrence in force) ends. */
function ending(window: MaintenanceWindowDetails): string {
  const end = window.recurrence ? (window.recurrence.next?.endsAt ?? null) : window.endsAt;
  return end ? `until ${instant(end)}` : 'no planned end';
}

/** `2026-12-01 22:00 UTC, ends 23:00 UTC`: the end's date only when it differs from the start's. */
function span(startsAt: string, endsAt: string | null): string {
  const start = utc(startsAt);
  const startText = start ? `${start.date} ${start.time} UTC` : slack(startsAt);
  if (endsAt === null) return `${startText}, no planned end`;
  const end = utc(endsAt);
  if (!end) return `${startText}, ends ${slack(endsAt)}`;
  return `${startText}, ends ${start && start.date === end.date ? '' : `${end.date} `}${end.time} UTC`;
}

function instant(iso: string): string {
  const parts = utc(iso);
  return parts ? `${parts.date} ${parts.time} UTC` : slack(iso);
}

/** Date and minute in UTC; seconds are left out (windows are planned to the minute), as is anything unparsable. */
function utc(iso: string): { date: string; time: string } | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const text = new Date(ms).toISOString();
  return { date: text.slice(0, 10), time: text.slice(11, 16) };
}

function actor(event: WebhookEvent): string {
  return userText(event.actor) || 'someone';
}

function reason(window: MaintenanceWindowDetails): string {
  const text = userText(window.reason);
  return text ? ` Reason: ${text}` : '';
}

function message(window: MaintenanceWindowDetails): string {
  const text = window.message === null ? '' : userText(window.message);
  return text ? ` Message: "${text}"` : '';
}

/** `the whole app is now not in maintenance, scopes in maintenance: payments (full)`: what is left after a toggle off. */
function stateSummary(state: MaintenanceState): string {
  const app = state.mode === 'off' ? 'the whole app is now not in maintenance' : `the whole app is now in ${slack(state.mode)} maintenance`;
  const scopes = state.scopes ?? [];
  if (scopes.length === 0) return app;
  const named = scopes.slice(0, SLACK_SCOPES_MAX).map((scope) => `${slack(scope.scope)} (${slack(scope.mode)})`);
  const more = scopes.length > SLACK_SCOPES_MAX ? ` and ${scopes.length - SLACK_SCOPES_MAX} more` : '';
  return `${app}, scopes in maintenance: ${named.join(', ')}${more}`;
}

/**
 * Text someone typed, made fit for one Slack line: whitespace runs (line breaks included) become one space, it is
 * cut to `SLACK_TEXT_MAX` characters (by code point, so no emoji is split), then escaped.
 */
function userText(text: string): string {
  const line = String(text).replace(/\s+/g, ' ').trim();
  const chars = Array.from(line);
  return slack(chars.length > SLACK_TEXT_MAX ? `${chars.slice(0, SLACK_TEXT_MAX - 1).join('')}…` : line);
}

const SLACK_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Escapes what Slack requires (https://api.slack.com/reference/surfaces/formatting#escaping): `<` and `>` would
 * otherwise let a reason like `<!channel>` notify everyone or `<https://evil|docs>` show a disguised link, and `&`
 * would start an entity. Applied to every value that is not this file's own text.
 */
function slack(text: string): string {
  return text.replace(/[&<>]/g, (char) => SLACK_ESCAPES[char]);
}
