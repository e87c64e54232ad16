'use strict';
// Instructions per function from callgrind dumps, for `bench/instructions.js --by-function`. Callgrind
// names native code (Node's C++, V8's builtins) itself; JavaScript compiled by V8 shows as bare addresses,
// named here from the perf map the server wrote with `--perf-basic-prof` (/tmp/perf-<pid>.map).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

/** Where `node --perf-basic-prof` writes the names of the code it compiles. */
const perfMapOf = (pid) => `/tmp/perf-${pid}.map`;

/**
 * The perf map's entries in the order written. Code that V8 frees leaves its address range to later code,
 * so the last entry that covers an address names it.
 */
function readPerfMap(pid) {
  const file = perfMapOf(pid);
  const entries = [];
  if (fs.existsSync(file)) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const match = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line);
      if (match) entries.push({ start: parseInt(match[1], 16), end: parseInt(match[1], 16) + parseInt(match[2], 16), name: match[3] });
    }
  }
  if (entries.length === 0) throw new Error(`no perf map at ${file}: was the server started with --perf-basic-prof?`);
  return entries;
}

function nameAt(entries, address) {
  for (let i = entries.length - 1; i >= 0; i--) {
    if (entries[i].start <= address && address < entries[i].end) return `JS ${entries[i].name.replace(/^(JS|LazyCompile|Function):[*~^+]?/, '').trim()}`;
  }
  return 'JS (unnamed)';
}

/** Map of function name → instructions in the dump `files` (summed) of the process `pid`. */
function functionCosts(files, pid) {
  const entries = readPerfMap(pid);
  const costs = new Map();
  for (const file of files) {
    // --auto=no: without it the report goes on to annotate source files, whose lines look like function lines.
    const report = execFileSync('callgrind_annotate', ['--auto=no', '--threshold=100', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const lines = report.split('\n');
    // The function table: from the "file:function" header to the first blank line after it.
    for (let i = lines.findIndex((line) => line.includes('file:function')) + 2; i > 1 && i < lines.length && lines[i].trim() !== ''; i++) {
      const match = /^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*)$/.exec(lines[i]);
      if (!match) continue;
      // 0x…'2: the same code entered recursively (callgrind counts each depth apart).
      const jit = /^\?\?\?:0x([0-9a-f]+)(?:'\d+)?(?:\s|$)/.exec(match[2]);
      const name = jit ? nameAt(entries, parseInt(jit[1], 16)) : match[2].replace(/^\?\?\?:/, '').replace(/ \[[^\]]*\]$/, '');
      costs.set(name, (costs.get(name) ?? 0) + Number(match[1].replace(/,/g, '')));
    }
  }
  return costs;
}

/** The `top` functions whose instructions per request grew most from `base` to `costs` (both per request); growth only. */
function largestIncreases(base, costs, top) {
  const names = new Set([...base.keys(), ...costs.keys()]);
  return [...names]
    .map((name) => ({ name, delta: (costs.get(name) ?? 0) - (base.get(name) ?? 0) }))
    .filter((row) => row.delta > 0)
    .sort((a, b) => b.delta - a.delta)
    .slice(0, top);
}

module.exports = { functionCosts, largestIncreases, perfMapOf };
