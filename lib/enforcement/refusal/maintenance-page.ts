import { MaintenancePageData } from '../../interfaces/maintenance-module-options.interface';
import { escapeHtml } from '../../utils/html-escape';
import { builtInLocaleOf, textsFor } from '../../i18n/maintenance-texts';

/**
 * The default page shown to browsers: self-contained (no external assets), readable without JavaScript,
 * with the expected end in UTC inside `<time datetime>`, turned into the visitor's local time by a small
 * inline script when JavaScript runs. In the language of `data.locale` when the module has texts for it (`de-CH`
 * gets German), else in English.
 * @publicApi
 */
export function renderMaintenancePage(data: MaintenancePageData): string {
  const full = data.mode === 'full';
  const texts = textsFor(data.locale);
  // The tag as given (`de-CH`, so the script formats dates the Swiss way), but only when the page is in that
  // language: a page in English labelled `ja` would be read aloud with Japanese rules.
  const lang = data.locale && builtInLocaleOf(data.locale) ? data.locale : 'en';
  const title = escapeHtml(full ? texts.fullTitle : texts.readOnlyTitle);
  const until = data.until
    ? `<p>${escapeHtml(texts.expectedBack)} <time id="until" datetime="${escapeHtml(data.until)}">${escapeHtml(formatUtc(data.until))}</time>.</p>`
    : '';
  // Full maintenance only: a read-only page answers a refused write, and reloading it would send the write again.
  const live = full && typeof data.streamUrl === 'string' && data.streamUrl !== '';
  const refresh = full && data.refreshAfterSeconds ? Math.max(1, Math.round(data.refreshAfterSeconds)) : null;
  // The hint adds what the message does not say (when to come back, what happened to the change), so the
  // page never says the same thing twice, whatever the message.
  const retryIn = data.retryAfterSeconds ? texts.duration(data.retryAfterSeconds) : null;
  const hint = full
    ? `<p class="hint">${escapeHtml(refresh ? texts.reloadsIn(retryIn) : texts.tryAgainIn(retryIn))}</p>`
    : `<p class="hint">${escapeHtml(texts.changeNotSaved)}</p>\n<p><a href="${escapeHtml(data.backUrl ?? '/')}">${escapeHtml(texts.goBack)}</a></p>`;
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
${refresh ? `${live ? '<noscript>' : ''}<meta http-equiv="refresh" content="${refresh}">${live ? '</noscript>' : ''}\n` : ''}<title>${title}</title>
<style>
  :root { color-scheme: light dark; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; font: 1.05rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: #f5f6f8; color: #1d2330; }
  main { max-width: 34rem; margin: 2rem; padding: 2.5rem; border-radius: 12px; border-top: 4px solid #d97706; background: #fff; box-shadow: 0 2px 14px rgba(0,0,0,.08); }
  .icon { display: block; width: 2.5rem; height: 2.5rem; color: #d97706; margin-bottom: 1rem; }
  h1 { margin: 0 0 .75rem; font-size: 1.6rem; line-height: 1.25; }
  time { font-weight: 600; }
  .hint { color: #4a5263; }
  a { color: #b45309; font-weight: 600; }
  @media (max-width: 30rem) { main { margin: 1rem; padding: 1.75rem; } }
  @media (prefers-color-scheme: dark) { body { background: #14171c; color: #e8eaee; } main { background: #1e232b; } .hint { color: #b5bcc8; } a { color: #f59e0b; } }
</style>
</head>
<body>
<main role="main" aria-labelledby="title"${live ? ` data-stream="${escapeHtml(data.streamUrl!)}" data-state="${escapeHtml(data.stateId ?? '')}"${refresh ? ` data-refresh="${refresh}"` : ''}` : ''}>
<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${full ? ICON_FULL : ICON_READ_ONLY}</svg>
<h1 id="title">${title}</h1>
<p id="message">${escapeHtml(data.message)}</p>
${until}
${hint}
</main>
<script>
(function () {
  var el = document.getElementById('until');
  if (!el) return;
  var date = new Date(el.getAttribute('datetime'));
  if (isNaN(date.getTime())) return;
  // The visitor's own time, with its zone named so nobody wonders which clock it is, written the way the
  // page's language writes dates. A page in plain "en" takes the visitor's own variant of it ("en-GB" writes
  // day before month); a tag the browser rejects (RangeError) falls back to the browser's language.
  var lang = document.documentElement.lang;
  var own = (navigator.languages || []).filter(function (tag) { return lang && tag.toLowerCase().indexOf(lang.toLowerCase() + '-') === 0; })[0];
  var format = { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' };
  try {
    el.textContent = date.toLocaleString(own || lang || undefined, format);
  } catch (e) {
    el.textContent = date.toLocaleString(undefined, format);
  }
})();
</script>
${live ? LIVE_SCRIPT : ''}</body>
</html>
`;
}

/**
 * Follows the live stream and reloads the page (as a GET of its address) as soon as the state differs from the one
 * it shows: the moment maintenance ends, without polling. The stream's first event is the state in force, which is
 * the page's own unless it changed in between. A stream refused for good (a proxy's 502 while the app restarts, a
 * 429) is opened again after 5 s, doubling up to a minute; with `data-refresh` (`refreshPage`, the static page) the
 * page also reloads after that many seconds unless the stream is connected. Without JavaScript the `<noscript>`
 * refresh does that.
 */
const LIVE_SCRIPT = `<script>
(function () {
  var main = document.querySelector('main[data-stream]');
  if (!main || !window.EventSource) return;
  var shown = main.getAttribute('data-state');
  var fallback = Number(main.getAttribute('data-refresh')) || 0;
  var delay = 5000;
  var live = false;
  var reload = function () { location.replace(location.href); };
  if (fallback > 0) setTimeout(function () { if (!live) reload(); }, fallback * 1000);
  var connect = function () {
    var source = new EventSource(main.getAttribute('data-stream'));
    source.onopen = function () { live = true; delay = 5000; };
    source.onmessage = function (event) {
      if (event.lastEventId === shown) return;
      source.close();
      reload();
    };
    source.onerror = function () {
      // Closed for good (an error status, say from a proxy while the app is down): try again later, less and less often.
      if (source.readyState !== 2) return;
      live = false;
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 60000);
    };
  };
  connect();
})();
</script>
`;

/** Inline icons (no external assets): a wrench for full maintenance, a lock for read-only. */
const ICON_FULL =
  '<path d="M14.7 6.3a1 1 0 0 0 0 1.4l1.6 1.6a1 1 0 0 0 1.4 0l3.77-3.77a6 6 0 0 1-7.94 7.94l-6.91 6.91a2.12 2.12 0 0 1-3-3l6.91-6.91a6 6 0 0 1 7.94-7.94l-3.76 3.76z"/>';
const ICON_READ_ONLY = '<rect x="4" y="11" width="16" height="10" rx="2"/><path d="M8 11V7a4 4 0 0 1 8 0v4"/>';

function formatUtc(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
