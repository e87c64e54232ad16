// Some e2e specs run the compiled library in child processes (other app instances, the CLI), so the
// library is built once before the e2e run. scripts/test.sh builds once for the whole matrix and sets
// NM_SKIP_BUILD=1.
const { execSync } = require('node:child_process');

module.exports = async () => {
  if (process.env.NM_SKIP_BUILD === '1') return;
  execSync('npm run --silent build', { cwd: `${__dirname}/..`, stdio: 'inherit' });
};
