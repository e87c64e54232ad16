import type { MaintenanceState } from '../interfaces/maintenance-state.interface';
import { escapeHtml } from '../utils/html-escape';
import { factsHtml, modeHtml, scopeHtml, tableHtml, textHtml, timeHtml, translationRows, windowPath } from './console-html';

/**
 * The overview: what is in force now (for the whole app, then per scope), the approved windows starting soon, and
 * the two ways to change things. Plain text everywhere is escaped; `base` is the console's base path.
 * @publicApi
 */
export function overviewView(state: MaintenanceState, base: string): string {
  const inForce =
    state.mode === 'off'
      ? '<p>No maintenance is in force for the whole app.</p>'
      : factsHtml([
          ['Mode', `<strong>${modeHtml(state.mode)}</strong>`],
          ['Message', textHtml(state.message, 'No message')],
          ['Since', timeHtml(state.since)],
          ['Until', timeHtml(state.until, 'Open-ended')],
          ...translationRows(state.translations),
        ]);
  const scopes = state.scopes.length
    ? tableHtml(
        'scopes',
        'Scopes in force',
        ['Scope', 'Mode', 'Message', 'Since', 'Until'],
        state.scopes.map((scope) => [
          scopeHtml(scope.scope),
          modeHtml(scope.mode),
          textHtml(scope.message, 'No message'),
          timeHtml(scope.since),
          timeHtml(scope.until, 'Open-ended'),
        ]),
      )
    : '<p>No scope has maintenance of its own.</p>';
  // The start time is the row header and the link: it is what tells upcoming windows apart.
  const upcoming = state.upcoming.length
    ? tableHtml(
        'upcoming',
        'Upcoming windows',
        ['Starts', 'Ends', 'Mode', 'Scope', 'Message'],
        state.upcoming.map((window) => [
          `<a href="${escapeHtml(windowPath(base, window.id))}">${timeHtml(window.startsAt)}</a>`,
          timeHtml(window.endsAt, 'Open-ended'),
          modeHtml(window.mode),
          scopeHtml(window.scope),
          textHtml(window.message, 'No message'),
        ]),
      )
    : '<p>No approved window starts soon.</p>';
  return `<section class="panel">
<h2>In force now</h2>
${inForce}
</section>
<section class="panel">
<h2>Per scope</h2>
${scopes}
</section>
<section class="panel">
<h2>Coming up</h2>
${upcoming}
<p><a href="${escapeHtml(`${base}/windows`)}">All windows</a></p>
</section>
<section class="panel">
<h2>Change something</h2>
<p class="actions"><a class="button" href="${escapeHtml(`${base}/windows/new`)}">Request a window</a> <a class="button button-secondary" href="${escapeHtml(`${base}/toggle`)}">Emergency toggle</a></p>
</section>
`;
}

const ERROR_TITLES: Record<number, string> = {
  400: 'That did not work',
  401: 'Sign in first',
  403: 'Not allowed',
  404: 'Not found',
  409: 'That cannot be done now',
};

const ERROR_EXPLANATIONS: Record<number, string> = {
  400: 'The request was not accepted as it was sent. Go back, check what you entered and try again.',
  401: 'You are not signed in: sign in to the app first, then open the console again.',
  403: 'Your account may not do this. Ask someone with the right role, or sign in as another user.',
  404: 'There is nothing at this address: the window may have another id, or the link is cut short.',
  409: 'This cannot be done in the state things are in now. Reload the page to see where they stand.',
};

/** The `<h1>` of an error page with this status, for `renderConsolePage({ title })`. @publicApi */
export function errorTitle(status: number): string {
  return ERROR_TITLES[status] ?? 'Something went wrong';
}

/**
 * The body of an error page (400, 403, 404 and the rest): the message as the server gave it, what the status means
 * in plain words, and a way back to the overview.
 * @publicApi
 */
export function errorView(status: number, message: string, base: string): string {
  const explanation = ERROR_EXPLANATIONS[status] ?? 'The console could not finish this request.';
  return `<section class="panel">
<p><strong>Error ${escapeHtml(String(status))}:</strong> <span class="pre">${escapeHtml(message)}</span></p>
<p>${escapeHtml(explanation)}</p>
<p><a href="${escapeHtml(base || '/')}">Back to the overview</a></p>
</section>
`;
}

// The other views live in their own files (one per page family, to keep each short); the controller imports every
// view from here.
export { windowsListView } from './console-window-views';
export type { ConsoleWindowFilters } from './console-window-views';
export { windowDetailView } from './console-window-detail-view';
export type { ConsoleWindowContext } from './console-window-detail-view';
export { TOGGLE_FIELDS, requestFormView, toggleConfirmView, toggleFormView } from './console-form-views';
export type { ConsoleConfirmContext, ConsoleFormContext } from './console-form-views';
export { auditListView } from './console-audit-views';
export type { ConsoleAuditFilters } from './console-audit-views';
export { REQUEST_ERROR_FIELDS, TOGGLE_ERROR_FIELDS, errorFieldOf, errorsByField } from './console-form-fields';
export type { ConsoleErrorFields } from './console-form-fields';
