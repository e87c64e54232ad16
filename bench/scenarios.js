'use strict';
// What the throughput suite measures. Each scenario runs in a server process of its own, on each adapter.

const ADAPTERS = ['express', 'fastify'];

/**
 * `app`: which app the server builds (see app/app-module.js); `mode`: switched on through
 * MaintenanceService.enable before the first request; `path`: what autocannon requests; `expect`: the
 * status every response must have, or the run is reported as failed. `kind`: `baseline`, `control` (a
 * second copy of the baseline: its distance from 1.000 is the method's own error), `reference` (what any
 * global guard costs in Nest, for scale), `module` (the figures the goal is about are `headline`) or
 * `comparison`. `adapters`: where it runs, when not on both. `method`: the HTTP method when not GET (its twin gets the same).
 * `scoped`: scoped windows switched on before the first request (see server.js).
 */
const SCENARIOS = [
  { id: 'bare', label: '(1) bare Nest, no module (baseline)', kind: 'baseline', app: 'bare', mode: null, path: '/items', expect: 200 },
  { id: 'bare-copy', label: '(1′) a second bare app (control)', kind: 'control', app: 'bare', mode: null, path: '/items', expect: 200 },
  { id: 'noop-guard', label: '(r1) bare + global guard returning true', kind: 'reference', app: 'noop-guard', mode: null, path: '/items', expect: 200 },
  { id: 'header-guard', label: '(r2) bare + global guard setting one header', kind: 'reference', app: 'header-guard', mode: null, path: '/items', expect: 200 },
  {
    id: 'refusing-guard',
    label: '(r3) bare + global guard refusing: two headers, a prebuilt 503',
    kind: 'reference',
    app: 'refusing-guard',
    mode: null,
    path: '/items',
    expect: 503,
  },
  { id: 'off', label: '(2) module, mode off', kind: 'module', headline: true, app: 'module', mode: null, path: '/items', expect: 200 },
  { id: 'read-only', label: '(3) module, read-only, GET', kind: 'module', headline: true, app: 'module', mode: 'read-only', path: '/items', expect: 200 },
  {
    id: 'full-bypass',
    label: '(4) module, full, bypassed path',
    kind: 'module',
    headline: true,
    app: 'module',
    mode: 'full',
    path: '/status/ping',
    expect: 200,
  },
  // A write with maintenance off: the guard counts it until its response closes, for the fleet's drain (issue 20).
  {
    id: 'off-write',
    label: '(2w) module, mode off, POST (counted for the drain)',
    kind: 'module',
    app: 'module',
    mode: null,
    path: '/items',
    method: 'POST',
    expect: 201,
  },
  {
    id: 'off-write-no-fleet',
    label: '(2wn) module with fleet: false, mode off, POST (not counted)',
    kind: 'module',
    app: 'module-no-fleet',
    mode: null,
    path: '/items',
    method: 'POST',
    expect: 201,
  },
  // Issue 21: a hundred scoped windows in force must not slow the routes outside their scopes (compare with (2)), nor a
  // route inside one (compare with (3), a whole-app window of the same mode).
  {
    id: 'scoped-other',
    label: '(2s) module, 100 scoped windows for other routes, GET',
    kind: 'module',
    app: 'module',
    mode: null,
    scoped: { windows: 100, mode: 'full' },
    path: '/items',
    expect: 200,
  },
  {
    id: 'scoped-in',
    label: '(3s) module, read-only scope window among 100, GET in scope',
    kind: 'module',
    app: 'module',
    mode: null,
    scoped: { windows: 100, mode: 'read-only' },
    path: '/scoped/items',
    expect: 200,
  },
  { id: 'full-503', label: '(5) module, full, 503 answer', kind: 'module', app: 'module', mode: 'full', path: '/items', expect: 503 },
  { id: 'naive', label: '(6) naive guard, DB read per request', kind: 'comparison', app: 'naive', mode: null, path: '/items', expect: 200 },
  // The module with `guard: 'fastify-hook'`: the same four cases with maintenance enforced by a Fastify route
  // hook instead of a Nest guard. Fastify only (the option refuses Express).
  {
    id: 'hook-off',
    label: '(2h) module, fastify-hook, mode off',
    kind: 'module',
    headline: true,
    app: 'module-hook',
    adapters: ['fastify'],
    mode: null,
    path: '/items',
    expect: 200,
  },
  {
    id: 'hook-off-write',
    label: '(2hw) module, fastify-hook, mode off, POST',
    kind: 'module',
    app: 'module-hook',
    adapters: ['fastify'],
    mode: null,
    path: '/items',
    method: 'POST',
    expect: 201,
  },
  {
    id: 'hook-read-only',
    label: '(3h) module, fastify-hook, read-only, GET',
    kind: 'module',
    headline: true,
    app: 'module-hook',
    adapters: ['fastify'],
    mode: 'read-only',
    path: '/items',
    expect: 200,
  },
  {
    id: 'hook-full-bypass',
    label: '(4h) module, fastify-hook, full, bypassed path',
    kind: 'module',
    headline: true,
    app: 'module-hook',
    adapters: ['fastify'],
    mode: 'full',
    path: '/status/ping',
    expect: 200,
  },
  {
    id: 'hook-full-503',
    label: '(5h) module, fastify-hook, full, 503 answer',
    kind: 'module',
    app: 'module-hook',
    adapters: ['fastify'],
    mode: 'full',
    path: '/items',
    expect: 503,
  },
];

/** Whether a scenario runs on `adapter` (most run on both). */
function runsOn(scenario, adapter) {
  return !scenario.adapters || scenario.adapters.includes(adapter);
}

/** How a module scenario enforces maintenance: `guard` (the default global guard) or `fastify-hook`. */
function enforcementOf(scenario) {
  return scenario.app === 'module-hook' ? 'fastify-hook' : 'guard';
}

const BASELINE = 'bare';
/** The scenarios the goal is about: requests/s ≥ 0.97 × baseline and p99 within 5 % of it. */
const HEADLINE = SCENARIOS.filter((scenario) => scenario.headline).map((scenario) => scenario.id);
const GOAL = { minRatio: 0.97, maxP99Ratio: 1.05 };

module.exports = { ADAPTERS, SCENARIOS, BASELINE, HEADLINE, GOAL, runsOn, enforcementOf };
