'use strict';
// Summary statistics over the rounds of one measurement.

function sorted(values) {
  return [...values].sort((a, b) => a - b);
}

/** Median (mean of the two middle values for an even count). */
function median(values) {
  const s = sorted(values);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The p-th percentile (0 < p <= 100), nearest rank: a value that occurred, never an interpolation. */
function percentile(values, p) {
  const s = sorted(values);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length))) - 1];
}

/** { median, min, max } of the values. */
function summarize(values) {
  const s = sorted(values);
  return { median: median(s), min: s[0], max: s[s.length - 1], n: s.length };
}

module.exports = { median, percentile, summarize };
