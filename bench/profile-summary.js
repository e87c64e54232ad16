'use strict';
// Reads a V8 CPU profile and says where a server's CPU time went: self time by package, inclusive time
// of the functions that matter to the module, what the module's guard and interceptor spend in each
// function they call, and their own samples per line, mapped back to lib/*.ts through dist's source maps.
const fs = require('node:fs');
const path = require('node:path');
const { SourceMap } = require('node:module');

const ROOT = path.join(__dirname, '..');
const WATCHED_FILES = ['dist/enforcement/maintenance.guard.js', 'dist/enforcement/maintenance-fastify-hook.js'];

const CATEGORIES = [
  ['nestjs-maintenance (dist/)', (url) => url.includes('/work/') && url.includes('/dist/') && !url.includes('node_modules')],
  ['@nestjs/core', (url) => url.includes('node_modules/@nestjs/core/')],
  ['@nestjs/common', (url) => url.includes('node_modules/@nestjs/common/')],
  ['@nestjs/platform-*', (url) => url.includes('node_modules/@nestjs/platform-')],
  ['rxjs', (url) => url.includes('node_modules/rxjs/')],
  ['fastify & friends', (url) => /node_modules\/(fastify|find-my-way|avvio|light-my-request|@fastify|fast-json-stringify|safe-regex2|ret)\//.test(url)],
  ['express & friends', (url) => /node_modules\/(express|router|body-parser|finalhandler|send|serve-static|on-finished|parseurl|path-to-regexp)\//.test(url)],
  ['typeorm / sqlite', (url) => /node_modules\/(typeorm|better-sqlite3)\//.test(url)],
  ['node internals', (url) => url.startsWith('node:')],
  ['other JS', (url) => url !== ''],
  ['native / GC / VM', () => true],
];

/** Functions whose inclusive share is worth knowing: [label, test on "name url"]. */
const PROBES = [
  ['MaintenanceGuard.canActivate', /^canActivate .*maintenance\.guard\.js/],
  ['MaintenanceHeaderInterceptor.intercept', /^intercept .*maintenance-header\.interceptor\.js/],
  ['Nest GuardsConsumer.tryActivate', /^tryActivate .*guards-consumer\.js/],
  ['Nest InterceptorsConsumer.intercept', /^intercept .*interceptors-consumer\.js/],
  ['Nest InterceptorsConsumer.transformDeferred', /^transformDeferred /],
  ['rxjs lastValueFrom', /^lastValueFrom .*rxjs/],
  ['AsyncResource.runInAsyncScope', /^runInAsyncScope /],
  ['MaintenanceStateService.load (1 s refresh)', /^load .*maintenance-state\.service\.js/],
  ['route handler', /^(list|ping) .*bench\/app\/routes\.js/],
];

function summarizeProfile(file) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfCount = new Map();
  for (const id of profile.samples) selfCount.set(id, (selfCount.get(id) ?? 0) + 1);

  const isIdle = (node) => node.callFrame.functionName === '(idle)';
  const busy = profile.samples.filter((id) => !isIdle(byId.get(id))).length;

  const categories = new Map(CATEGORIES.map(([label]) => [label, 0]));
  for (const [id, count] of selfCount) {
    const node = byId.get(id);
    if (isIdle(node)) continue;
    const [label] = CATEGORIES.find(([, test]) => test(node.callFrame.url));
    categories.set(label, categories.get(label) + count);
  }

  // Inclusive: a sample counts once for a probe when the probe's function is anywhere on its stack.
  const inclusive = new Map(PROBES.map(([label]) => [label, 0]));
  for (const id of profile.samples) {
    if (isIdle(byId.get(id))) continue;
    const hit = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at).callFrame;
      const key = `${frame.functionName} ${frame.url}`;
      for (const [label, test] of PROBES) if (test.test(key)) hit.add(label);
    }
    for (const label of hit) inclusive.set(label, inclusive.get(label) + 1);
  }

  // Below the guard and interceptor: for each sample, the deepest frame in their files and the function
  // it was calling then (or "self"), so a cost can be pinned on the line that makes that call.
  const callees = new Map();
  for (const id of profile.samples) {
    let below = null;
    for (let at = id; at !== undefined; below = at, at = parent.get(at)) {
      const frame = byId.get(at).callFrame;
      const watched = WATCHED_FILES.find((suffix) => frame.url.endsWith(suffix));
      if (!watched) continue;
      const callee = below === null ? 'self' : describeFrame(byId.get(below).callFrame);
      const key = `${frame.functionName} (${sourceOf(watched)}) → ${callee}`;
      callees.set(key, (callees.get(key) ?? 0) + 1);
      break;
    }
  }

  const lines = new Map();
  for (const node of profile.nodes) {
    const watched = WATCHED_FILES.find((suffix) => node.callFrame.url.endsWith(suffix));
    if (!watched) continue;
    for (const tick of node.positionTicks ?? []) {
      const key = `${sourceOf(watched)}:${originalLine(watched, tick.line)}`;
      lines.set(key, (lines.get(key) ?? 0) + tick.ticks);
    }
  }

  return {
    busy,
    categories: [...categories].filter(([, n]) => n > 0).map(([label, n]) => ({ label, share: n / busy })),
    inclusive: [...inclusive].map(([label, n]) => ({ label, share: n / busy })),
    callees: [...callees].sort((a, b) => b[1] - a[1]).map(([call, n]) => ({ call, share: n / busy })),
    lines: [...lines].sort((a, b) => b[1] - a[1]).map(([line, n]) => ({ line, share: n / busy })),
  };
}

function describeFrame(frame) {
  const file = frame.url
    ? frame.url
        .replace(/^file:\/\//, '')
        .replace(`${ROOT}/`, '')
        .replace(/^.*node_modules\//, '')
    : '(native)';
  return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
}

const maps = new Map();
function sourceMapOf(file) {
  if (!maps.has(file)) maps.set(file, new SourceMap(JSON.parse(fs.readFileSync(path.join(ROOT, `${file}.map`), 'utf8'))));
  return maps.get(file);
}

function originalLine(file, line) {
  const entry = sourceMapOf(file).findEntry(line - 1, 0);
  return entry && entry.originalLine !== undefined ? entry.originalLine + 1 : `js${line}`;
}

function sourceOf(file) {
  return file.replace(/^dist\//, 'lib/').replace(/\.js$/, '.ts');
}

module.exports = { summarizeProfile };
