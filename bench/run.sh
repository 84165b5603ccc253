#!/usr/bin/env bash
# Read benchmark: zarr-python 3 vs our reader (main thread, and with a DecodePool) on the same
# local arrays and the same random windows. Usage: bash bench/run.sh [--small] [--windows N] [--no-wasm]
# Our reader also runs once with numcodecs' WebAssembly decoders only (HDMF_ZARR_CODECS=wasm,
# what a browser uses), unless --no-wasm.
#   full : 131072 x 1024 float32 (512 MiB), 8 MiB chunks; 40 of the 200 windows by default
#   small: 16384 x 768 float32 (48 MiB), 2 MiB chunks; 10 windows (CI smoke run, < 1 min)
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE=full
WINDOWS=""
WASM_ROW=1
while [ $# -gt 0 ]; do
  case "$1" in
    --small) SIZE=small ;;
    --windows) WINDOWS="$2"; shift ;;
    --no-wasm) WASM_ROW=0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$WINDOWS" ]; then
  if [ "$SIZE" = small ]; then WINDOWS=10; else WINDOWS=40; fi
fi
DATASETS=${BENCH_DATASETS:-"v3-zstd v2-blosc"}

PY=.venv-interop/v3/bin/python
for _ in 1 2 3 4 5; do [ -x "$PY" ] && break; echo "waiting for $PY ..." >&2; sleep 60; done
[ -x "$PY" ] || bash test/interop/setup-venvs.sh

DATA=bench/data
OUT="$DATA/results-$SIZE"
mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/*.time
# The OpenBLAS tuning variables of this machine only confuse numpy's OpenBLAS; unset them for Python only.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" bench/read-array/make_data.py --size "$SIZE" >&2

TIME=()
if [ -x /usr/bin/time ]; then TIME=(/usr/bin/time -v -o); fi

run() { # label, command...
  local label="$1"; shift
  echo "running $label ..." >&2
  if [ ${#TIME[@]} -gt 0 ]; then
    "${TIME[@]}" "$OUT/$label.time" "$@" > "$OUT/$label.json"
  else
    "$@" > "$OUT/$label.json"
  fi
}

WIN="$DATA/$SIZE-windows.json"
for ds in $DATASETS; do
  STORE="$DATA/$SIZE-$ds"
  run "$ds.python" env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" bench/read-array/read_python.py "$STORE" "$WIN" "$WINDOWS"
  if [ "$WASM_ROW" = 1 ]; then
    run "$ds.ours-wasm" env HDMF_ZARR_CODECS=wasm node --import tsx bench/read-array/read.ts "$STORE" "$WIN" "$WINDOWS"
  fi
  run "$ds.ours" node --import tsx bench/read-array/read.ts "$STORE" "$WIN" "$WINDOWS" --breakdown
  run "$ds.ours-pool" node --import tsx bench/read-array/read.ts "$STORE" "$WIN" "$WINDOWS" --pool
done

node --import tsx bench/read-array/summarize.ts "$OUT" "$SIZE" $DATASETS
