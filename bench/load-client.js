'use strict';
// Runs load-generator processes (load.js) on the load core and returns their parsed results.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { LOAD_CORE, pinnedNode } = require('./pin');

/** @returns {Promise<{requests, seconds, rps, p50, p99, statuses, unexpected, errors, timeouts}>} */
function runLoad(config) {
  return runLoads([config]).then(([result]) => result);
}

/**
 * Starts one load generator per config and lets them all go at the same instant: each process loads
 * Node and autocannon first and says so, and only when all are ready does any of them send a request.
 * Without that, the one spawned first would have its server to itself for the ~100 ms the other takes
 * to start, on a load core both share.
 */
async function runLoads(configs) {
  const children = configs.map(startLoad);
  try {
    await Promise.all(children.map((child) => child.ready));
  } catch (error) {
    for (const child of children) {
      child.process.kill();
      // The error is the one thrown here; the results' own rejections must not go unhandled.
      child.result.catch(() => undefined);
    }
    throw error;
  }
  for (const child of children) child.process.stdin.end('go\n');
  return Promise.all(children.map((child) => child.result));
}

function startLoad(config) {
  const [command, args] = pinnedNode(LOAD_CORE, [path.join(__dirname, 'load.js'), JSON.stringify(config)]);
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  let output = '';
  let markReady;
  // Settles once: resolved by the "ready" line, rejected if the process fails or ends first.
  const ready = new Promise((resolve, reject) => {
    markReady = resolve;
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`load generator exited with ${code} before it was ready`)));
  });
  const result = new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.startsWith('ready\n')) markReady();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code} for ${config.url}`));
      try {
        resolve(JSON.parse(output.trim().split('\n').pop()));
      } catch {
        reject(new Error(`unreadable load generator output: ${output}`));
      }
    });
  });
  return { process: child, ready, result };
}

module.exports = { runLoad, runLoads };
