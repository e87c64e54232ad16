import { randomBytes, timingSafeEqual } from 'node:crypto';
import { AdapterRequest } from '../interfaces/adapter-request.type';

/** The console's anti-forgery cookie (double submit: the same value in the cookie and in each form). */
export const CONSOLE_CSRF_COOKIE = 'nm_console_csrf';

/** The token of a value the console set before: 43 base64url characters (32 random bytes). */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The request's console token, when it sent one the console set. */
export function csrfCookieOf(request: AdapterRequest): string | null {
  const header: unknown = request.headers?.cookie;
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at === -1 || part.slice(0, at).trim() !== CONSOLE_CSRF_COOKIE) continue;
    const value = part.slice(at + 1).trim();
    return TOKEN.test(value) ? value : null;
  }
  return null;
}

/** A new token. */
export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The `Set-Cookie` value for `token`: HttpOnly (no script needs it: the server writes it into each form),
 * SameSite=Strict (never sent with a request from another site), scoped to the console's path.
 */
export function csrfCookieHeader(token: string, path: string, secure: boolean): string {
  return `${CONSOLE_CSRF_COOKIE}=${token}; Path=${path}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/**
 * Why a form post must be refused as possibly forged, or null when it is the console's own: it must come from this
 * site (`Sec-Fetch-Site` and `Origin`, when the browser sends them) and carry in `_csrf` the token of its cookie
 * (compared in constant time). A site that cannot read the cookie cannot put it in a form.
 */
export function csrfProblem(request: AdapterRequest, submitted: unknown): string | null {
  const site = request.headers?.['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return 'the form was sent from another site';
  const origin: unknown = request.headers?.origin;
  const host: unknown = request.headers?.host;
  if (typeof origin === 'string' && origin !== 'null') {
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (originHost !== host) return 'the form was sent from another site';
  } else if (origin === 'null') return 'the form was sent from another site';
  const cookie = csrfCookieOf(request);
  if (cookie === null || typeof submitted !== 'string' || submitted.length !== cookie.length) return 'the form has no valid token';
  return timingSafeEqual(Buffer.from(cookie), Buffer.from(submitted)) ? null : 'the form has no valid token';
}
