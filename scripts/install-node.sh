#!/usr/bin/env bash
# Installs a Node release other than the machine's, once, into .cache/node<MAJOR>/, and prints the
# path of its `node` binary:   bash scripts/install-node.sh [MAJOR]   (default 24)
# The release comes from the npm registry as the `node` package (its preinstall step fetches the
# platform's binary package, node-<os>-<arch>). Concurrent calls wait for the one that installs.
set -euo pipefail
cd "$(dirname "$0")/.."
major="${1:-24}"
cache=".cache/node$major"
node="$PWD/$cache/node_modules/.bin/node"

mkdir -p "$cache"
exec 9>"$cache/.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
if [[ ! -x "$node" || "$("$node" -p 'process.versions.node.split(".")[0]')" != "$major" ]]; then
  # allowScripts: the node package's preinstall is what fetches the binary.
  printf '{ "private": true, "allowScripts": { "node": true } }\n' >"$cache/package.json"
  npm install --prefix "$cache" --no-audit --no-fund --no-package-lock "node@$major" >&2
fi
exec 9>&-
echo "$node"
