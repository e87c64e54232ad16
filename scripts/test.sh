#!/usr/bin/env bash
# The whole test suite: type check, lint, unit specs, then every e2e spec on SQLite, PostgreSQL and MariaDB.
# A database that cannot be reached fails the run; nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

npm run --silent typecheck
# ESLint (typescript-eslint, type-checked rules) and Prettier: style problems fail CI like failing tests.
npm run --silent lint
npx jest --selectProjects unit
# The multi-instance and CLI specs run the compiled library in child processes: build it once.
npm run --silent build
export NM_SKIP_BUILD=1
for db in ${TEST_DATABASES:-sqlite postgres mariadb}; do
  echo "=== e2e on $db ==="
  # --forceExit: a failing test can leave a connection pool open, and Jest would then wait for it forever; the
  # run must end and report instead of hanging until CI's time limit.
  TEST_DB=$db npx jest --selectProjects e2e --forceExit
done
echo "all test suites passed on: ${TEST_DATABASES:-sqlite postgres mariadb}"
