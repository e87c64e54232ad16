'use strict';
// The fleet wait: how long `on --wait` takes to return with three instances, with polling only and with each
// push channel. The admin API's `waitSeconds` runs the same wait as the CLI's `--wait` (MaintenanceService.
// waitForFleet), so the suite times it through the API, where no process start-up hides it, and times the real
// `nestjs-maintenance on --wait` too, start-up included, for what a deploy script sees.
const { spawn } = require('node:child_process');
const { writeFileSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { MAINTENANCE_DEFAULTS } = require('../dist');
const { SCHEMA, prepareSchema, dropSchema, redisUnavailable, startInstance } = require('./propagation/instances');
const { client, sleep } = require('./propagation/probe');
const { table } = require('./markdown');
const { median, percentile } = require('./stats');

const INSTANCES = 3;
const PUSH_REFRESH_MS = 60_000;
const WAIT_SECONDS = 30;
const CLI_RUNS = 3;
const CLI = path.join(__dirname, '..', 'dist', 'cli', 'main.js');

function channels() {
  const refreshMs = MAINTENANCE_DEFAULTS.refreshIntervalMs;
  return [
    { id: 'polling', label: `Polling only (refreshIntervalMs ${refreshMs}, the default)`, env: { REFRESH_MS: String(refreshMs) }, cliSync: [] },
    // The CLI announces its change on the same channel (`--sync`), or the instances would only learn of it by polling.
    { id: 'postgres', label: 'PostgreSQL LISTEN/NOTIFY', env: { REFRESH_MS: String(PUSH_REFRESH_MS), SYNC: 'postgres' }, cliSync: ['--sync', 'postgres'] },
    {
      id: 'redis',
      label: 'Redis pub/sub',
      // The module's default channel: the CLI has no option for another one.
      env: { REFRESH_MS: String(PUSH_REFRESH_MS), SYNC: 'redis' },
      cliSync: ['--sync', 'redis://127.0.0.1:6379'],
      unavailable: redisUnavailable,
    },
  ];
}

async function runFleetWaitSuite(options, log) {
  const title = `\`on --wait\` with ${INSTANCES} instances (PostgreSQL)`;
  const results = [];
  const problems = [];
  let version = null;
  const dir = mkdtempSync(path.join(tmpdir(), 'nm-bench-fleet-'));
  try {
    for (const channel of channels()) {
      const unavailable = channel.unavailable && (await channel.unavailable());
      if (unavailable) {
        problems.push(`fleet-wait ${channel.id}: not measured: ${unavailable}`);
        results.push({ channel, skipped: unavailable });
        continue;
      }
      const prepared = await prepareSchema();
      if (prepared.skipped) {
        problems.push(`fleet-wait: ${prepared.skipped}`);
        return { title, markdown: `Not measured: ${prepared.skipped}.`, meaning: `The fleet-wait suite could not run: ${prepared.skipped}.`, problems };
      }
      version = prepared.version;
      results.push(await measureChannel(channel, options.toggles, dir, log, problems));
    }
  } finally {
    if (version) await dropSchema();
    rmSync(dir, { recursive: true, force: true });
  }
  return { title, markdown: render(results, version, options), meaning: meaning(results), problems };
}

async function measureChannel(channel, count, dir, log, problems) {
  log(`fleet-wait: ${channel.id}: starting ${INSTANCES} instances`);
  const env = { ...channel.env, HEARTBEAT_MS: '5000' };
  const instances = await Promise.all(
    Array.from({ length: INSTANCES }, (_, i) => startInstance(String.fromCharCode(65 + i), { ...env, INSTANCE_NAME: `bench-${i}` }, log)),
  );
  const a = client(instances[0].port);
  const api = [];
  const cli = [];
  try {
    await sleep(1000); // the push subscribers subscribe, every instance writes its first heartbeat
    for (const mode of ['full', 'off']) await toggle(a, mode); // untimed warm-up pair
    for (let i = 0; i < count; i++) {
      const mode = i % 2 === 0 ? 'full' : 'off';
      await sleep(100 + Math.random() * 400);
      const sample = await toggle(a, mode);
      if (!sample.complete) {
        problems.push(`fleet-wait ${channel.id}: toggle ${i + 1} (${mode}) did not complete within ${WAIT_SECONDS} s`);
        break;
      }
      api.push(sample);
    }
    const dataSourceFile = path.join(dir, `data-source-${channel.id}.js`);
    writeFileSync(
      dataSourceFile,
      `const { DataSource } = require(${JSON.stringify(require.resolve('typeorm'))});\n` +
        `exports.default = new DataSource(${JSON.stringify({ type: 'postgres', host: '127.0.0.1', port: Number(process.env.PG_PORT ?? 5432), username: 'postgres', database: 'test', schema: SCHEMA })});\n`,
    );
    for (let i = 0; i < CLI_RUNS * 2; i++) {
      const sample = await runCli(dataSourceFile, [...channel.cliSync, ...(i % 2 === 0 ? ['on', '--reason', 'bench'] : ['off', '--reason', 'bench'])]);
      if (sample.code !== 0) {
        problems.push(`fleet-wait ${channel.id}: the CLI exited ${sample.code}: ${sample.stderr.slice(0, 200)}`);
        break;
      }
      cli.push(sample);
    }
  } catch (error) {
    problems.push(`fleet-wait ${channel.id}: ${error.message}`);
  } finally {
    a.close();
    await Promise.all(instances.map((instance) => instance.stop()));
  }
  return { channel, api, cli, count };
}

/** POST /maintenance/toggle with waitSeconds on A: the time to its answer, and the wait the answer reports. */
async function toggle(a, mode) {
  const sentAt = performance.now();
  const res = await a.request('POST', '/maintenance/toggle', { mode, reason: 'fleet-wait benchmark', waitSeconds: WAIT_SECONDS });
  const totalMs = performance.now() - sentAt;
  if (res.status !== 200 && res.status !== 202) throw new Error(`toggle to ${mode} answered ${res.status}: ${res.text.slice(0, 200)}`);
  const body = JSON.parse(res.text);
  return { mode, totalMs, waitedMs: body.fleet.waitedMs, complete: body.fleet.complete && body.fleet.status.live === INSTANCES };
}

/** `nestjs-maintenance … --wait --json`: wall time (process start-up included) and the wait it reports. */
function runCli(dataSourceFile, args) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '-d', dataSourceFile, '--actor', 'bench', ...args, '--wait', '--timeout', `${WAIT_SECONDS}s`, '--json'], {
      env: { ...process.env, MAINTENANCE_DATABASE_URL: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      let waitedMs = NaN;
      try {
        waitedMs = JSON.parse(stdout).fleet.waitedMs;
      } catch {
        // reported through the exit code
      }
      resolve({ code, stderr, wallMs, waitedMs });
    });
  });
}

