'use strict';
// Command-line options of `npm run bench [-- options]`.

// One side-by-side run per launch: a process's bias lasts as long as it lives, so launches, not runs, are
// what the ratios' precision depends on (see http.js).
const FULL = {
  rounds: 6,
  pairs: 12,
  launches: 12,
  duration: 3,
  warmup: 2,
  connections: 50,
  soak: 200_000,
  auditEntries: 100_000,
  toggles: 20,
  streams: 10_000,
};

// Short enough to iterate on (about 8 minutes with every suite); its numbers are not worth publishing.
const QUICK = {
  rounds: 2,
  pairs: 4,
  launches: 2,
  duration: 1,
  warmup: 1,
  connections: 50,
  soak: 20_000,
  auditEntries: 5_000,
  toggles: 8,
  streams: 2_000,
};

const SUITES = Object.keys(require('./suites'));
const { BASELINE, SCENARIOS } = require('./scenarios');
const SCENARIO_IDS = SCENARIOS.map((scenario) => scenario.id).filter((id) => id !== BASELINE);

const USAGE = `Usage: npm run bench [-- options]
  --quick              short rounds, small soak and audit log; prints only (BENCHMARKS.md keeps the full run)
  --rounds=N           rounds with each server alone on its core: absolute req/s, p99, CPU (default ${FULL.rounds})
  --pairs=N            rounds side by side with the baseline: the ratios (default ${FULL.pairs})
  --launches=N         fresh server processes per scenario, the rounds and pairs shared out among them; at most --pairs
                       (default ${FULL.launches}, or --pairs if fewer)
  --duration=S         seconds per run (default ${FULL.duration})
  --warmup=S           seconds of warm-up per server (default ${FULL.warmup})
  --connections=N      autocannon connections (default ${FULL.connections})
  --soak=N             requests each server serves after its warm-up before the second heap reading (default ${FULL.soak})
  --audit-entries=N    audit log size for the audit suite (default ${FULL.auditEntries})
  --toggles=N          measured toggles per sync channel in the propagation suite (default ${FULL.toggles})
  --streams=N          open streams in the streams suite (default ${FULL.streams})
  --suites=a,b         which suites to run: ${SUITES.join(', ')} (default all)
  --adapters=a,b       express, fastify (default both)
  --scenarios=a,b      http suite: which scenarios besides the baseline (default all: ${SCENARIO_IDS.join(', ')})
  --write / --no-write write BENCHMARKS.md (default: yes for a full run, no with --quick)`;

function parseOptions(argv) {
  const flags = new Map();
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`Unknown argument "${arg}"\n${USAGE}`);
    flags.set(match[1], match[2] ?? true);
  }
  if (flags.has('help')) {
    console.log(USAGE);
    process.exit(0);
  }
  const quick = flags.get('quick') === true;
  const base = quick ? QUICK : FULL;
  const number = (name, key) => (flags.has(name) ? positiveNumber(name, flags.get(name)) : base[key]);
  const count = (name, key) => (flags.has(name) ? positiveCount(name, flags.get(name)) : base[key]);
  const list = (name, allowed) => listFlag(name, flags.get(name), allowed);
  const known = [
    'quick',
    'rounds',
    'pairs',
    'launches',
    'duration',
    'warmup',
    'connections',
    'soak',
    'audit-entries',
    'toggles',
    'streams',
    'suites',
    'adapters',
    'scenarios',
    'write',
    'no-write',
  ];
  for (const name of flags.keys()) if (!known.includes(name)) throw new Error(`Unknown option --${name}\n${USAGE}`);
  const pairs = count('pairs', 'pairs');
  const options = {
    quick,
    rounds: count('rounds', 'rounds'),
    pairs,
    launches: launchesFor(pairs, flags.get('launches'), base.launches),
    duration: number('duration', 'duration'),
    warmup: number('warmup', 'warmup'),
    connections: count('connections', 'connections'),
    soak: count('soak', 'soak'),
    auditEntries: count('audit-entries', 'auditEntries'),
    toggles: count('toggles', 'toggles'),
    streams: count('streams', 'streams'),
    suites: list('suites', SUITES),
    adapters: list('adapters', ['express', 'fastify']),
    scenarios: list('scenarios', SCENARIO_IDS),
    write: flags.has('no-write') ? false : flags.has('write') ? true : !quick,
  };
  return options;
}

/**
 * How many launches share out `pairs` side-by-side runs: the `--launches` flag's value (`raw`) if given,
 * else `fallback` but no more than `pairs` (`--pairs=8` alone means 8 launches of one run). Never more
 * than `pairs`: a launch without a side-by-side run measures nothing.
 */
function launchesFor(pairs, raw, fallback, pairsFlag = 'pairs') {
  const launches = raw === undefined ? Math.min(fallback, pairs) : positiveCount('launches', raw);
  if (launches > pairs)
    throw new Error(`--launches (${launches}) must not exceed --${pairsFlag} (${pairs}): a launch without a side-by-side run measures nothing`);
  return launches;
}

/**
 * A flag's value as a number, NaN when it has none: `--duration` without `=S` arrives as `true`, and `--rounds=`
 * as '', which Number() would turn into 1 and 0.
 */
function flagNumber(raw) {
  return (typeof raw === 'string' && raw.trim() !== '') || typeof raw === 'number' ? Number(raw) : NaN;
}

/** A flag's value as a number > 0 (seconds may be fractional). */
function positiveNumber(name, raw) {
  const value = flagNumber(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, not "${raw}"`);
  return value;
}

/**
 * A flag's value as a whole number ≥ 1 (≥ 0 with `allowZero`): 0.4 rounds, runs or launches would
 * silently mean none.
 */
function positiveCount(name, raw, { allowZero = false } = {}) {
  const value = flagNumber(raw);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new Error(`--${name} must be a whole number ${allowZero ? '≥ 0' : '≥ 1'}, not "${raw}"`);
  }
  return value;
}

/** A comma-separated flag's values (`raw`), each one of `allowed`; all of `allowed` when the flag is absent. */
function listFlag(name, raw, allowed) {
  if (raw === undefined) return allowed;
  const values = String(raw).split(',');
  for (const value of values) if (!allowed.includes(value)) throw new Error(`--${name}: "${value}" is not one of ${allowed.join(', ')}`);
  return values;
}

/**
 * The diagnostic scripts' flags (overhead.js, instructions.js, reload-cost.js): `--name=value` as
 * `{ name: 'value' }`, `--name` alone as `{ name: undefined }`; each script checks the values it reads.
 */
function diagnosticFlags(argv) {
  return Object.fromEntries(argv.map((arg) => arg.replace(/^--/, '').split('=')));
}

module.exports = { parseOptions, positiveNumber, positiveCount, launchesFor, listFlag, diagnosticFlags };
