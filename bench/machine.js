'use strict';
// Describes the machine a run happened on, for the report.
const os = require('node:os');

function describeMachine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0] ? cpus[0].model.trim() : 'unknown',
    cores: os.availableParallelism(),
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  };
}

module.exports = { describeMachine };
