'use strict';
// Turns the rounds of the throughput suite into the report: a table, the headline and its meaning.
const { BASELINE, GOAL, HEADLINE, SCENARIOS } = require('./scenarios');
const { summarize } = require('./stats');
const { table } = require('./markdown');

/** Heap change after the long run below this is noise: under 5 bytes per request over 200,000 requests. */
const HEAP_NOISE_BYTES = 1024 * 1024;

function summarizeHttp(runs, options) {
  const rows = [];
  const headline = [];
  const problems = [];
  for (const adapter of options.adapters) {
    const ofAdapter = runs.filter((run) => run.adapter === adapter);
    const baseline = ofAdapter.find((run) => run.scenario.id === BASELINE);
    for (const run of ofAdapter) {
      // Ratios are taken round by round (each against the baseline of the same round), then summarised:
      // pairing within a round cancels most of the drift between rounds.
      const ratio = summarize(run.rounds.map((round, i) => round.rps / baseline.rounds[i].rps));
      const p99Ratio = summarize(run.rounds.map((round, i) => round.p99 / baseline.rounds[i].p99));
      // Requests per second of server CPU time: barely moved when a neighbour steals the core, so it shows
      // the cost per request even when req/s is noisy.
      const cpuRatio = summarize(run.rounds.map((round, i) => round.perCpuSecond / baseline.rounds[i].perCpuSecond));
      const row = {
        adapter,
        scenario: run.scenario,
        rps: summarize(run.rounds.map((round) => round.rps)),
        p99: summarize(run.rounds.map((round) => round.p99)),
        cpu: summarize(run.rounds.map((round) => round.cpu)),
        ratio,
        p99Ratio,
        cpuRatio,
        heapWarm: run.heapWarm,
        heapAfter: run.heapAfter,
        served: run.served,
      };
      rows.push(row);
      for (const problem of run.problems) problems.push(`${adapter} ${run.scenario.label}: ${problem}`);
    }
    headline.push(headlineOf(adapter, rows.filter((row) => row.adapter === adapter)));
  }
  return { title: 'Throughput, p99 latency and memory', markdown: render(rows, headline, options), meaning: meaning(rows, headline), problems, rows, headline };
}

function headlineOf(adapter, rows) {
  const picked = rows.filter((row) => HEADLINE.includes(row.scenario.id));
  return {
    adapter,
    ratios: picked.map((row) => ({ id: row.scenario.id, ratio: row.ratio.median, p99Ratio: row.p99Ratio.median, cpuRatio: row.cpuRatio.median })),
    throughputMet: picked.every((row) => row.ratio.median >= GOAL.minRatio),
    p99Met: picked.every((row) => row.p99Ratio.median <= GOAL.maxP99Ratio),
  };
}

