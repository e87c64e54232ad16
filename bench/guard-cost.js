'use strict';
// The guard's own cost, in nanoseconds per request, with no server and no network: MaintenanceGuard.canActivate
// called in a loop on a Fastify-shaped request and reply, minus the same loop without the guard. Machine
// noise that swamps a few percent of HTTP throughput barely moves a figure like this, so it is the one
// to compare two versions of the guard with (not part of `npm run bench`).
//   npm run build && node bench/guard-cost.js
require('reflect-metadata');
const { Reflector } = require('@nestjs/core');
const { ExecutionContextHost } = require('@nestjs/core/helpers/execution-context-host');
const { MaintenanceGuard } = require('../dist');
const { computeSnapshot } = require('../dist/state/maintenance-snapshot');
const { resolveMaintenanceOptions } = require('../dist/options/maintenance-options.resolver');
const { InFlightWrites } = require('../dist/state/in-flight-writes');
const { realisticOptions } = require('./app/realistic-options');

const CALLS = 5_000_000;
const CASES = [
  { label: '(2) mode off', mode: null, url: '/items' },
  { label: '(3) read-only, GET', mode: 'read-only', url: '/items' },
  { label: '(4) full, bypassed path', mode: 'full', url: '/status/ping' },
];

class ItemsController {
  list() {}
}

/** Fastify's reply.header: lower-cases the name and stores it. */
class FakeReply {
  constructor() {
    this.headers = {};
  }
  header(name, value) {
    this.headers[name.toLowerCase()] = value;
    return this;
  }
}

function guardFor(mode) {
  const windows = mode ? [{ id: 'w', mode, message: null, startsAt: new Date(0), endsAt: null, status: 'active' }] : [];
  const state = { snapshot: computeSnapshot(windows, Date.now(), 0), writes: new InFlightWrites() };
  const adapterHost = { httpAdapter: { setHeader: (reply, name, value) => reply.header(name, value) } };
  return new MaintenanceGuard(state, new Reflector(), adapterHost, resolveMaintenanceOptions(realisticOptions()));
}

function contexts(url) {
  // Fastify's request reads method and url from the raw IncomingMessage through getters.
  const raw = { method: 'GET', url, headers: {}, socket: { remoteAddress: '127.0.0.1' } };
  const request = {
    raw,
    headers: raw.headers,
    socket: raw.socket,
    get method() {
      return this.raw.method;
    },
    get url() {
      return this.raw.url;
    },
    get originalUrl() {
      return this.raw.url;
    },
  };
  return Array.from({ length: 1024 }, () => new ExecutionContextHost([request, new FakeReply(), undefined], ItemsController, ItemsController.prototype.list));
}

function nsPerCall(fn, list) {
  let sink = 0;
  for (let i = 0; i < CALLS / 2; i++) sink += fn(list[i & 1023]) ? 1 : 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) sink += fn(list[i & 1023]) ? 1 : 0;
  const ns = Number(process.hrtime.bigint() - start) / CALLS;
  if (sink === 0) throw new Error('nothing passed');
  return ns;
}

for (const { label, mode, url } of CASES) {
  const guard = guardFor(mode);
  const list = contexts(url);
  const samples = [];
  for (let i = 0; i < 5; i++)
    samples.push(nsPerCall((context) => guard.canActivate(context), list) - nsPerCall((context) => context.getType() === 'http', list));
  samples.sort((a, b) => a - b);
  console.log(`${label.padEnd(26)} ${samples[2].toFixed(0).padStart(4)} ns per request (median of 5; ${samples[0].toFixed(0)}–${samples[4].toFixed(0)})`);
}
