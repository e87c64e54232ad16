#!/usr/bin/env bash
# Proves the published package works outside this repository: packs it, installs the tarball (and its
# peer dependencies, as npm does for users) into a scratch app with its own node_modules, boots that app
# on PostgreSQL and expects a 503 during full maintenance.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
# prepack builds dist/ first.
tarball="$repo/$(npm pack --silent | tail -n 1)"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch" "$tarball"' EXIT
cp "$repo/scripts/pack-smoke/app.js" "$scratch/"
cd "$scratch"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error "$tarball" @nestjs/platform-express pg
node app.js
