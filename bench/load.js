'use strict';
// The load generator process, started pinned to the load core: one autocannon run, result as one JSON
// line on stdout. Latencies are kept at full resolution here because autocannon's own histogram
// rounds to whole milliseconds, too coarse to compare p99s of 3-10 ms within 5 %.
// argv[2]: JSON { url, method?, connections, duration?, amount?, expect }
const autocannon = require('autocannon');

const config = JSON.parse(process.argv[2]);
let latencies = new Float64Array(1 << 16);
let count = 0;

// Loaded and ready: the parent sends a line on stdin when every load generator of the run is (load-client.js).
process.stdout.write('ready\n');
process.stdin.once('data', start);

function start() {
  const instance = autocannon(
    {
      url: config.url,
      ...(config.method ? { method: config.method } : {}),
      connections: config.connections,
      ...(config.amount ? { amount: config.amount } : { duration: config.duration }),
    },
    (error, result) => {
      if (error) {
        console.error(error);
        process.exit(1);
      }
      const sorted = latencies.subarray(0, count).sort();
      const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
      const completed = result.requests.total;
      const unexpected = completed - (statuses[config.expect] ?? 0);
      process.stdout.write(
        JSON.stringify({
          requests: completed,
          seconds: result.duration,
          rps: completed / result.duration,
          p50: quantile(sorted, 0.5),
          p99: quantile(sorted, 0.99),
          statuses,
          unexpected,
          errors: result.errors,
          timeouts: result.timeouts,
        }) + '\n',
      );
    },
  );

  instance.on('response', (_client, _status, _bytes, responseTime) => {
    if (count === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[count++] = responseTime;
  });
}

/** Nearest-rank quantile of sorted values, in ms. */
function quantile(sorted, q) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}
