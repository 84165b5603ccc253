#!/usr/bin/env bash
# Read benchmark: our reader (compiled to JavaScript as installed; on Node 20 and Node 24; on the main
# thread only, HDMF_ZARR_DECODE_WORKERS=0; with a DecodePool of 2 workers) against zarr-python 3,
# tensorstore, zarrita.js and zarr-python 2 (Zarr v2 layout only), on the same arrays and windows. Whole-array workloads also run the decode limit
# (read-array/decode_limit.py) each round and print each reader's share of it.
# Usage: bash bench/run.sh [--small] [--profile] [--pairs N] [--windows N] [--layouts a,b] [--workloads whole,windows]
#        [--readers ours,ours-node24,ours-main,ours-base,ours-pool,zarr3,tensorstore,zarrita,zarr2]
#   full : float32 200000 x 768 in four layouts + int16 1400000 x 384 "ephys" (~3.5 GB on disk),
#          3 rounds, 200 windows; table also written to bench/read-array/last-run.md
#   small: the same with 1/16 of the rows, 1 round, 20 windows (CI smoke run); table written to
#          bench/data/read-array/small/last-run.md
# The data is written once into bench/data/read-array/<size>/ and reused.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_COMMAND="bash bench/run.sh${*:+ $*}"
SIZE=full
EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --small) SIZE=small ;;
    --profile) EXTRA+=("$1") ;;
    --pairs|--windows|--layouts|--workloads|--readers|--timeout) EXTRA+=("$1" "$2"); shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
DATA=bench/data/read-array/$SIZE
if [ "$SIZE" = small ]; then
  DEFAULTS=(--pairs 1 --windows 20 --timeout 300 --md "$DATA/last-run.md")
else
  DEFAULTS=(--pairs 3 --windows 200 --md bench/read-array/last-run.md)
fi

# zarr-python 3 and 2: the interop venvs.
PY3=.venv-interop/v3/bin/python
PY2=.venv-interop/v2/bin/python
for _ in 1 2 3 4 5; do [ -x "$PY3" ] && break; echo "waiting for $PY3 ..." >&2; sleep 60; done
[ -x "$PY3" ] && [ -x "$PY2" ] || bash test/interop/setup-venvs.sh >&2

# tensorstore: a venv of its own, rebuilt when its requirements change.
TSVENV=.venv-bench/tensorstore
TSREQ=bench/read-array/requirements-tensorstore.txt
TSWANT="$(sha256sum "$TSREQ" | cut -d' ' -f1)"
if [ ! -x "$TSVENV/bin/python" ] || [ "$(cat "$TSVENV/.stamp" 2>/dev/null)" != "$TSWANT" ]; then
  source scripts/find-python.sh
  if PYBASE="$(find_python)"; then
    echo "creating $TSVENV ..." >&2
    rm -rf "$TSVENV"
    mkdir -p "$(dirname "$TSVENV")"
    if "$PYBASE" -m venv "$TSVENV" && "$TSVENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$TSREQ" >&2; then
      printf '%s' "$TSWANT" >"$TSVENV/.stamp"
    else
      echo "tensorstore venv failed; tensorstore is left out" >&2
      rm -rf "$TSVENV"
    fi
  else
    echo "no Python >= 3.12 for the tensorstore venv; tensorstore is left out" >&2
  fi
fi

# zarrita.js: its own folder and lock file, outside the package's dependencies.
ZDIR=bench/read-array/zarrita
if [ ! -d "$ZDIR/node_modules/zarrita" ]; then
  (cd "$ZDIR" && npm ci --no-audit --no-fund --loglevel=error >&2) || echo "npm ci in $ZDIR failed; zarrita.js is left out" >&2
fi

# Node 24 (node:zlib's zstd): our reader runs on it too.
if NODE24="$(bash scripts/install-node.sh 24)"; then export BENCH_NODE24="$NODE24"; else echo "Node 24 install failed; ours-node24 is left out" >&2; fi

echo "data: $DATA" >&2
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY3" bench/read-array/make_data.py --size "$SIZE" --out "$DATA" >&2

export BENCH_PY3="$PY3" BENCH_PY2="$PY2" BENCH_COMMAND
[ -x "$TSVENV/bin/python" ] && export BENCH_PYTS="$TSVENV/bin/python"
node --import tsx bench/read-array/run.ts --data "$DATA" --size "$SIZE" "${DEFAULTS[@]}" ${EXTRA[@]+"${EXTRA[@]}"}
