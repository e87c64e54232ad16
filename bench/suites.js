'use strict';
// The benchmark suites `npm run bench` knows, in the order they run. A suite exports
// { name, run(options, log) } resolving to a report section { title, markdown, meaning, problems }.
// Loaded lazily so `--suites=audit` does not load the HTTP suite's dependencies, and the reverse.
// To add one, add a line here.
module.exports = {
  http: () => require('./http'),
  audit: () => require('./audit'),
  propagation: () => require('./propagation'),
  'fleet-wait': () => require('./fleet-wait'),
  streams: () => require('./streams'),
};
