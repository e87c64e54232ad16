'use strict';
// What the throughput suite measures. Each scenario runs in a server process of its own, on each adapter.

const ADAPTERS = ['express', 'fastify'];

/**
 * `app`: which app the server builds (see app/app-module.js); `mode`: switched on through
 * MaintenanceService.enable before the first request; `path`: what autocannon requests; `expect`: the
 * status every response must have, or the run is reported as failed.
 */
const SCENARIOS = [
  { id: 'bare', label: '(1) bare Nest, no module (baseline)', app: 'bare', mode: null, path: '/items', expect: 200 },
  { id: 'off', label: '(2) module, mode off', app: 'module', mode: null, path: '/items', expect: 200 },
  { id: 'read-only', label: '(3) module, read-only, GET', app: 'module', mode: 'read-only', path: '/items', expect: 200 },
  { id: 'full-bypass', label: '(4) module, full, bypassed path', app: 'module', mode: 'full', path: '/status/ping', expect: 200 },
  { id: 'full-503', label: '(5) module, full, 503 answer', app: 'module', mode: 'full', path: '/items', expect: 503 },
  { id: 'naive', label: '(6) naive guard, DB read per request', app: 'naive', mode: null, path: '/items', expect: 200 },
];

const BASELINE = 'bare';
/** The scenarios the goal is about: requests/s ≥ 0.97 × baseline and p99 within 5 % of it. */
const HEADLINE = ['off', 'read-only', 'full-bypass'];
const GOAL = { minRatio: 0.97, maxP99Ratio: 1.05 };

module.exports = { ADAPTERS, SCENARIOS, BASELINE, HEADLINE, GOAL };
