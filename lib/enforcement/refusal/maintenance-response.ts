import { AbstractHttpAdapter } from '@nestjs/core';
import { MaintenanceException } from './maintenance.exception';
import { AdapterRequest } from '../../interfaces/adapter-request.type';
import { ResolvedMaintenanceOptions } from '../../options/maintenance-options.resolver';
import { renderMaintenancePage } from './maintenance-page';
import { prefersHtml } from './prefers-html';

/**
 * Writes the answer to a blocked request: JSON by default, the maintenance page (or the app's
 * `renderPage`) when the client prefers HTML. Headers such as Retry-After are set by whoever blocks.
 */
export function replyMaintenance(
  adapter: AbstractHttpAdapter,
  options: ResolvedMaintenanceOptions,
  request: AdapterRequest,
  response: unknown,
  exception: MaintenanceException,
): void {
  // Without Accept-Language (most API clients, every load generator) the answer is in the first language, as built:
  // no negotiation and no extra header on the path of a busy site in maintenance.
  const acceptLanguage: unknown = request.headers?.['accept-language'];
  let locale = options.locales[0];
  let body = exception.body;
  if (acceptLanguage !== undefined) {
    locale = options.chooseLocale(acceptLanguage);
    if (exception.localize) body = exception.localize(locale);
    adapter.setHeader(response, 'Content-Language', locale);
  }
  if (!prefersHtml(request.headers?.accept)) {
    adapter.reply(response, body, body.statusCode);
    return;
  }
  const render = options.renderPage ?? renderMaintenancePage;
  const html = render({
    mode: body.mode,
    statusCode: body.statusCode,
    message: body.message,
    until: body.until,
    retryAfterSeconds: exception.retryAfterSeconds,
    backUrl: body.mode === 'read-only' ? backUrlOf(request) : null,
    // Never sooner than 5 s: a window that has just ended (Retry-After 0) must not make browsers reload in a loop.
    refreshAfterSeconds: options.refreshPage && body.mode === 'full' ? Math.max(5, exception.retryAfterSeconds ?? 0) : null,
    locale,
    // Full maintenance only: the page of a refused write is the answer to a POST, which a reload would send again.
    streamUrl: body.mode === 'full' ? options.live.url : null,
    stateId: options.live.stateId,
  });
  adapter.setHeader(response, 'Content-Type', 'text/html; charset=utf-8');
  adapter.setHeader(response, 'Cache-Control', 'no-store');
  adapter.reply(response, html, body.statusCode);
}

/**
 * Where a refused write's "go back" link points: the page the visitor came from when the Referer is on this
 * host, as a path (never another site, never a protocol-relative `//host`), else the home page.
 */
export function backUrlOf(request: AdapterRequest): string {
  const referer: unknown = request.headers?.referer;
  const host: unknown = request.headers?.host;
  if (typeof referer !== 'string' || typeof host !== 'string') return '/';
  try {
    const url = new URL(referer);
    if (url.host !== host || (url.protocol !== 'http:' && url.protocol !== 'https:')) return '/';
    const path = `${url.pathname}${url.search}`;
    return path.startsWith('//') ? '/' : path;
  } catch {
    return '/';
  }
}
