'use strict';
// The bench apps load the compiled library, so it is rebuilt first: a stale dist/ would measure old code.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

function buildLibrary() {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: path.join(__dirname, '..'), stdio: 'inherit' });
}

module.exports = { buildLibrary };
