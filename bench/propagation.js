'use strict';
// Propagation between instances: how long after a toggle on instance A instance B enforces it, with
// polling only (the default refreshIntervalMs) and with each push channel (PostgreSQL LISTEN/NOTIFY,
// Redis pub/sub) with polling slowed to 60 s, so only the push can carry the change in time.
const { MAINTENANCE_DEFAULTS } = require('../dist');
const { SCHEMA, prepareSchema, dropSchema, redisUnavailable, startInstance } = require('./propagation/instances');
const { POLL_INTERVAL_MS, client, measureToggle, expectMode, sleep } = require('./propagation/probe');
const { table } = require('./markdown');
const { canPin } = require('./pin');
const { median, percentile } = require('./stats');

/** What the push channels should achieve: B enforces a change within this many ms of A answering. */
const PUSH_GOAL_MS = 100;
/** Polling's allowance over refreshIntervalMs: one reload (a query) and one poll of B. */
const POLLING_MARGIN_MS = 100;
const PUSH_REFRESH_MS = 60_000;
const TIMEOUT_MS = 5000;
/** Before the first toggle: the Redis subscriber subscribes after the app listens. */
const SETTLE_MS = 500;

function channels() {
  // Unique per run, so a concurrent test or bench on the same servers never reloads our instances.
  const name = `bench_propagation_${process.pid}`;
  const refreshMs = MAINTENANCE_DEFAULTS.refreshIntervalMs;
  return [
    {
      id: 'polling',
      label: `Polling only (refreshIntervalMs ${refreshMs}, the default)`,
      env: { REFRESH_MS: String(refreshMs) },
      goalMs: refreshMs + POLLING_MARGIN_MS,
      goal: `≤ refreshIntervalMs + ${POLLING_MARGIN_MS} ms`,
      // Anywhere in B's reload period, so the toggles sample every phase of its timer instead of locking
      // to it (the next toggle would otherwise follow B's reload by a few ms, and wait a whole period).
      pause: () => Math.random() * refreshMs,
    },
    {
      id: 'postgres',
      label: 'PostgreSQL LISTEN/NOTIFY',
      env: { REFRESH_MS: String(PUSH_REFRESH_MS), SYNC: 'postgres', SYNC_CHANNEL: name },
      goalMs: PUSH_GOAL_MS,
      goal: `≤ ${PUSH_GOAL_MS} ms`,
      pause: () => 50 + Math.random() * 100,
    },
    {
      id: 'redis',
      label: 'Redis pub/sub',
      env: { REFRESH_MS: String(PUSH_REFRESH_MS), SYNC: 'redis', SYNC_CHANNEL: name },
      goalMs: PUSH_GOAL_MS,
      goal: `≤ ${PUSH_GOAL_MS} ms`,
      pause: () => 50 + Math.random() * 100,
      unavailable: redisUnavailable,
    },
  ];
}

async function runPropagationSuite(options, log) {
  const title = 'Propagation of a toggle between two instances (PostgreSQL)';
  const results = [];
  const problems = [];
  let version = null;
  try {
    for (const channel of channels()) {
      const unavailable = channel.unavailable && (await channel.unavailable());
      if (unavailable) {
        log(`propagation: skipping ${channel.id}: ${unavailable}`);
        results.push({ channel, skipped: unavailable });
        continue;
      }
      // A new schema for each channel: every pair of instances starts with maintenance off and no history.
      const prepared = await prepareSchema();
      if (prepared.skipped) {
        log(`propagation: skipped: ${prepared.skipped}`);
        return { title, markdown: `Skipped: ${prepared.skipped}.`, meaning: `The propagation suite could not run: ${prepared.skipped}.`, problems: [] };
      }
      version = prepared.version;
      results.push(await measureChannel(channel, options.toggles, log, problems));
    }
  } finally {
    if (version) await dropSchema();
  }
  return { title, markdown: render(results, version, options), meaning: meaning(results), problems };
}

/** Two fresh instances on the schema; one untimed full/off pair, then `count` toggles alternating full/off. */
async function measureChannel(channel, count, log, problems) {
  log(`propagation: ${channel.id}: starting instances A and B`);
  const [a, b] = await Promise.all(['A', 'B'].map((name) => startInstance(name, channel.env, log)));
  const clients = { a: client(a.port), b: client(b.port) };
  const samples = [];
  try {
    await sleep(SETTLE_MS);
    await expectMode(clients.b, 'off');
    for (const mode of ['full', 'off']) {
      const warm = await measureToggle(clients.a, clients.b, mode, TIMEOUT_MS);
      if (warm.timedOut) throw new Error(`the untimed first toggle to ${mode} did not reach B within ${TIMEOUT_MS} ms`);
    }
    log(`propagation: ${channel.id}: ${count} toggles`);
    for (let i = 0; i < count; i++) {
      const mode = i % 2 === 0 ? 'full' : 'off';
      await sleep(channel.pause());
      const sample = await measureToggle(clients.a, clients.b, mode, TIMEOUT_MS);
      if (sample.timedOut) {
        // B's state is unknown from here on: the remaining toggles would measure nothing.
        problems.push(`propagation ${channel.id}: toggle ${i + 1} (${mode}) did not reach B within ${TIMEOUT_MS} ms; ${count - i - 1} toggles not run`);
        break;
      }
      samples.push(sample);
    }
  } catch (error) {
    problems.push(`propagation ${channel.id}: ${error.message}`);
  } finally {
    clients.a.close();
    clients.b.close();
    await Promise.all([a.stop(), b.stop()]);
  }
  return { channel, samples, count };
}

