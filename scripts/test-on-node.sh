#!/usr/bin/env bash
# Runs the unit, fixture, package and notebook tests on another Node release than the machine's:
#   bash scripts/test-on-node.sh [MAJOR]        (default 24; `npm run test:node24`)
# The release is installed once into .cache/node<MAJOR>/ (scripts/install-node.sh). Its bin
# folder goes first on PATH, so every `node` a test starts, and the tslab kernel of the notebook
# test (HDMF_ZARR_NODE, see write-tslab-kernelspec.mjs), run on it too. node_modules stays the one
# `npm ci` made: the native addons (zeromq, @toondepauw/node-zstd) are Node-API, built once for all
# releases. One node:test run, so the closing "# pass / # fail" lines cover everything.
set -euo pipefail
cd "$(dirname "$0")/.."
major="${1:-24}"
node="$(bash scripts/install-node.sh "$major")"

export PATH="$(dirname "$node"):$PATH"
export HDMF_ZARR_NODE="$node"
echo "testing on Node $(node --version) ($node); load average: $(cut -d' ' -f1-3 /proc/loadavg)"

npm run build --silent
start=$SECONDS
set +e
shopt -s globstar
mkdir -p .cache/test-reports
node --import tsx --test --test-concurrency=2 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=spec --test-reporter-destination=".cache/test-reports/node$major.txt" \
  test/unit/**/*.test.ts test/fixtures/*.test.ts test/package/*.test.mjs test/notebooks/*.test.ts
status=$?
set -e
echo "Node $(node --version): tests took $((SECONDS - start)) s; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
