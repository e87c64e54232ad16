/** What one delivery attempt gave, for the outbox's bookkeeping and its logs. */
export interface WebhookDeliveryResult {
  /** A 2xx answer: the receiver has the event. */
  ok: boolean;
  /** The HTTP status, or null when no answer came (refused, timed out, DNS, TLS). */
  status: number | null;
  /** Why it failed, short enough for a log line or a column (`HTTP 500`, `timed out after 5000 ms`), or null when ok. */
  error: string | null;
  /** Time from the request to the answer's status line (or the failure), in whole milliseconds. */
  durationMs: number;
}

/** Characters of an error text: it goes into logs and the outbox, not a stack trace. */
const ERROR_TEXT_MAX = 200;

/**
 * Network error codes as a short text. undici (Node's fetch) reports them as the `cause` of a bare `fetch failed`,
 * which alone would tell an operator nothing.
 */
const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connect timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  UND_ERR_SOCKET: 'connection closed by the receiver',
  UND_ERR_HEADERS_TIMEOUT: 'no answer (headers timeout)',
};

/**
 * POSTs one webhook request with Node's fetch and says how it went; never throws (a failed delivery is data for
 * the outbox, not an exception).
 *
 * - 2xx is success. Redirects are not followed (`redirect: 'manual'`) and count as failures: following one would
 *   send the signed event to a URL nobody configured, and a moved receiver should be configured anew.
 * - `timeoutMs` bounds the whole attempt (connect, request, status line), by `AbortSignal.timeout`.
 * - The answer's body is never read, only cancelled: the receiver's reply means nothing to the sender, and an unread
 *   body would keep its socket (and memory) until the garbage collector finds it.
 * - Only `http:` and `https:` URLs without credentials are requested (`checkWebhookUrl()`); fetch would otherwise
 *   "deliver" to a `data:` URL.
 */
export async function deliverWebhook(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<WebhookDeliveryResult> {
  const started = performance.now();
  const result = (status: number | null, error: string | null): WebhookDeliveryResult => ({
    ok: error === null,
    status,
    error: error === null ? null : truncate(error),
    durationMs: Math.round(performance.now() - started),
  });
  const problem = checkWebhookUrl(url);
  if (problem !== null) return result(null, `invalid URL: it ${problem}`);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) return result(null, 'invalid timeout: it must be a positive number of milliseconds');
  const timeout = Math.ceil(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeout) });
  } catch (error) {
    return result(null, fetchErrorText(error, timeout));
  }
  const status = response.status;
  const done = result(
    status,
    status >= 200 && status <= 299 ? null : status >= 300 && status <= 399 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}`,
  );
  // Cancelling starts at once and closes the connection; its promise is not awaited, so nothing about the
  // receiver's stream can hold up the result.
  void response.body?.cancel().catch(() => undefined);
  return done;
}

/**
 * Why `url` cannot be a webhook's URL, as the end of a sentence that starts with the option's name, or null when it
 * can: an absolute `http:` or `https:` URL without a user name or password (a secret in the URL would land in logs;
 * the request is authenticated by its signature instead). For the validation of `notify.webhooks[].url`.
 */
export function checkWebhookUrl(url: string): string | null {
  if (typeof url !== 'string' || url.length === 0) return 'must be a non-empty string';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute URL, e.g. https://hooks.example.com/maintenance';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `must be an http: or https: URL, not ${parsed.protocol}`;
  if (parsed.username !== '' || parsed.password !== '') return 'must not contain a user name or password (requests are authenticated by their signature)';
  return null;
}

/** A short text for a fetch failure: the time-out, a known network code, or the error's own message. */
function fetchErrorText(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  const cause = (error as { cause?: unknown } | null)?.cause;
  const code = errorCode(cause) ?? errorCode(error);
  if (code !== null) {
    if (NETWORK_ERRORS[code]) return NETWORK_ERRORS[code];
    if (/CERT|TLS|SSL/.test(code)) return `TLS error (${code})`;
    return code;
  }
  const causeMessage = (cause as { message?: unknown } | null)?.message;
  // The Fetch standard blocks some ports (6000, 6666, 10080, …) and undici only says "bad port".
  if (causeMessage === 'bad port') return 'port blocked by fetch (a "bad port" of the Fetch standard)';
  if (typeof causeMessage === 'string' && causeMessage) return causeMessage;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message ? message : String(error);
}

/** The `code` of a system error; for an AggregateError (several addresses tried, all failed), the first one's. */
function errorCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code) return code;
  const errors = (error as { errors?: unknown }).errors;
  return Array.isArray(errors) && errors.length > 0 ? errorCode(errors[0]) : null;
}

function truncate(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > ERROR_TEXT_MAX ? `${line.slice(0, ERROR_TEXT_MAX - 1)}…` : line;
}
