'use strict';
// Throughput, p99 latency and retained heap of the six scenarios on each adapter. Every (adapter,
// scenario) pair is its own server process, started once; rounds alternate over all of them so that
// drift on a shared machine spreads over every scenario instead of landing on one.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer } = require('./server-process');
const { runLoad } = require('./load-client');
const { SCENARIOS } = require('./scenarios');
const { summarizeHttp } = require('./http-summary');

async function runHttpSuite(options, log) {
  return summarizeHttp(await measureScenarios(SCENARIOS, options, log), options);
}

/**
 * Starts a server per (adapter, scenario), warms each up, runs the rounds, then tops every server up to
 * `options.soak` requests and reads its heap again. Resolves to one run per server with its rounds.
 */
async function measureScenarios(scenarios, options, log) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-maintenance-bench-'));
  const runs = [];
  try {
    for (const adapter of options.adapters) {
      for (const scenario of scenarios) {
        log(`starting ${adapter} ${scenario.id}`);
        const server = await startWithRetry({
          adapter,
          app: scenario.app,
          mode: scenario.mode,
          database: path.join(dir, `${adapter}-${scenario.id}.sqlite`),
        });
        runs.push({ adapter, scenario, server, url: `http://127.0.0.1:${server.port}${scenario.path}`, rounds: [], served: 0, problems: [] });
      }
    }

    log(`warm-up: ${options.warmup} s per server`);
    for (const run of runs) {
      await load(run, { duration: options.warmup }, options);
      // Counted from here: the long run is everything served after this first heap reading.
      run.heapWarm = await run.server.heapUsed();
      run.served = 0;
    }

    for (let round = 0; round < options.rounds; round++) {
      log(`round ${round + 1}/${options.rounds}`);
      for (const adapter of alternate(options.adapters, round)) {
        // Each round starts at another scenario, so none always runs first (or right after a heavy one).
        for (const scenario of rotate(scenarios, round)) {
          const run = runs.find((candidate) => candidate.adapter === adapter && candidate.scenario === scenario);
          const before = await run.server.cpuMicros();
          const result = await load(run, { duration: options.duration }, options);
          const cpuSeconds = ((await run.server.cpuMicros()) - before) / 1e6;
          run.rounds[round] = { ...result, cpu: cpuSeconds / result.seconds, perCpuSecond: result.requests / cpuSeconds };
        }
      }
    }

    for (const run of runs) {
      const remaining = options.soak - run.served;
      if (remaining > 0) {
        log(`soak ${run.adapter} ${run.scenario.id}: ${remaining} more requests`);
        await load(run, { amount: remaining }, options);
      }
      run.heapAfter = await run.server.heapUsed();
    }
  } finally {
    await Promise.all(runs.map((run) => run.server.stop()));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return runs;
}

/**
 * A second chance after a pause: on a shared checkout a concurrent `npm run build` empties dist/ for a few
 * seconds, and a server starting in that gap cannot load the library.
 */
async function startWithRetry(config) {
  try {
    return await startServer(config);
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    return startServer(config);
  }
}

/** One autocannon run against a server; wrong statuses and socket errors are kept as problems. */
async function load(run, length, options) {
  const result = await runLoad({ url: run.url, connections: options.connections, expect: run.scenario.expect, ...length });
  run.served += result.requests;
  if (result.unexpected > 0 || result.errors > 0 || result.timeouts > 0) {
    run.problems.push(
      `${result.unexpected} unexpected statuses (${JSON.stringify(result.statuses)}), ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return result;
}

function rotate(list, by) {
  const k = by % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

function alternate(list, round) {
  return round % 2 ? [...list].reverse() : list;
}

module.exports = { name: 'http', run: runHttpSuite, measureScenarios };