function render(results, version, options) {
  const rows = results.map(({ channel, api, cli, count, skipped }) => {
    if (skipped) return [channel.label, 'not measured', '', '', '', '', skipped];
    if (api.length === 0) return [channel.label, `0 of ${count}`, '', '', '', '', 'see problems'];
    const total = api.map((sample) => sample.totalMs);
    const waited = api.map((sample) => sample.waitedMs);
    return [
      channel.label,
      api.length === count ? String(count) : `${api.length} of ${count}`,
      ms(median(total)),
      ms(percentile(total, 90)),
      ms(Math.max(...total)),
      ms(median(waited)),
      cli.length === 0 ? 'see problems' : `${ms(median(cli.map((sample) => sample.wallMs)))} (wait ${ms(median(cli.map((sample) => sample.waitedMs)))})`,
    ];
  });
  return [
    `${INSTANCES} instances of \`test/app/instance-server.js\` (the compiled library on Express, each in a process of its own) share schema ` +
      `\`${SCHEMA}\` on ${version}, with heartbeats every 5 s (only the periodic ones: a switch is reported at once). This process toggles ` +
      `on instance A through \`POST /maintenance/toggle\` with \`waitSeconds\`, alternately \`full\` and \`off\`, ${options.toggles} times ` +
      `after one untimed pair, 100–500 ms apart; the answer comes when every live instance has reported the new state version, drained. ` +
      `Then it runs \`nestjs-maintenance on/off --wait --json\` ${CLI_RUNS} times each way. Push channels run with refreshIntervalMs ` +
      `${PUSH_REFRESH_MS / 1000} s, so only the push carries the change.`,
    '',
    table(['Channel', 'Toggles', 'API answer: median ms', 'p90', 'max', 'of which waiting (median)', 'CLI wall time, median ms'], rows, [
      'left',
      'right',
      'right',
      'right',
      'right',
      'right',
      'right',
    ]),
    '',
    "The API answer includes the switch itself (a transaction under the maintenance lock and A's own reload); the wait then polls the " +
      "heartbeat table every 50 ms, which bounds how early it can see the last instance. The CLI's wall time includes starting Node, Nest " +
      'and a database connection.',
  ].join('\n');
}

function meaning(results) {
  return results
    .map(({ channel, api, skipped }) => {
      if (skipped) return `${channel.label}: not measured (${skipped}).`;
      if (api.length === 0) return `${channel.label}: could not be measured (see the problems).`;
      return `${channel.label}: \`on --wait\` returns ${ms(median(api.map((sample) => sample.totalMs)))} ms after it is sent (median).`;
    })
    .join(' ');
}

function ms(value) {
  return Number.isFinite(value) ? value.toFixed(value < 10 ? 1 : 0) : '–';
}

module.exports = { name: 'fleet-wait', run: runFleetWaitSuite };