function figures(samples) {
  const pick = (key) => samples.map((sample) => sample[key]);
  const fromReturn = pick('fromReturn');
  const fromSent = pick('fromSent');
  return {
    n: samples.length,
    fromReturn: { median: median(fromReturn), p90: percentile(fromReturn, 90), max: Math.max(...fromReturn), min: Math.min(...fromReturn) },
    fromSent: { median: median(fromSent), p90: percentile(fromSent, 90), max: Math.max(...fromSent) },
    toggleMs: median(pick('toggleMs')),
    pollMs: median(samples.flatMap((sample) => sample.pollMs)),
  };
}

function render(results, version, options) {
  const placement = canPin() ? ', both on core 1 while this process runs on core 0' : '';
  const rows = [];
  for (const { channel, samples, count, skipped } of results) {
    if (skipped) {
      rows.push([channel.label, 'skipped', '', '', '', '', '', '', '', skipped]);
      continue;
    }
    if (samples.length === 0) {
      rows.push([channel.label, `0 of ${count}`, '', '', '', '', '', '', '', 'no measurement (see problems)']);
      continue;
    }
    const f = figures(samples);
    const met = f.fromReturn.median <= channel.goalMs && f.fromReturn.max <= channel.goalMs;
    rows.push([
      channel.label,
      samples.length === count ? String(count) : `${samples.length} of ${count}`,
      ms(f.fromReturn.median),
      ms(f.fromReturn.p90),
      `${ms(f.fromReturn.min)}–${ms(f.fromReturn.max)}`,
      ms(f.fromSent.median),
      ms(f.fromSent.max),
      ms(f.toggleMs),
      ms(f.pollMs),
      `${channel.goal}: ${met ? 'met' : 'missed'}`,
    ]);
  }
  return [
    `Two instances of \`test/app/instance-server.js\` (the compiled library on Express, each in a process of its own${placement}) ` +
      `share schema \`${SCHEMA}\` on ${version}. This process toggles on A (\`POST /maintenance/toggle\`, ` +
      `alternately \`full\` and \`off\`, ${options.toggles} times after one untimed pair) and, from the moment the toggle is sent, ` +
      `polls B's \`GET /items\` one request at a time (keep-alive, ${POLL_INTERVAL_MS} ms apart) until it answers 503 (full) or 200 (off).`,
    '',
    `A change counts as in force on B when the first poll that shows it comes back, so each figure is an upper bound by up to one ` +
      `poll (interval plus round trip). "From A's answer" starts when A's toggle response arrives; A publishes before it answers, ` +
      `so a push can beat it and the figure can be negative. "From sending" includes the toggle itself (a transaction under the ` +
      `maintenance lock, A's own reload, the publish). Push channels run with refreshIntervalMs ${PUSH_REFRESH_MS / 1000} s, so ` +
      `polling cannot carry the change; toggles are 50–150 ms apart. For polling, toggles are a random 0–1 reload period apart, ` +
      `so they land at every phase of B's timer. Per toggle, B gets ${TIMEOUT_MS / 1000} s.`,
    '',
    table(
      [
        'Channel',
        'Toggles',
        'ms median',
        'ms p90',
        'ms min–max',
        'from sending: median',
        'from sending: max',
        'toggle request (median)',
        'poll round trip (median)',
        'Goal',
      ],
      rows,
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
    ),
    '',
    "ms median / p90 / min–max: from A's answer to B enforcing the change.",
  ].join('\n');
}

function meaning(results) {
  const sentences = [];
  for (const { channel, samples, skipped } of results) {
    if (skipped) {
      sentences.push(`${channel.label} was not measured (${skipped}).`);
      continue;
    }
    if (samples.length === 0) {
      sentences.push(`${channel.label} could not be measured (see the problems).`);
      continue;
    }
    const f = figures(samples);
    const verdict = (value) => (value <= channel.goalMs ? 'within' : 'over');
    if (channel.id === 'polling') {
      sentences.push(
        `With polling only, another instance enforces a toggle ${ms(f.fromReturn.median)} ms after the admin's request returns ` +
          `(median; worst ${ms(f.fromReturn.max)} ms, ${verdict(f.fromReturn.max)} refreshIntervalMs + ${POLLING_MARGIN_MS} ms = ${channel.goalMs} ms): ` +
          `on average half a reload period, at worst one.`,
      );
    } else {
      sentences.push(
        `Over ${channel.label}, it is ${ms(f.fromReturn.median)} ms (median, ${verdict(f.fromReturn.median)} the ${PUSH_GOAL_MS} ms goal) and ` +
          `${ms(f.fromReturn.max)} ms at worst (${verdict(f.fromReturn.max)} it) after the request returns; ` +
          `${ms(f.fromSent.median)} ms median, ${ms(f.fromSent.max)} ms worst from when it was sent.`,
      );
    }
  }
  return sentences.join(' ');
}

function ms(value) {
  const abs = Math.abs(value);
  return value.toFixed(abs < 10 ? 1 : 0);
}

module.exports = { name: 'propagation', run: runPropagationSuite };
