import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures in the Standard Webhooks scheme (https://www.standardwebhooks.com, as Svix and Resend sign),
 * so a receiver can check them with an existing library as well as with `verifyMaintenanceWebhook()`:
 *
 * - `webhook-id`: the delivery's id, the same on every retry (receivers de-duplicate on it);
 * - `webhook-timestamp`: unix seconds of this attempt (receivers refuse stale ones: replay protection);
 * - `webhook-signature`: `v1,` + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)), possibly several
 *   separated by spaces (while a secret is rotated).
 */

/** The prefix of a Standard Webhooks secret; what follows it is the key, base64-encoded. */
const WHSEC_PREFIX = 'whsec_';

/** Keys shorter than this are refused: the bypass secret asks as much (16 characters), an HMAC key deserves no less. */
const MIN_KEY_BYTES = 16;

/** The tolerance of the reference libraries (5 minutes): wide enough for clock skew, narrow enough to limit replays. */
const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * What a `webhook-id` may hold: visible ASCII without spaces. The sender only ever uses its own ids, so this refuses
 * nothing legitimate, and it keeps a bad id from becoming an invalid (or split) HTTP header.
 */
const WEBHOOK_ID = /^[\x21-\x7e]{1,256}$/;

/** A timestamp header: digits only (the reference libraries' `parseInt` would also take `12abc`); 15 digits stay safe integers. */
const TIMESTAMP = /^\d{1,15}$/;

/** Standard base64 without its padding; the padding is checked separately. */
const BASE64_BODY = /^[A-Za-z0-9+/]+$/;

/**
 * Why `secret` cannot sign webhooks, as the end of a sentence that starts with the option's name, or null when it
 * can. A `whsec_` secret must be `whsec_` followed by standard base64 (as Standard Webhooks and Svix issue them);
 * any other string is used as its UTF-8 bytes. Either way the key must have at least 16 bytes.
 *
 * For the option validation of `notify.webhooks[].secret`; `signWebhook()` throws with the same text.
 */
export function checkWebhookSecret(secret: unknown): string | null {
  if (typeof secret !== 'string' || secret.length === 0) return 'must be a non-empty string';
  const key = secretKey(secret);
  if (key === null) return `must be "${WHSEC_PREFIX}" followed by standard base64 (e.g. 32 random bytes), or a plain string without that prefix`;
  if (key.length < MIN_KEY_BYTES) return `must give a key of at least ${MIN_KEY_BYTES} bytes (got ${key.length})`;
  return null;
}

/**
 * The `webhook-signature` value for one attempt: `v1,` and the base64 HMAC-SHA256 of `${id}.${timestampSeconds}.${body}`
 * under the key of `secret` (see `checkWebhookSecret()`).
 *
 * @throws TypeError when the secret, the id or the timestamp is unusable: a configuration or programming error,
 *   which must not go out as a request no receiver can verify.
 */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const problem = checkWebhookSecret(secret);
  if (problem !== null) throw new TypeError(`The webhook secret ${problem}`);
  if (typeof id !== 'string' || !WEBHOOK_ID.test(id)) throw new TypeError('The webhook id must be 1 to 256 visible ASCII characters without spaces');
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) throw new TypeError('The webhook timestamp must be whole unix seconds');
  if (typeof body !== 'string') throw new TypeError('The webhook body must be a string');
  return `v1,${hmac(secretKey(secret)!, id, String(timestampSeconds), body)}`;
}

/**
 * The headers of one delivery attempt: the three Standard Webhooks headers, signed at `now` (milliseconds, floored to
 * seconds), plus `content-type: application/json` and `user-agent: nestjs-maintenance-webhooks`. Call it again on every
 * retry with the same `id`: the timestamp (and so the signature) must be fresh, or receivers refuse a late retry as
 * a replay.
 *
 * @throws TypeError as `signWebhook()` does.
 */
export function webhookHeaders(secret: string, id: string, body: string, now: number = Date.now()): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return {
    'content-type': 'application/json',
    'user-agent': 'nestjs-maintenance-webhooks',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(secret, id, timestamp, body),
  };
}

/** Options of `verifyMaintenanceWebhook()`. @publicApi */
export interface VerifyMaintenanceWebhookOptions {
  /** How far `webhook-timestamp` may be from now, either way, in seconds. Default 300 (as the Standard Webhooks libraries). */
  toleranceSeconds?: number;
  /** The current time in milliseconds since the epoch. Default `Date.now()`. */
  now?: number;
}

/**
 * Checks, in the app that receives them, that a webhook of nestjs-maintenance is authentic: one of the `v1` signatures
 * in `webhook-signature` matches (compared in constant time), and `webhook-timestamp` is within `toleranceSeconds` of now,
 * so a captured request cannot be replayed later. It is the Standard Webhooks scheme, so the `standardwebhooks` or `svix`
 * packages verify the same requests (with a plain, non-`whsec_` secret, theirs needs `{ format: 'raw' }` and ASCII).
 *
 * Pass the raw body, exactly the bytes received: a body parsed and serialized again is not what was signed. Header
 * names are matched case-insensitively; a `Headers` object (fetch-style frameworks) works too. Never throws: missing,
 * repeated or malformed headers, a bad secret or a body that is not a string or Buffer all give `false`.
 *
 * Also de-duplicate on `webhook-id`: a delivery is retried with the same id until a 2xx answer arrives, so the same
 * event can come more than once.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { verifyMaintenanceWebhook } from 'nestjs-maintenance';
 *
 * const app = express();
 * // express.raw(), not express.json(): the signature covers the bytes as they were sent.
 * app.post('/hooks/maintenance', express.raw({ type: 'application/json' }), (req, res) => {
 *   if (!verifyMaintenanceWebhook(process.env.MAINTENANCE_WEBHOOK_SECRET!, req.headers, req.body)) {
 *     return res.sendStatus(401);
 *   }
 *   const event = JSON.parse(req.body.toString('utf8'));  // { id, type, at, actor, window, state }
 *   // … handle event.type once per event.id …
 *   res.sendStatus(204);
 * });
 * ```
 * In NestJS, create the app with `{ rawBody: true }` and pass `req.rawBody` (`RawBodyRequest<Request>`).
 * @publicApi
 */
