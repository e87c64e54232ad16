'use strict';
// Describes the machine a run happened on, for the report.
const { execFileSync } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');

function describeMachine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0] ? cpus[0].model.trim() : 'unknown',
    // os.cpus(), not availableParallelism(): the latter counts only the cores this (pinned) process may use.
    cores: cpus.length,
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  };
}

/** The commit measured, and whether the working tree differed from it (the bench builds what is on disk). */
function describeRevision() {
  const git = (...args) => execFileSync('git', args, { cwd: path.join(__dirname, '..'), encoding: 'utf8' }).trim();
  try {
    const commit = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--', 'lib').length > 0;
    return dirty ? `${commit} with uncommitted changes in lib/` : commit;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

module.exports = { describeMachine, describeRevision };
