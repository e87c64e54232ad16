'use strict';
// Live streams: how many server-sent event streams one instance holds, what each costs in memory, how fast a
// change reaches all of them, and whether the app's own routes slow down while they idle. One server (the module
// with its realistic options) on the server core; the streams come from one client process on the load core.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { startServer } = require('./server-process');
const { runLoad } = require('./load-client');
const { LOAD_CORE, pinnedNode } = require('./pin');
const { table } = require('./markdown');
const { median, percentile } = require('./stats');

/** The goal of issue 22: every stream told of a change within this long. */
const DELIVERY_GOAL_MS = 1000;
/** Streams opened at once: more would overflow the listen backlog and measure its retries. */
const OPEN_BATCH = 250;
const CHANGES = 6;

async function runStreamsSuite(options, log) {
  const title = `Live streams: ${options.streams.toLocaleString('en')} open streams on one instance`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nm-bench-streams-'));
  const problems = [];
  const results = [];
  try {
    for (const adapter of options.adapters) results.push(await measureAdapter(adapter, dir, options, log, problems));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { title, markdown: render(results, options), meaning: meaning(results, options), problems };
}

async function measureAdapter(adapter, dir, options, log, problems) {
  const server = await startServer({ adapter, app: 'module', mode: null, database: path.join(dir, `${adapter}.sqlite`) });
  const clients = startClients();
  const base = `http://127.0.0.1:${server.port}`;
  const load = async (label) => {
    const cpuBefore = await server.cpuMicros();
    const run = await runLoad({ url: `${base}/items`, connections: options.connections, duration: options.duration, expect: 200 });
    const cpuSeconds = ((await server.cpuMicros()) - cpuBefore) / 1e6;
    // Requests per second of the server's CPU time: what a request costs, which the load generator's own pace
    // (sharing a core with the stream clients) does not change the way it changes req/s.
    const perCpuSecond = run.requests / cpuSeconds;
    log(`streams ${adapter}: ${label} streams: ${Math.round(run.rps)} req/s, ${Math.round(perCpuSecond)} req per CPU-s`);
    return { label, ...run, perCpuSecond };
  };
  const result = { adapter, runs: [], delays: [], commits: [] };
  try {
    log(`streams ${adapter}: warm-up`);
    await runLoad({ url: `${base}/items`, connections: options.connections, duration: options.warmup, expect: 200 });
    const url = `${base}/maintenance/stream`;
    const open = async () => {
      const opened = await clients.ask({ type: 'open', url, count: options.streams, batch: OPEN_BATCH });
      if (opened.opened < options.streams)
        problems.push(`streams ${adapter}: only ${opened.opened} of ${options.streams} streams opened (${opened.failed} failed)`);
      return opened;
    };
    const close = async () => {
      await clients.ask({ type: 'close' });
      // Let the server see every socket close before the next run.
      await new Promise((resolve) => setTimeout(resolve, 500));
    };
    const before = await server.memory();
    log(`streams ${adapter}: opening ${options.streams} streams`);
    result.opened = await open();
    const after = await server.memory();
    result.heapPerStream = (after.heapUsed - before.heapUsed) / result.opened.opened;
    result.rssPerStream = (after.rss - before.rss) / result.opened.opened;
    log(`streams ${adapter}: ${CHANGES} changes`);
    for (let i = 0; i < CHANGES; i++) {
      const mode = i % 2 === 0 ? 'full' : 'off';
      await clients.ask({ type: 'arm', mode });
      const t0 = Date.now();
      await server.toggle(mode);
      result.commits.push(Date.now() - t0);
      const { told, count, times } = await clients.ask({ type: 'collect', withinMs: 10_000 });
      if (told < count) problems.push(`streams ${adapter}: change ${i + 1} (${mode}) reached ${told} of ${count} streams within 10 s`);
      const delays = times.map((at) => at - t0);
      result.delays.push({ last: Math.max(...delays), p50: percentile(delays, 50), told, count });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // Throughput with the streams open and idle, and without them, alternating (which comes first too): consecutive
    // runs on one server drift by more than the effect looked for, so one of each would compare the drift.
    let isOpen = true;
    for (let round = 0; round < options.rounds; round++) {
      for (const label of round % 2 === 0 ? ['with', 'without'] : ['without', 'with']) {
        if (label === 'with' && !isOpen) await open();
        if (label === 'without' && isOpen) await close();
        isOpen = label === 'with';
        result.runs.push(await load(label));
      }
    }
    if (isOpen) await close();
    const worst = Math.max(...result.delays.map((delay) => delay.last));
    if (worst > DELIVERY_GOAL_MS) problems.push(`streams ${adapter}: a change took ${worst} ms to reach every stream (goal ≤ ${DELIVERY_GOAL_MS} ms)`);
  } finally {
    clients.stop();
    await server.stop();
  }
  return result;
}

/** The client process (streams/stream-clients.js) pinned to the load core, with a request/answer helper. */
function startClients() {
  const [command, args] = pinnedNode(LOAD_CORE, [path.join(__dirname, 'streams', 'stream-clients.js')]);
  const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map();
  let nextId = 1;
  child.on('message', (message) => {
    pending.get(message.id)?.resolve(message);
    pending.delete(message.id);
  });
  child.on('exit', (code) => {
    for (const { reject } of pending.values()) reject(new Error(`stream clients exited with ${code}`));
  });
  return {
    ask: (message) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ ...message, id });
      }),
    stop: () => child.connected && child.disconnect(),
  };
}

