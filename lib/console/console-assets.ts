/**
 * The console's two assets, served by the console controller under its base path. They are files, not inline
 * `<style>`/`<script>`, so the pages work under a Content-Security-Policy of `default-src 'self'`.
 */

/** Where the stylesheet is served, after the console's base path. @publicApi */
export const CONSOLE_CSS_PATH = '/assets/console.css';

/** Where the script is served, after the console's base path. @publicApi */
export const CONSOLE_JS_PATH = '/assets/console.js';

/**
 * The console's stylesheet (`text/css`). The palette is the public maintenance page's, with its amber accent; every
 * text colour reaches 4.5:1 on its background in both schemes, focus rings and input borders 3:1 (the asset spec
 * checks the pairs). The amber #d97706 is decoration only: it is too light for text on white.
 * @publicApi
 */
export const CONSOLE_CSS = `:root {
  color-scheme: light dark;
  --bg: #f5f6f8;
  --fg: #1d2330;
  --card: #ffffff;
  --muted: #4a5263;
  --line: #d5d9e0;
  --accent: #d97706;
  --link: #b45309;
  --btn: #b45309;
  --btn-fg: #ffffff;
  --danger: #b91c1c;
  --danger-fg: #ffffff;
  --ok-bg: #ecfdf3;
  --ok-fg: #14532d;
  --err-bg: #fef2f2;
  --err-fg: #991b1b;
  --focus: #1d4ed8;
  --input-bg: #ffffff;
  --input-line: #6b7280;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #14171c;
    --fg: #e8eaee;
    --card: #1e232b;
    --muted: #b5bcc8;
    --line: #3a414d;
    --link: #f59e0b;
    --btn: #f59e0b;
    --btn-fg: #14171c;
    --danger: #f87171;
    --danger-fg: #14171c;
    --ok-bg: #0f2a1c;
    --ok-fg: #bbf7d0;
    --err-bg: #3b1114;
    --err-fg: #fecaca;
    --focus: #93c5fd;
    --input-bg: #14171c;
    --input-line: #8b93a1;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--fg); }
a { color: var(--link); text-underline-offset: .15em; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .92em; overflow-wrap: anywhere; }
.skip { position: absolute; left: .5rem; top: -10rem; z-index: 10; padding: .5rem 1rem; background: var(--card); color: var(--fg); border: 2px solid var(--focus); border-radius: 6px; }
.skip:focus { top: .5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.top { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding: .75rem 1rem; background: var(--card); border-bottom: 4px solid var(--accent); }
.brand { margin: 0; font-weight: 700; font-size: 1.1rem; }
.brand a { color: var(--fg); text-decoration: none; }
.nav ul { display: flex; flex-wrap: wrap; gap: .25rem; margin: 0; padding: 0; list-style: none; }
.nav a { display: inline-block; padding: .375rem .625rem; border-radius: 6px; color: var(--fg); text-decoration: none; }
.nav a:hover { text-decoration: underline; }
.nav a[aria-current="page"] { font-weight: 700; background: var(--bg); box-shadow: inset 0 -3px 0 var(--accent); }
.who { margin: 0 0 0 auto; color: var(--muted); font-size: .9rem; overflow-wrap: anywhere; }
main { display: block; max-width: 72rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; overflow-wrap: break-word; }
h1 { margin: 0 0 1rem; font-size: 1.6rem; line-height: 1.25; }
h2 { margin: 0 0 .75rem; font-size: 1.2rem; line-height: 1.3; }
h3 { margin: 1rem 0 .5rem; font-size: 1.05rem; }
.panel { margin: 0 0 1.25rem; padding: 1rem 1.25rem; background: var(--card); border-radius: 10px; box-shadow: 0 1px 6px rgba(0, 0, 0, .08); }
.panel > :last-child { margin-bottom: 0; }
.pre { white-space: pre-wrap; overflow-wrap: anywhere; }
.none, .hint { color: var(--muted); }
.hint { margin: 0 0 .375rem; font-size: .9rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .375rem 1rem; margin: 0; }
.facts dt { font-weight: 600; color: var(--muted); }
.facts dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
.facts ul { margin: 0; padding-left: 1.25rem; }
.table-wrap { overflow-x: auto; margin: 0 0 .75rem; }
table { width: 100%; min-width: 36rem; border-collapse: collapse; }
caption { padding: 0 0 .5rem; font-weight: 700; text-align: left; }
th, td { padding: .5rem .625rem; text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); }
thead th { font-size: .875rem; color: var(--muted); }
tbody th { font-weight: 600; }
.badge { display: inline-block; padding: 0 .5rem; border: 1px solid var(--line); border-radius: 999px; font-size: .875rem; white-space: nowrap; }
.badge-active, .badge-pending { border-color: var(--accent); font-weight: 700; }
.field { margin: 0 0 1rem; }
label, .label { display: block; margin: 0 0 .25rem; font-weight: 600; }
.required { font-weight: 400; color: var(--muted); }
input[type="text"], input[type="number"], input[type="datetime-local"], select, textarea {
  width: 100%; max-width: 36rem; min-height: 2.75rem; padding: .5rem .625rem;
  font: inherit; color: var(--fg); background: var(--input-bg); border: 1px solid var(--input-line); border-radius: 6px;
}
textarea { min-height: 6rem; resize: vertical; }
[aria-invalid="true"] { border: 2px solid var(--err-fg); }
.field-error { margin: .375rem 0 0; font-weight: 600; color: var(--err-fg); }
.filters { display: flex; flex-wrap: wrap; align-items: flex-end; gap: .75rem 1rem; }
.filters .field { flex: 1 1 12rem; min-width: 0; margin: 0; }
button, .button {
  display: inline-block; min-height: 2.75rem; padding: .5rem 1rem; border: 2px solid var(--btn); border-radius: 6px;
  font: inherit; font-weight: 700; line-height: 1.5; color: var(--btn-fg); background: var(--btn); cursor: pointer; text-decoration: none;
}
button:hover, .button:hover { text-decoration: underline; }
.button-secondary { color: var(--link); background: transparent; }
.button-danger { color: var(--danger-fg); background: var(--danger); border-color: var(--danger); }
.actions { display: flex; flex-wrap: wrap; align-items: center; gap: .75rem; margin: 1rem 0 0; }
.action { padding: 1rem 0; border-top: 1px solid var(--line); }
.action:first-of-type { border-top: 0; padding-top: 0; }
.flash, .errors, .chain { margin: 0 0 1.25rem; padding: .75rem 1rem; border-left: 4px solid; border-radius: 8px; }
.flash-ok, .chain-ok { color: var(--ok-fg); background: var(--ok-bg); }
.flash-error, .errors, .chain-broken { color: var(--err-fg); background: var(--err-bg); }
.errors h2 { font-size: 1.05rem; margin: 0 0 .5rem; }
.errors ul { margin: 0; padding-left: 1.25rem; }
.errors a { color: inherit; }
.pager { margin: 1rem 0 0; }
@media (max-width: 40rem) {
  main { padding: 1rem .75rem 2rem; }
  .who { margin-left: 0; flex-basis: 100%; }
  .facts { grid-template-columns: 1fr; }
  .facts dd { margin-bottom: .5rem; }
  .panel { padding: .875rem; }
}
@media (prefers-reduced-motion: reduce) { * { scroll-behavior: auto !important; } }
@media print { .skip, .nav, form { display: none; } body { background: #fff; color: #000; } }
`;

