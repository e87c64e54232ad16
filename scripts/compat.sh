#!/usr/bin/env bash
# Proves the packed tarball installs and works in the apps people run: each compat/<app> is an app as
# `nest new` generates it (NestJS 11 + TypeORM 0.3, NestJS 12 + TypeORM 1.x) with its own committed
# package.json and package-lock.json. For each (or those named in COMPAT_APPS):
#   copy it to a scratch directory OUTSIDE the repo (inside it, Node would resolve a missing module from
#   the repo's node_modules and hide a broken install) → npm ci → plain `npm install <tarball>` (no
#   --force, no --legacy-peer-deps; ERESOLVE fails) → the app's own build and lint → a fresh PostgreSQL
#   database → the app's typeorm CLI runs the module's migrations and must then report no pending schema
#   change → compat/smoke.js drives the running app over HTTP and through the package's CLI.
# Environment: COMPAT_APPS (default: every compat/*/ with a package.json), COMPAT_PG (server URL without
# the database, default postgres://postgres@127.0.0.1:5432), COMPAT_STRICT_ENGINES (apps where any
# EBADENGINE warning at the tarball's install fails; default nest11-typeorm03: on NestJS 12 the framework's
# own file-type dependency wants Node 22, so there they are only printed). In every app an EBADENGINE that
# names nestjs-maintenance or a package it depends on fails.
# compat/readme-* apps are not smoke-tested: they are `nest new` apps with the packages the README's examples
# import, into which every TypeScript block of README.md is written; the blocks must compile and lint.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

