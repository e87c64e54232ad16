import { escapeHtml } from '../utils/html-escape';
import { CONSOLE_CSS_PATH, CONSOLE_JS_PATH } from './console-assets';

/** The console's sections, for the navigation's `aria-current`. @publicApi */
export type ConsoleSection = 'overview' | 'windows' | 'request' | 'toggle' | 'audit';

/** One page of the admin console, as `renderConsolePage` draws it. @publicApi */
export interface ConsolePage {
  /** The page's `<h1>` and `<title>` (plain text; escaped here). */
  title: string;
  /** Where the console is mounted, without trailing slash, e.g. `/maintenance/console`. */
  base: string;
  /** Who is signed in, or null when the admin guard names nobody. */
  actor: string | null;
  /** The navigation entry to mark as the current page, or null for none (an error page). */
  active: ConsoleSection | null;
  /** The page's content under its `<h1>`: HTML, already escaped (one of the console's views). */
  body: string;
  /** A one-line outcome of the last action (`ok`: polite status; `error`: an alert). */
  flash?: { kind: 'ok' | 'error'; text: string } | null;
  /** The HTTP status the controller answers with; only 401 changes the page (the header then says "Not signed in"). */
  status?: number;
}

const NAV: readonly { section: ConsoleSection; label: string; path: string }[] = [
  { section: 'overview', label: 'Overview', path: '' },
  { section: 'windows', label: 'Windows', path: '/windows' },
  { section: 'request', label: 'Request', path: '/windows/new' },
  { section: 'toggle', label: 'Emergency toggle', path: '/toggle' },
  { section: 'audit', label: 'Audit log', path: '/audit' },
];

/**
 * A whole console page. Fit for a strict Content-Security-Policy (`default-src 'self'`): no inline script, no
 * `<style>` and no `style` attribute; the look and the script come from the two asset URLs under `base`. Works
 * without JavaScript (times then read in UTC, confirmations come from the server), in both colour schemes, from
 * 390 px up. Landmarks: the header (banner) with the navigation, and `<main id="main">`, which the skip link
 * targets as the first thing a keyboard reaches.
 * @publicApi
 */
export function renderConsolePage(page: ConsolePage): string {
  const base = escapeHtml(page.base);
  const title = escapeHtml(page.title);
  const nav = NAV.map(({ section, label, path }) => {
    // An empty base (console mounted at the root) still needs a link that goes somewhere.
    const href = escapeHtml(`${page.base}${path}` || '/');
    const current = page.active === section ? ' aria-current="page"' : '';
    return `<li><a href="${href}"${current}>${escapeHtml(label)}</a></li>`;
  }).join('\n');
  // A 401 page is shown to nobody in particular; elsewhere the admin guard let the viewer in, maybe without a name.
  const who = page.actor ? `Signed in as <strong>${escapeHtml(page.actor)}</strong>` : page.status === 401 ? 'Not signed in' : 'Signed in without a name';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="same-origin">
<title>${title} · Maintenance console</title>
<link rel="stylesheet" href="${base}${CONSOLE_CSS_PATH}">
<script src="${base}${CONSOLE_JS_PATH}" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<header class="top">
<p class="brand"><a href="${escapeHtml(page.base || '/')}">Maintenance console</a></p>
<nav class="nav" aria-label="Console">
<ul>
${nav}
</ul>
</nav>
<p class="who">${who}</p>
</header>
<main id="main">
<h1>${title}</h1>
${flashHtml(page.flash)}${page.body}
</main>
</body>
</html>
`;
}

/** The outcome of the last action: `role="status"` for success (polite), `role="alert"` for a failure. */
function flashHtml(flash: ConsolePage['flash']): string {
  if (!flash) return '';
  const role = flash.kind === 'error' ? 'alert' : 'status';
  return `<div class="flash flash-${flash.kind === 'error' ? 'error' : 'ok'}" role="${role}">${escapeHtml(flash.text)}</div>\n`;
}