/**
 * The console's script (`text/javascript`), ES2017 without a framework, every step guarded so a browser lacking
 * an API keeps the server-rendered page as it is:
 * - every `<time datetime>` shows the viewer's local time and zone name (its `title` keeps the UTC time);
 * - every hidden `tz` field gets the browser's IANA zone, `[data-tz-label]` elements name it, and a
 *   `datetime-local` input with `data-utc` (a prefilled instant) is rewritten to that zone's wall time, so the
 *   value and the zone sent with it always agree; without the script both stay UTC;
 * - a form with `data-confirm` asks `confirm()` before it is submitted (the server keeps its own confirmation
 *   step for the emergency toggle, which works without the script).
 * @publicApi
 */
export const CONSOLE_JS = `(function () {
  'use strict';
  if (typeof document === 'undefined' || !document.querySelectorAll) return;
  function each(selector, fn) {
    var list = document.querySelectorAll(selector);
    for (var i = 0; i < list.length; i++) {
      try { fn(list[i]); } catch (e) { /* leave this element as the server drew it */ }
    }
  }
  function pad(n) { return (n < 10 ? '0' : '') + n; }

  var zone = '';
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { zone = ''; }

  // (a) Times in the viewer's own zone, named so nobody wonders which clock it is.
  each('time[datetime]', function (el) {
    var date = new Date(el.getAttribute('datetime'));
    if (isNaN(date.getTime())) return;
    var text;
    try {
      text = date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    } catch (e) {
      text = date.toLocaleString();
    }
    el.textContent = zone ? text + ' (' + zone + ')' : text;
  });

  // (b) Times typed into forms are read in the browser's zone. Only when the zone is known: otherwise the
  // fields, the prefilled values and the labels all keep saying UTC, which is what the server then assumes.
  if (zone) {
    each('input[name="tz"]', function (el) { el.value = zone; });
    each('[data-tz-label]', function (el) { el.textContent = zone; });
    each('input[data-utc]', function (el) {
      var date = new Date(el.getAttribute('data-utc'));
      if (isNaN(date.getTime())) return;
      el.value = date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + 'T' + pad(date.getHours()) + ':' + pad(date.getMinutes());
    });
  }

  // (c) A last question before a form that changes something drastic is sent.
  if (document.addEventListener) {
    document.addEventListener('submit', function (event) {
      var form = event.target;
      if (!form || !form.getAttribute) return;
      var question = form.getAttribute('data-confirm');
      if (question && typeof window.confirm === 'function' && !window.confirm(question)) event.preventDefault();
    });
  }
})();
`;