pg=${COMPAT_PG:-postgres://postgres@127.0.0.1:5432}
strict_engines=${COMPAT_STRICT_ENGINES:-nest11-typeorm03}
if [[ -n ${COMPAT_APPS:-} ]]; then
  read -r -a apps <<<"$COMPAT_APPS"
else
  apps=()
  for dir in compat/*/; do [[ -f $dir/package.json ]] && apps+=("$(basename "$dir")"); done
  # The README app last: the smoke tests say more when something breaks.
  if [[ ${#apps[@]} -gt 0 ]]; then
    readarray -t apps < <(printf '%s\n' "${apps[@]}" | grep -v '^readme-'; printf '%s\n' "${apps[@]}" | grep '^readme-')
  fi
fi
[[ ${#apps[@]} -gt 0 ]] || { echo "compat: no apps to test" >&2; exit 2; }

started=$SECONDS
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
case "$work/" in "$repo"/*) echo "compat: the scratch directory $work is inside the repository; set TMPDIR elsewhere" >&2; exit 2 ;; esac

echo "compat: building and packing nestjs-maintenance"
# prepack builds dist/ first.
tarball="$work/$(npm pack --silent --pack-destination "$work" | tail -n 1)"
[[ -f $tarball ]] || { echo "compat: npm pack produced no tarball" >&2; exit 1; }

psql_admin() { PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 "$pg/postgres" "$@"; }

# Runs a step with its output in $logs/<name>.log; on failure prints the log's end and fails.
logged() {
  local name=$1
  shift
  step=$name
  local t0=$SECONDS
  if ! "$@" >"$logs/$name.log" 2>&1; then
    echo "--- $app: $name failed: $* (last 60 lines of its output) ---" >&2
    tail -n 60 "$logs/$name.log" >&2
    echo "--- end of $name output ---" >&2
    return 1
  fi
  echo "$name $((SECONDS - t0)) s" >>"$timings"
}

# The EBADENGINE warnings of an install log, one line each: "package@version wants node <range>".
engine_warnings() {
  node -e '
    const text = require("fs").readFileSync(process.argv[1], "utf8");
    const re = /EBADENGINE\s+package: \x27([^\x27]+)\x27,\s*(?:npm warn EBADENGINE\s+)?required: \{([^}]*)\}/g;
    for (const m of text.matchAll(re)) {
      const node = /node: \x27([^\x27]+)\x27/.exec(m[2]);
      console.log(`${m[1]} wants node ${node ? node[1] : m[2].trim()}`);
    }' "$1"
}

# nestjs-maintenance and the installed version of each of its dependencies, as "name@version" lines.
own_packages() {
  node -e '
    const fs = require("fs");
    const path = require("path");
    const root = path.dirname(require.resolve("nestjs-maintenance/package.json", { paths: [process.cwd()] }));
    const pkg = require(path.join(root, "package.json"));
    console.log(`${pkg.name}@${pkg.version}`);
    for (const dep of Object.keys(pkg.dependencies || {})) {
      // Node resolution by hand: the exports of a package may not expose its package.json.
      for (let dir = root; ; dir = path.dirname(dir)) {
        const file = path.join(dir, "node_modules", dep, "package.json");
        if (fs.existsSync(file)) { console.log(`${dep}@${require(file).version}`); break; }
        if (dir === path.dirname(dir)) break;
      }
    }'
}

# The README's TypeScript blocks, pasted into the current app as a user would: they must compile with its
# TypeScript and pass its ESLint rules without a warning (formatting aside: prettier/prettier is off).
check_readme() {
  step=readme
  node "$repo/scripts/readme-snippets.js" src/readme | tee "$logs/readme-snippets.log"
  logged readme-compile npx tsc --noEmit -p tsconfig.json
  logged readme-lint npx eslint src/readme --max-warnings 0 --rule 'prettier/prettier: off'
}

test_app() {
  app=$1
  step=copy
  local dir="$repo/compat/$app" scratch
  [[ -f $dir/package.json && -f $dir/package-lock.json ]] || { echo "compat: compat/$app has no package.json and package-lock.json" >&2; return 1; }
  scratch=$(mktemp -d "$work/$app.XXXX")
  logs="$scratch/logs"
  timings="$work/$app.timings"
  mkdir -p "$logs" "$scratch/app"
  db="compat_${app//[^a-zA-Z0-9]/_}" # not local: the EXIT trap drops it after the function has returned
  trap 'status=$?; psql_admin -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true; [[ $status -eq 0 ]] || echo "compat $app: FAILED at step: $step" >&2' EXIT

  # The fixture as committed: no node_modules, dist or incremental build info from a local run.
  tar -C "$dir" --exclude=./node_modules --exclude=./dist --exclude='*.tsbuildinfo' -cf - . | tar -C "$scratch/app" -xf -
  cd "$scratch/app"

  logged npm-ci npm ci --no-audit --no-fund
  logged install-tarball npm install --no-audit --no-fund "$tarball"
  step=check-install
  # (The README app's GraphQL packages warn of a peer conflict among Apollo's own packages; a real ERESOLVE
  # fails the install itself, and the smoke-tested apps catch even the warnings.)
  if [[ $app != readme-* ]] && grep -q ERESOLVE "$logs/install-tarball.log"; then
    echo "$app: npm install of the tarball reported ERESOLVE:" >&2
    cat "$logs/install-tarball.log" >&2
    return 1
  fi
  local resolved
  resolved=$(node -p 'require.resolve("nestjs-maintenance")')
  case "$resolved" in "$scratch/app/node_modules/"*) ;; *) echo "$app: nestjs-maintenance resolves to $resolved, not the scratch install" >&2; return 1 ;; esac
  local engines ours offending
  engines=$(engine_warnings "$logs/install-tarball.log")
  if [[ -n $engines ]]; then
    ours=$(own_packages)
    offending=$(grep -F -f <(sed 's/$/ wants/' <<<"$ours") <<<"$engines" || true)
    if [[ -n $offending ]]; then
      echo "$app: nestjs-maintenance or one of its dependencies does not support this Node ($(node -v)):" >&2
      echo "$offending" | sed 's/^/  /' >&2
      return 1
    fi
    if [[ " $strict_engines " == *" $app "* ]]; then
      echo "$app: npm install of the tarball printed EBADENGINE warnings (none are allowed here):" >&2
      echo "$engines" | sed 's/^/  /' >&2
      return 1
    fi
    echo "  note: EBADENGINE on Node $(node -v), none from nestjs-maintenance or its dependencies:"
    echo "$engines" | sed 's/^/    /'
  fi

  if [[ $app == readme-* ]]; then
    check_readme
    return
  fi

  logged build npm run build
  if [[ -f eslint.config.mjs || -f .eslintrc.js ]]; then
    logged lint npx eslint src
  elif [[ -f .oxlintrc.json ]]; then
    logged lint npx oxlint --type-aware src/
  fi


  step=database
  psql_admin -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" -c "CREATE DATABASE \"$db\""
  export DATABASE_URL="$pg/$db"

  logged migration-run npx typeorm migration:run -d dist/data-source.js
  grep -q 'MaintenanceInit1767225600000 has been executed successfully' "$logs/migration-run.log" || {
    echo "$app: migration:run did not report the module's migration as executed:" >&2
    tail -n 20 "$logs/migration-run.log" >&2
    return 1
  }
  logged schema-log npx typeorm schema:log -d dist/data-source.js
  grep -q 'Your schema is up to date' "$logs/schema-log.log" || {
    echo "$app: after the migrations TypeORM still reports schema changes:" >&2
    cat "$logs/schema-log.log" >&2
    return 1
  }

  step=smoke
  local t0=$SECONDS
  node "$repo/compat/smoke.js" "$scratch/app"
  echo "smoke $((SECONDS - t0)) s" >>"$timings"
}

passed=0
failed=0
failures=()
for app in "${apps[@]}"; do
  echo "compat $app: testing"
  app_started=$SECONDS
  # A subshell outside any condition, so that set -e stays in force inside it.
  set +e
  (set -e; test_app "$app")
  status=$?
  set -e
  if [[ $status -eq 0 ]]; then
    passed=$((passed + 1))
    echo "compat $app: passed in $((SECONDS - app_started)) s ($(paste -sd, "$work/$app.timings" | sed 's/,/, /g'))"
  else
    failed=$((failed + 1))
    failures+=("$app")
    echo "compat $app: FAILED after $((SECONDS - app_started)) s"
  fi
done

echo "compat: $passed passed, $failed failed${failures:+ (${failures[*]})} in $((SECONDS - started)) s"
[[ $failed -eq 0 ]]
