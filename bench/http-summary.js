'use strict';
// Turns the runs of the throughput suite into the report: a table, the headline and its meaning.
const { BASELINE, GOAL, HEADLINE, SCENARIOS, enforcementOf } = require('./scenarios');
const { median, summarize } = require('./stats');
const { table } = require('./markdown');

/** Heap change after the long run below this is noise: under 5 bytes per request over 200,000 requests. */
const HEAP_NOISE_BYTES = 1024 * 1024;

function summarizeHttp(runs, options) {
  const rows = [];
  const headline = [];
  const problems = [];
  for (const adapter of options.adapters) {
    for (const run of runs.filter((candidate) => candidate.adapter === adapter)) {
      const pairs = run.pairs;
      // Each ratio is taken within one side-by-side run (scenario and baseline at the same time). A process
      // keeps its bias while it lives, so the runs of one launch are not independent samples: each launch
      // counts once, with the median of its runs, and the row shows the median (min–max) of the launches.
      const ratioOf = (key) => summarize(perLaunch(pairs, (pair) => pair.scenario[key] / pair.baseline[key]));
      rows.push({
        adapter,
        scenario: run.scenario,
        isBaseline: run.scenario.id === BASELINE,
        ratio: ratioOf('rps'),
        p99Ratio: ratioOf('p99'),
        cpuRatio: ratioOf('perCpuSecond'),
        // Both servers' CPU shares added up: near 100 % means the server core was the bottleneck. A
        // property of each run, not a ratio, so it is summarised over runs rather than launches.
        coreBusy: summarize(pairs.map((pair) => pair.scenario.cpu + pair.baseline.cpu)),
        rps: summarize(run.rounds.map((round) => round.rps)),
        p99: summarize(run.rounds.map((round) => round.p99)),
        cpu: summarize(run.rounds.map((round) => round.cpu)),
        heapWarm: run.heapWarm,
        heapAfter: run.heapAfter,
        served: run.served,
      });
      for (const problem of run.problems) problems.push(`${adapter} ${run.scenario.label}: ${problem}`);
    }
    // One headline per way of enforcing that the adapter ran: the guard, and on Fastify also the route hook.
    const adapterRows = rows.filter((row) => row.adapter === adapter);
    const enforcements = new Set(adapterRows.filter((row) => HEADLINE.includes(row.scenario.id)).map((row) => enforcementOf(row.scenario)));
    for (const enforcement of enforcements.size > 0 ? enforcements : ['guard']) headline.push(headlineOf(adapter, enforcement, adapterRows));
  }
  return { title: 'Throughput, p99 latency and memory', markdown: render(rows, headline, options), meaning: meaning(rows, headline), problems, rows, headline };
}

/** One value per launch: the median of `ratio` over that launch's side-by-side runs. */
function perLaunch(pairs, ratio) {
  const byLaunch = new Map();
  for (const pair of pairs) {
    if (!byLaunch.has(pair.launch)) byLaunch.set(pair.launch, []);
    byLaunch.get(pair.launch).push(ratio(pair));
  }
  return [...byLaunch.values()].map((ratios) => median(ratios));
}

function headlineOf(adapter, enforcement, rows) {
  const picked = rows.filter((row) => HEADLINE.includes(row.scenario.id) && enforcementOf(row.scenario) === enforcement);
  const byId = (id) => rows.find((row) => row.scenario.id === id);
  return {
    adapter,
    enforcement,
    ratios: picked.map((row) => ({ id: row.scenario.id, ratio: row.ratio.median, p99Ratio: row.p99Ratio.median, cpuRatio: row.cpuRatio.median })),
    throughputMet: picked.every((row) => row.ratio.median >= GOAL.minRatio),
    p99Met: picked.every((row) => row.p99Ratio.median <= GOAL.maxP99Ratio),
    control: byId('bare-copy'),
    references: rows.filter((row) => row.scenario.kind === 'reference'),
    rows,
  };
}