function render(rows, headline, options) {
  const body = table(
    ['Adapter', 'Scenario', 'req/s median', 'req/s min–max', '× (1) median (min–max)', 'p99 ms median (min–max)', 'p99 × (1)', 'req per CPU-s × (1)', 'server CPU', 'heap after warm-up → after long run (Δ)'],
    rows.map((row) => [
      row.adapter,
      row.scenario.label,
      fixed(row.rps.median, 0),
      `${fixed(row.rps.min, 0)}–${fixed(row.rps.max, 0)}`,
      `${fixed(row.ratio.median, 3)} (${fixed(row.ratio.min, 3)}–${fixed(row.ratio.max, 3)})`,
      `${fixed(row.p99.median, 2)} (${fixed(row.p99.min, 2)}–${fixed(row.p99.max, 2)})`,
      fixed(row.p99Ratio.median, 3),
      `${fixed(row.cpuRatio.median, 3)} (${fixed(row.cpuRatio.min, 3)}–${fixed(row.cpuRatio.max, 3)})`,
      `${fixed(row.cpu.median * 100, 0)} %`,
      heapCell(row),
    ]),
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  const lines = headline.map(
    (h) =>
      `- **${h.adapter}**: ${h.ratios.map((r) => `${label(r.id)} ${fixed(r.ratio, 3)}`).join(', ')} of baseline req/s ` +
      `(goal ≥ ${GOAL.minRatio}: ${h.throughputMet ? 'met' : '**not met**'}); p99 ${h.ratios.map((r) => `${fixed(r.p99Ratio, 3)}`).join(', ')} × baseline ` +
      `(goal ≤ ${GOAL.maxP99Ratio}: ${h.p99Met ? 'met' : '**not met**'}); requests per server CPU-second ` +
      `${h.ratios.map((r) => fixed(r.cpuRatio, 3)).join(', ')} × baseline.`,
  );
  return [
    `${options.rounds} rounds × ${options.duration} s per scenario and adapter, autocannon with ${options.connections} connections, ` +
      `after ${options.warmup} s of warm-up; heap read after forced GC once warm and again after ≥ ${options.soak.toLocaleString('en')} more requests.`,
    '',
    '**Headline** (median of per-round ratios to the bare app of the same round):',
    '',
    ...lines,
    '',
    body,
  ].join('\n');
}

function meaning(rows, headline) {
  const sentences = [];
  for (const h of headline) {
    const worst = h.ratios.reduce((a, b) => (b.ratio < a.ratio ? b : a));
    const worstP99 = h.ratios.reduce((a, b) => (b.p99Ratio > a.p99Ratio ? b : a));
    sentences.push(
      `On ${h.adapter}, the module costs at most ${percent(1 - worst.ratio)} of throughput in the headline scenarios ` +
        `(worst: ${label(worst.id)}), ${h.throughputMet ? 'within' : 'outside'} the 3 % goal, and its worst p99 is ` +
        `${fixed(worstP99.p99Ratio, 3)} × the baseline's (${h.p99Met ? 'within' : 'outside'} the 5 % goal).`,
    );
    const naive = rows.find((row) => row.adapter === h.adapter && row.scenario.id === 'naive');
    const blocked = rows.find((row) => row.adapter === h.adapter && row.scenario.id === 'full-503');
    if (naive) sentences.push(`A guard that reads the flag from the database on every request keeps ${fixed(naive.ratio.median, 2)} of the baseline's throughput there.`);
    if (blocked) sentences.push(`Answering 503 in full maintenance runs at ${fixed(blocked.ratio.median, 2)} × the baseline's rate.`);
  }
  const moduleRows = rows.filter((row) => row.scenario.app === 'module');
  const growth = Math.max(...moduleRows.map((row) => row.heapAfter - row.heapWarm));
  const fewest = Math.min(...moduleRows.map((row) => row.served));
  sentences.push(
    growth < HEAP_NOISE_BYTES
      ? `Retained heap does not grow with traffic: the largest change after ≥ ${fewest.toLocaleString('en')} requests is ${signedKiB(growth)} (noise threshold 1 MiB, i.e. < 5 bytes per request).`
      : `Retained heap grew by up to ${signedKiB(growth)} after ≥ ${fewest.toLocaleString('en')} requests, above the 1 MiB noise threshold: look for a leak.`,
  );
  return sentences.join(' ');
}

function heapCell(row) {
  const mib = (bytes) => (bytes / 2 ** 20).toFixed(2);
  const delta = row.heapAfter - row.heapWarm;
  const flag = delta >= HEAP_NOISE_BYTES ? ' ⚠' : '';
  return `${mib(row.heapWarm)} → ${mib(row.heapAfter)} MiB (${signedKiB(delta)} over ${row.served.toLocaleString('en')} req)${flag}`;
}

function signedKiB(bytes) {
  const kib = Math.round(bytes / 1024);
  return `${kib >= 0 ? '+' : '−'}${Math.abs(kib)} KiB`;
}

function label(id) {
  return SCENARIOS.find((scenario) => scenario.id === id).label.slice(0, 3);
}

function fixed(value, digits) {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

function percent(fraction) {
  return `${(Math.max(0, fraction) * 100).toFixed(1)} %`;
}

module.exports = { summarizeHttp };