function throughput(result, label, key = 'rps') {
  return median(result.runs.filter((run) => run.label === label).map((run) => run[key]));
}

function render(results, options) {
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
  const rows = results.map((r) => {
    const last = r.delays.map((delay) => delay.last);
    return [
      r.adapter,
      `${r.opened.opened.toLocaleString('en')} in ${(r.opened.ms / 1000).toFixed(1)} s`,
      kb(r.heapPerStream),
      kb(r.rssPerStream),
      `${Math.round(median(r.commits))} ms`,
      `${Math.round(median(r.delays.map((delay) => delay.p50)))} ms`,
      `${Math.round(median(last))} ms (worst ${Math.max(...last)} ms)`,
      (throughput(r, 'with') / throughput(r, 'without')).toFixed(3),
      (throughput(r, 'with', 'perCpuSecond') / throughput(r, 'without', 'perCpuSecond')).toFixed(3),
    ];
  });
  return [
    `${options.streams.toLocaleString('en')} streams from one client process on the load core; ${CHANGES} toggles (full/off) through MaintenanceService, ` +
      `each timed from the call to the moment each stream had the new state. Throughput: GET /items with ${options.connections} connections, ` +
      `${options.duration} s runs on the same server, with the streams open and idle and without them, alternating (ABBA: the streams are ` +
      `opened and closed between runs); req/s and requests per second of the server's CPU time, medians of ${options.rounds} runs each.`,
    '',
    table(
      [
        'Adapter',
        'Streams opened',
        'Heap per stream',
        'RSS per stream',
        'Toggle committed',
        'Median stream told',
        'Last stream told (median of changes)',
        'req/s with / without',
        'req per CPU-s with / without',
      ],
      rows,
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
  ].join('\n');
}

function meaning(results, options) {
  return results
    .map((r) => {
      const worst = Math.max(...r.delays.map((delay) => delay.last));
      const ratio = throughput(r, 'with') / throughput(r, 'without');
      const cost = throughput(r, 'with', 'perCpuSecond') / throughput(r, 'without', 'perCpuSecond');
      return (
        `${r.adapter}: ${r.opened.opened.toLocaleString('en')} streams held; a change reached the last of them ${worst} ms after the toggle was called at worst ` +
        `(goal ≤ ${DELIVERY_GOAL_MS} ms: ${worst <= DELIVERY_GOAL_MS ? 'met' : 'not met'}); about ${(r.heapPerStream / 1024).toFixed(1)} KiB of heap and ` +
        `${(r.rssPerStream / 1024).toFixed(1)} KiB of RSS per stream; the app's throughput with ${options.streams.toLocaleString('en')} idle streams was ${ratio.toFixed(3)}× its throughput without, and its requests per CPU-second ${cost.toFixed(3)}× (medians of ${options.rounds} runs each, alternating).`
      );
    })
    .join(' ');
}

module.exports = { name: 'streams', run: runStreamsSuite };
