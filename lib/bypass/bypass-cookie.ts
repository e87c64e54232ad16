import { createHmac, timingSafeEqual } from 'node:crypto';
import { AdapterRequest } from '../interfaces/adapter-request.type';

/** Default name of the bypass cookie. @publicApi */
export const MAINTENANCE_BYPASS_COOKIE = 'nestjs_maintenance_bypass';

/** Issues and checks the signed cookie a bypass link sets. */
export interface BypassCookie {
  readonly name: string;
  readonly maxAgeSeconds: number;
  /** The cookie value for a visitor let in now: `<expiry ms>.<HMAC of it>`. */
  issue(now?: number): string;
  /** Whether the request carries an unexpired cookie this server signed. */
  verify(request: AdapterRequest, now?: number): boolean;
}

/**
 * The cookie carries only its expiry and an HMAC of it, keyed by a key derived from the link's secret:
 * nothing to look up, valid on every instance that shares the secret, impossible to forge or extend
 * without it. Compared in constant time.
 */
export function createBypassCookie(secret: string, name: string, maxAgeSeconds: number): BypassCookie {
  const key = createHmac('sha256', secret).update('nestjs-maintenance bypass cookie').digest();
  const sign = (expires: string) => createHmac('sha256', key).update(expires).digest('base64url');
  const prefix = `${name}=`;
  return {
    name,
    maxAgeSeconds,
    issue: (now = Date.now()) => {
      const expires = String(now + maxAgeSeconds * 1000);
      return `${expires}.${sign(expires)}`;
    },
    verify: (request, now = Date.now()) => {
      const header: unknown = request.headers?.cookie;
      if (typeof header !== 'string' || !header.includes(prefix)) return false;
      const value = header
        .split(';')
        .map((part) => part.trim())
        .find((part) => part.startsWith(prefix))
        ?.slice(prefix.length);
      const dot = value?.indexOf('.') ?? -1;
      if (!value || dot < 1) return false;
      const expires = value.slice(0, dot);
      if (!/^\d{1,15}$/.test(expires) || Number(expires) <= now) return false;
      const given = Buffer.from(value.slice(dot + 1));
      const expected = Buffer.from(sign(expires));
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