export function verifyMaintenanceWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined> | Headers,
  rawBody: string | Buffer,
  options: VerifyMaintenanceWebhookOptions = {},
): boolean {
  // One guard around everything: the arguments come from the network and from callers in plain JavaScript, and a
  // receiver must be able to call this without a try/catch of its own. Every failure is "not authentic".
  try {
    return verify(secret, headers, rawBody, options ?? {});
  } catch {
    return false;
  }
}

function verify(secret: unknown, headers: unknown, rawBody: unknown, options: VerifyMaintenanceWebhookOptions): boolean {
  if (typeof secret !== 'string' || checkWebhookSecret(secret) !== null) return false;
  const body = bodyBytes(rawBody);
  if (body === null) return false;

  const id = singleHeader(headers, 'webhook-id');
  const timestamp = singleHeader(headers, 'webhook-timestamp');
  const signatures = headerValues(headers, 'webhook-signature');
  if (id === null || !WEBHOOK_ID.test(id) || timestamp === null || !TIMESTAMP.test(timestamp) || signatures === null) return false;

  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const nowMs = options.now ?? Date.now();
  // A tolerance or clock that is not a number fails closed rather than disabling the replay check.
  if (typeof tolerance !== 'number' || Number.isNaN(tolerance) || tolerance < 0 || typeof nowMs !== 'number' || !Number.isFinite(nowMs)) return false;
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > tolerance) return false;

  // Compared as base64 text, as the reference libraries do: Buffer's lenient base64 decoder would accept variants.
  const expected = Buffer.from(hmac(secretKey(secret)!, id, timestamp, body), 'utf8');
  let matched = false;
  for (const value of signatures) {
    for (const versioned of value.split(' ')) {
      if (!versioned.startsWith('v1,')) continue; // other versions (e.g. `v1a`, asymmetric) are not ours to check
      const candidate = Buffer.from(versioned.slice(3), 'utf8');
      // timingSafeEqual needs equal lengths; the length of a valid signature is public anyway (always 44).
      // No early return: every candidate is compared, so timing does not tell which one matched.
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) matched = true;
    }
  }
  return matched;
}

/** The HMAC key of a secret, or null when a `whsec_` secret is not valid base64. */
function secretKey(secret: string): Buffer | null {
  if (!secret.startsWith(WHSEC_PREFIX)) return Buffer.from(secret, 'utf8');
  const encoded = secret.slice(WHSEC_PREFIX.length);
  const unpadded = encoded.replace(/={1,2}$/, '');
  if (!BASE64_BODY.test(unpadded) || unpadded.length % 4 === 1) return null;
  if (unpadded !== encoded && encoded.length % 4 !== 0) return null;
  const key = Buffer.from(unpadded, 'base64');
  // Strict like the reference decoder: Buffer would silently drop stray bits, so a mistyped last character could
  // otherwise give the same key as the right one, and the two sides would disagree on what is valid.
  return key.toString('base64').replace(/=+$/, '') === unpadded ? key : null;
}

function hmac(key: Buffer, id: string, timestamp: string, body: string | Buffer): string {
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.`, 'utf8');
  // A Buffer is signed as its bytes: decoding it to a string first would replace invalid UTF-8 and change them.
  return (typeof body === 'string' ? mac.update(body, 'utf8') : mac.update(body)).digest('base64');
}

function bodyBytes(rawBody: unknown): string | Buffer | null {
  if (typeof rawBody === 'string' || Buffer.isBuffer(rawBody)) return rawBody;
  if (rawBody instanceof Uint8Array) return Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
  // A parsed object (express.json() ran first) cannot be verified: its bytes are gone.
  return null;
}

/**
 * Every value of a header, whatever the case of its name, or null when it is absent. Node gives repeated headers
 * as arrays; a plain object may hold the same name in two spellings.
 */
function headerValues(headers: unknown, name: string): string[] | null {
  if (typeof headers !== 'object' || headers === null) return null;
  if (typeof (headers as Headers).get === 'function' && !Array.isArray(headers)) {
    const value = (headers as Headers).get(name);
    return typeof value === 'string' ? [value] : null;
  }
  const values: string[] = [];
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() !== name) continue;
    const value = (headers as Record<string, unknown>)[key];
    if (typeof value === 'string') values.push(value);
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) values.push(...value);
    else if (value !== undefined) return null;
  }
  return values.length > 0 ? values : null;
}

/** A header that must appear once: two ids or two timestamps are ambiguous, so they are refused. */
function singleHeader(headers: unknown, name: string): string | null {
  const values = headerValues(headers, name);
  return values !== null && values.length === 1 ? values[0] : null;
}
