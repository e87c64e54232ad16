'use strict';
// CPU pinning with taskset: the server under test owns one core, the load generator (and this
// orchestrator, which idles while a round runs) the other, so neither steals cycles from the other.
const { execFileSync } = require('node:child_process');

const SERVER_CORE = 1;
const LOAD_CORE = 0;

let available;
/** Whether taskset exists and this machine has the two cores we pin to. */
function canPin() {
  if (available === undefined) {
    try {
      execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
      available = require('node:os').availableParallelism() >= 2;
    } catch {
      available = false;
    }
  }
  return available;
}

/** [command, args] that runs `node ...nodeArgs` on `core` (plain node when pinning is impossible). */
function pinnedNode(core, nodeArgs) {
  return canPin() ? ['taskset', ['-c', String(core), process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
}

/** Moves every thread of this process to `core` (-a: libuv and V8 threads already exist). */
function pinSelf(core) {
  if (canPin()) execFileSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' });
}

module.exports = { SERVER_CORE, LOAD_CORE, canPin, pinnedNode, pinSelf };
