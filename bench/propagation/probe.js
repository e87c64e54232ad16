'use strict';
// One measured toggle: POST /maintenance/toggle on instance A, and meanwhile GET /items on instance B
// again and again until B enforces the new mode (503 in full, 200 when off).
const http = require('node:http');
const { performance } = require('node:perf_hooks');

/** Pause between two polls of B: fine enough for a 100 ms goal, light enough not to load B. */
const POLL_INTERVAL_MS = 2;
const ADMIN_HEADERS = { 'x-user': 'bench', 'x-role': 'admin' };
const EXPECTED_STATUS = { full: 503, off: 200 };

/** A keep-alive client for one instance, one request at a time (so a poll never queues behind another). */
function client(port) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const request = (method, path, body) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers = payload === undefined ? {} : { ...ADMIN_HEADERS, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
      const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode, text }));
      });
      req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${path} on port ${port}: no answer within 10 s`)));
      req.on('error', reject);
      req.end(payload);
    });
  return { request, close: () => agent.destroy() };
}

/**
 * Toggles A to `mode` and polls B from the moment the toggle is sent. Resolves to the times, in ms, from
 * the toggle being sent and from its response to the first poll of B that showed the new mode (its
 * answer's arrival), or { timedOut } when B did not switch within `timeoutMs`.
 */
async function measureToggle(a, b, mode, timeoutMs) {
  const expected = EXPECTED_STATUS[mode];
  const sentAt = performance.now();
  let returnedAt = null;
  const toggle = a.request('POST', '/maintenance/toggle', { mode, reason: 'propagation benchmark' }).then((res) => {
    returnedAt = performance.now();
    if (res.status !== 200) throw new Error(`toggle to ${mode} answered ${res.status}: ${res.text.slice(0, 200)}`);
  });
  // Seen before the toggle fails? Still surface the toggle's error, not an unhandled rejection.
  toggle.catch(() => undefined);
  const pollMs = [];
  let seenAt = null;
  for (;;) {
    const pollStart = performance.now();
    const res = await b.request('GET', '/items');
    const now = performance.now();
    pollMs.push(now - pollStart);
    if (res.status === expected) {
      seenAt = now;
      break;
    }
    if (res.status !== EXPECTED_STATUS.full && res.status !== EXPECTED_STATUS.off) {
      throw new Error(`GET /items on B answered ${res.status}: ${res.text.slice(0, 200)}`);
    }
    if (now - sentAt > timeoutMs) break;
    await sleep(POLL_INTERVAL_MS);
  }
  await toggle;
  if (seenAt === null) return { mode, timedOut: true, pollMs };
  return { mode, fromSent: seenAt - sentAt, fromReturn: seenAt - returnedAt, toggleMs: returnedAt - sentAt, pollMs };
}

/** Checks that B answers as in `mode` now (before a toggle, after the previous one was measured). */
async function expectMode(b, mode) {
  const res = await b.request('GET', '/items');
  if (res.status !== EXPECTED_STATUS[mode]) throw new Error(`B answers ${res.status}, expected ${EXPECTED_STATUS[mode]} (${mode})`);
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

module.exports = { POLL_INTERVAL_MS, client, measureToggle, expectMode, sleep };
