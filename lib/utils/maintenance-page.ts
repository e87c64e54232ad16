import { MaintenancePageData } from '../interfaces/maintenance-module-options.interface';
import { escapeHtml } from './html-escape';

/**
 * The default page shown to browsers: self-contained (no external assets), readable without JavaScript,
 * with the expected end in UTC inside `<time datetime>`, turned into the visitor's local time by a small
 * inline script when JavaScript runs.
 * @publicApi
 */
export function renderMaintenancePage(data: MaintenancePageData): string {
  const full = data.mode === 'full';
  const title = full ? 'Down for maintenance' : 'Read-only maintenance';
  const until = data.until
    ? `<p>Expected back: <time id="until" datetime="${escapeHtml(data.until)}">${escapeHtml(formatUtc(data.until))}</time>.</p>`
    : '';
  const retry = full
    ? `<p class="hint">Please try again ${data.retryAfterSeconds ? `in about ${escapeHtml(humanDuration(data.retryAfterSeconds))}` : 'later'}; this page does not reload by itself.</p>`
    : `<p class="hint">You can keep browsing, but changes cannot be saved right now. Please try again later.</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>
  :root { color-scheme: light dark; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; font: 1.05rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: #f5f6f8; color: #1d2330; }
  main { max-width: 34rem; margin: 2rem; padding: 2.5rem; border-radius: 12px; background: #fff; box-shadow: 0 2px 14px rgba(0,0,0,.08); }
  h1 { margin-top: 0; font-size: 1.6rem; }
  .hint { color: #4a5263; }
  @media (prefers-color-scheme: dark) { body { background: #14171c; color: #e8eaee; } main { background: #1e232b; } .hint { color: #b5bcc8; } }
</style>
</head>
<body>
<main role="main" aria-labelledby="title">
<h1 id="title">${title}</h1>
<p id="message">${escapeHtml(data.message)}</p>
${until}
${retry}
</main>
<script>
(function () {
  var el = document.getElementById('until');
  if (!el) return;
  var date = new Date(el.getAttribute('datetime'));
  if (!isNaN(date.getTime())) el.textContent = date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
})();
</script>
</body>
</html>
`;
}

function formatUtc(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function humanDuration(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} minutes`;
  return `${Math.round(minutes / 60)} hours`;
}