function render(rows, headline, options) {
  const body = table(
    [
      'Adapter',
      'Scenario',
      'side by side: req/s × (1), median (min–max) of launches',
      'p99 × (1)',
      'req per CPU-s × (1)',
      'core busy',
      'alone: req/s median (min–max)',
      'alone: p99 ms',
      'alone: server CPU',
      'heap after warm-up → after long run (Δ)',
    ],
    rows.map((row) => [
      row.adapter,
      row.scenario.label,
      row.isBaseline ? '1 (reference)' : `${fixed(row.ratio.median, 3)} (${fixed(row.ratio.min, 3)}–${fixed(row.ratio.max, 3)})`,
      row.isBaseline ? '1' : fixed(row.p99Ratio.median, 3),
      row.isBaseline ? '1' : `${fixed(row.cpuRatio.median, 3)} (${fixed(row.cpuRatio.min, 3)}–${fixed(row.cpuRatio.max, 3)})`,
      row.isBaseline ? '' : `${fixed(row.coreBusy.median * 100, 0)} %`,
      `${fixed(row.rps.median, 0)} (${fixed(row.rps.min, 0)}–${fixed(row.rps.max, 0)})`,
      fixed(row.p99.median, 2),
      `${fixed(row.cpu.median * 100, 0)} %`,
      heapCell(row),
    ]),
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  const lines = headline.map((h) => {
    const floor = h.references
      .filter((row) => row.scenario.id !== 'refusing-guard')
      .map((row) => `${label(row.scenario.id)} ${fixed(row.ratio.median, 3)}`)
      .join(', ');
    // --scenarios may leave out every headline scenario (a run of the refusal rows only).
    const goals =
      h.ratios.length === 0
        ? ''
        : `${h.ratios.map((r) => `${label(r.id)} ${fixed(r.ratio, 3)}`).join(', ')} of baseline req/s ` +
          `(goal ≥ ${GOAL.minRatio}: ${h.throughputMet ? 'met' : '**not met**'}); p99 ${h.ratios.map((r) => fixed(r.p99Ratio, 3)).join(', ')} × baseline ` +
          `(goal ≤ ${GOAL.maxP99Ratio}: ${h.p99Met ? 'met' : '**not met**'}); requests per server CPU-second ` +
          `${h.ratios.map((r) => fixed(r.cpuRatio, 3)).join(', ')} × baseline. `;
    return (
      `- **${h.adapter}**, ${h.enforcement === 'guard' ? 'global guard (default)' : "guard: 'fastify-hook'"}: ` +
      goals +
      (floor ? `Any global guard in Nest: ${floor}. ` : '') +
      refusalLine(h) +
      `Control ${label('bare-copy')}: ${h.control ? fixed(h.control.ratio.median, 3) : 'n/a'}.`
    );
  });
  return [
    `Ratios: ${options.pairs} side-by-side runs of ${options.duration} s per scenario and adapter, each together with the baseline ` +
      `(both servers on the server core at once, one autocannon with ${options.connections} connections each), shared out among ` +
      `${options.launches} launches of fresh server processes; each launch's ratio is the median of its runs, and the table shows ` +
      `the median (and min–max) of the launches' ratios. Absolute figures: ` +
      `${options.rounds} rounds of ${options.duration} s with each server alone on its core. ` +
      `${options.warmup} s of warm-up per server and launch; heap read after forced GC once warm and again after ` +
      `≥ ${options.soak.toLocaleString('en')} more requests.`,
    '',
    '**Headline** (median over launches of side-by-side ratios to the bare app):',
    '',
    ...lines,
    '',
    body,
  ].join('\n');
}

function meaning(rows, headline) {
  const sentences = [];
  for (const h of headline) {
    // --scenarios may leave the headline scenarios out.
    if (h.ratios.length > 0) sentences.push(headlineSentence(h));
    // The references, control and comparisons belong to the adapter: said once, with its guard's headline.
    if (h.enforcement !== 'guard') continue;
    const headerGuard = h.references.find((row) => row.scenario.id === 'header-guard');
    if (headerGuard) {
      sentences.push(
        `For scale, a global guard that only sets one header keeps ${fixed(headerGuard.ratio.median, 3)} of the baseline there: ` +
          "that much is Nest's price for any global guard plus the header the module must send.",
      );
    }
    if (h.control) {
      sentences.push(
        `A second copy of the bare app measures ${fixed(h.control.ratio.median, 3)} (launches from ${fixed(h.control.ratio.min, 3)} ` +
          `to ${fixed(h.control.ratio.max, 3)}): the method's own error, ${percent(Math.abs(1 - h.control.ratio.median))} on the median ` +
          `and up to ${percent(Math.max(1 - h.control.ratio.min, h.control.ratio.max - 1))} on one launch in this run.`,
      );
    }
    const naive = rows.find((row) => row.adapter === h.adapter && row.scenario.id === 'naive');
    const blocked = rows.find((row) => row.adapter === h.adapter && row.scenario.id === 'full-503');
    if (naive)
      sentences.push(
        `A guard that reads the flag from the database on every request keeps ${fixed(naive.ratio.median, 2)} of the baseline's throughput there.`,
      );
    const refusing = h.references.find((row) => row.scenario.id === 'refusing-guard');
    if (blocked) {
      sentences.push(
        `Answering 503 in full maintenance runs at ${fixed(blocked.ratio.median, 2)} × the baseline's rate (goal ≥ 1.0: ${blocked.ratio.median >= 1 ? 'met' : '**not met**'})` +
          (refusing
            ? `; a global guard that does nothing but set the two headers and throw a prebuilt 503 runs at ${fixed(refusing.ratio.median, 2)} ×: ` +
              'what Nest charges for any refusal by a guard (it must throw, and the exception travels back through its async pipeline to an exception filter).'
            : '.'),
      );
    }
    const hookBlocked = rows.find((row) => row.adapter === h.adapter && row.scenario.id === 'hook-full-503');
    if (hookBlocked) sentences.push(`With the Fastify hook, it runs at ${fixed(hookBlocked.ratio.median, 2)} ×.`);
  }
  const moduleRows = rows.filter((row) => row.scenario.kind === 'module');
  if (moduleRows.length === 0) return sentences.join(' ');
  const growth = Math.max(...moduleRows.map((row) => row.heapAfter - row.heapWarm));
  const fewest = Math.min(...moduleRows.map((row) => row.served));
  sentences.push(
    growth < HEAP_NOISE_BYTES
      ? `Retained heap does not grow with traffic: the largest change after ≥ ${fewest.toLocaleString('en')} requests is ${signedKiB(growth)} (noise threshold 1 MiB, i.e. < 5 bytes per request).`
      : `Retained heap grew by up to ${signedKiB(growth)} after ≥ ${fewest.toLocaleString('en')} requests, above the 1 MiB noise threshold: look for a leak.`,
  );
  return sentences.join(' ');
}

/** The refusal goal: answering 503 costs no more than serving a route (≥ 1.0 × the bare app). */
function refusalLine(h) {
  const id = h.enforcement === 'guard' ? 'full-503' : 'hook-full-503';
  const row = h.rows.find((r) => r.scenario.id === id);
  if (!row) return '';
  const floor = h.enforcement === 'guard' ? h.references.find((r) => r.scenario.id === 'refusing-guard') : null;
  return (
    `503 answer ${label(id)} ${fixed(row.ratio.median, 3)} (goal ≥ 1.0: ${row.ratio.median >= 1 ? 'met' : '**not met**'}` +
    `${floor ? `; any refusing guard ${label('refusing-guard')} ${fixed(floor.ratio.median, 3)}` : ''}). `
  );
}

function headlineSentence(h) {
  const worst = h.ratios.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  const worstP99 = h.ratios.reduce((a, b) => (b.p99Ratio > a.p99Ratio ? b : a));
  return (
    `On ${h.adapter}${h.enforcement === 'guard' ? '' : ` with guard: '${h.enforcement}'`}, the module costs at most ${percent(1 - worst.ratio)} of throughput in the headline scenarios ` +
    `(worst: ${label(worst.id)}), ${h.throughputMet ? 'within' : 'outside'} the 3 % goal, and its worst p99 is ` +
    `${fixed(worstP99.p99Ratio, 3)} × the baseline's (${h.p99Met ? 'within' : 'outside'} the 5 % goal).`
  );
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

/** The short label of a scenario: "(3)", "(r1)", "(1′)". */
function label(id) {
  return /^\([^)]*\)/.exec(SCENARIOS.find((scenario) => scenario.id === id).label)[0];
}

function fixed(value, digits) {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

function percent(fraction) {
  return `${(Math.max(0, fraction) * 100).toFixed(1)} %`;
}

module.exports = { summarizeHttp, perLaunch };
