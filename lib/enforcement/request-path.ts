import parseurl from 'parseurl';
import { AdapterRequest } from '../interfaces/adapter-request.type';

/**
 * The path the router routes, with any global prefix, for `bypass.paths` to decide on: a bypass must never
 * name more than the route it lets through.
 *
 * - Express routes `parseurl(req).pathname` of `req.url` (as middleware may have rewritten it), so this asks
 *   the same library on the same field (it caches its answer on the request, where the router has already
 *   put it): the path ends at `?`, and a request target with a `#` is parsed as a URL whose fragment is not
 *   part of the path.
 * - Fastify (find-my-way) ends the path at the first `?` or `#`, and at `;` when the app set
 *   `useSemicolonDelimiter`.
 *
 * Percent-encodings are left as sent: a pattern written for the decoded path then matches less, never more
 * (a refusal may be wider than the route, a bypass may not).
 */
export function requestPath(request: AdapterRequest): string {
  if (request.raw !== undefined) return fastifyPath(request.url ?? '/', semicolonEndsPath(request));
  return parseurl(request)?.pathname ?? '/';
}

function fastifyPath(url: string, semicolon: boolean): string {
  let end = url.length;
  for (let i = 1; i < end; i++) {
    const code = url.charCodeAt(i);
    if (code === 0x3f /* ? */ || code === 0x23 /* # */ || (semicolon && code === 0x3b) /* ; */) end = i;
  }
  return end === url.length ? url : url.slice(0, end);
}

/** Whether the Fastify app routes `/a;b` as `/a` (its `useSemicolonDelimiter`, top level or router option). */
function semicolonEndsPath(request: AdapterRequest): boolean {
  const config = request.server?.initialConfig as { useSemicolonDelimiter?: boolean; routerOptions?: { useSemicolonDelimiter?: boolean } } | undefined;
  return config?.useSemicolonDelimiter === true || config?.routerOptions?.useSemicolonDelimiter === true;
}
