#!/usr/bin/env bash
# Runs every test: build, unit, fixtures, package loading, and interop with the Python reference.
# One node:test run on the machine's Node, then the Node 24 run of scripts/test-on-node.sh; each
# prints its closing "# pass / # fail" lines.
set -euo pipefail
cd "$(dirname "$0")/.."

npm run build
npm run typecheck

# Python reference venvs (hdmf-zarr 0.14 / 0.13). Exit 3 = no Python >= 3.12 here: interop tests skip visibly.
set +e
bash test/interop/setup-venvs.sh
status=$?
set -e
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
  echo "interop venv setup failed (exit $status)" >&2
  exit "$status"
fi

shopt -s nullglob globstar
files=(test/unit/**/*.test.ts test/fixtures/*.test.ts test/fuzz/*.test.ts test/interop/*.test.ts test/s3/*.test.ts test/reference/*.test.ts test/package/*.test.mjs test/notebooks/*.test.ts test/bench/*.test.ts test/browser/*.test.ts test/wheel/*.test.ts test/binder/*.test.ts)
# The spec report also goes to a file, so the failures of both runs can be printed again at the end,
# where a CI log's tail shows them.
mkdir -p .cache/test-reports
report=.cache/test-reports/node$(node -p 'process.versions.node.split(".")[0]').txt
set +e
node --import tsx --test --test-concurrency=2 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=spec --test-reporter-destination="$report" "${files[@]}"
main=$?
# Node 24 (the current LTS) as well: the unit, fixture, package and notebook tests, kernel included.
bash scripts/test-on-node.sh 24
node24=$?
set -e
bash scripts/print-failures.sh "$report" .cache/test-reports/node24.txt
echo "every test on Node $(node --version): exit $main; unit, fixture, package and notebook tests on Node 24: exit $node24"
[ "$main" -eq 0 ] && [ "$node24" -eq 0 ]
