'use strict';
// Runs one load-generator process (load.js) on the load core and returns its parsed result.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { LOAD_CORE, pinnedNode } = require('./pin');

/** @returns {Promise<{requests, seconds, rps, p50, p99, statuses, unexpected, errors, timeouts}>} */
function runLoad(config) {
  const [command, args] = pinnedNode(LOAD_CORE, [path.join(__dirname, 'load.js'), JSON.stringify(config)]);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code} for ${config.url}`));
      try {
        resolve(JSON.parse(output.trim().split('\n').pop()));
      } catch (error) {
        reject(new Error(`unreadable load generator output: ${output}`));
      }
    });
  });
}

module.exports = { runLoad };
