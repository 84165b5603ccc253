#!/usr/bin/env bash
# Write benchmark: an NWB file holding an int16 [rows, 64] signal (TimeSeries `raw`, zstd, the
# Zarr v3 defaults of both sides) written from a GenericDataChunkIterator by pynwb + hdmf-zarr
# 0.14 and by this package, each with 1 and 2 jobs, in one run; then the same sharded
# (ZarrDataIO chunks + shards, shards of one buffer's rows holding the usual chunks as inner
# chunks), again with 1 and 2 jobs on each side. Every store is then checked
# value by value against the signal formula (by zarr-python), and the read benchmark
# (bench/read-array) reads our 2-job file and Python's 1-job file whole and as 200 random windows.
# The full run also writes a quarter of the rows with the same buffers (peak memory vs data size).
# Peak memory: /usr/bin/time -v per process (and each side's own rusage).
#   bash bench/write-array/run.sh [--small] [--out DIR] [--windows N]
#   full : 8388608 x 64 int16 (1.07 GB), chunks 65536 x 64 (8 MiB), buffers and shards 524288 x 64 (64 MiB)
#   small: 262144 x 64 int16 (34 MB), chunks 16384 x 64 (2 MiB), buffers and shards 65536 x 64 (8 MiB); seconds
# The full run replaces the "Write benchmark" section of bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

SIZE=full
OUT=""
WINDOWS=200
while [ $# -gt 0 ]; do
  case "$1" in
    --small) SIZE=small ;;
    --out) OUT="$2"; shift ;;
    --windows) WINDOWS="$2"; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
if [ "$SIZE" = small ]; then ROWS=262144; CHUNK=16384; BUFFER=65536; else ROWS=8388608; CHUNK=65536; BUFFER=524288; fi
COLS=64
OUT=${OUT:-bench/data/write-$SIZE}
PY=$(pwd)/.venv-interop/v3/bin/python
[ -x "$PY" ] || bash test/interop/setup-venvs.sh
mkdir -p "$OUT"
rm -rf "$OUT"/*.nwb.zarr "$OUT"/*.json "$OUT"/*.time
PYENV=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE PYTHONPATH="$(pwd)/bench/write-array")
TIME=()
if [ -x /usr/bin/time ]; then TIME=(/usr/bin/time -v -o); fi

run() { # label, command...
  local label="$1"; shift
  echo "running $label ..." >&2
  if [ ${#TIME[@]} -gt 0 ]; then "${TIME[@]}" "$OUT/$label.time" "$@" > "$OUT/$label.json"; else "$@" > "$OUT/$label.json"; fi
}

for jobs in 1 2; do
  run "write.python-j$jobs" "${PYENV[@]}" "$PY" bench/write-array/write_python.py "$OUT/python-j$jobs.nwb.zarr" $ROWS $COLS $CHUNK $BUFFER $jobs
  run "write.ours-j$jobs" node --import tsx bench/write-array/write.ts "$OUT/ours-j$jobs.nwb.zarr" $ROWS $COLS $CHUNK $BUFFER $jobs
done
# Sharded: each buffer is one shard of BUFFER rows (inner chunks of CHUNK rows).
for jobs in 1 2; do
  run "write.python-sharded-j$jobs" "${PYENV[@]}" "$PY" bench/write-array/write_python.py "$OUT/python-sharded-j$jobs.nwb.zarr" $ROWS $COLS $CHUNK $BUFFER $jobs $BUFFER
  run "write.ours-sharded-j$jobs" node --import tsx bench/write-array/write.ts "$OUT/ours-sharded-j$jobs.nwb.zarr" $ROWS $COLS $CHUNK $BUFFER $jobs $BUFFER
done

# Peak memory must follow the buffer, not the data: the same writes of a quarter of the rows.
if [ "$SIZE" = full ]; then
  run "write.python-quarter" "${PYENV[@]}" "$PY" bench/write-array/write_python.py "$OUT/python-quarter.nwb.zarr" $((ROWS / 4)) $COLS $CHUNK $BUFFER 1
  run "write.ours-quarter" node --import tsx bench/write-array/write.ts "$OUT/ours-quarter.nwb.zarr" $((ROWS / 4)) $COLS $CHUNK $BUFFER 1
  rm -rf "$OUT/python-quarter.nwb.zarr" "$OUT/ours-quarter.nwb.zarr"
fi

ARRAY=acquisition/raw/data
echo "checking values ..." >&2
"${PYENV[@]}" "$PY" bench/write-array/verify.py $ROWS "$OUT/windows.json" \
  "$OUT/python-j1.nwb.zarr/$ARRAY" "$OUT/python-j2.nwb.zarr/$ARRAY" "$OUT/ours-j1.nwb.zarr/$ARRAY" "$OUT/ours-j2.nwb.zarr/$ARRAY" \
  "$OUT/python-sharded-j1.nwb.zarr/$ARRAY" "$OUT/python-sharded-j2.nwb.zarr/$ARRAY" "$OUT/ours-sharded-j1.nwb.zarr/$ARRAY" "$OUT/ours-sharded-j2.nwb.zarr/$ARRAY" > "$OUT/verify.json"

# Reads, with the read benchmark's own programs.
for src in ours-j2 python-j1 ours-sharded-j2; do
  STORE="$OUT/$src.nwb.zarr/$ARRAY"
  run "read.$src.python" "${PYENV[@]}" "$PY" bench/read-array/read_python.py "$STORE" "$OUT/windows.json" "$WINDOWS"
  run "read.$src.ours" node --import tsx bench/read-array/read.ts "$STORE" "$OUT/windows.json" "$WINDOWS"
done

node --import tsx bench/write-array/summarize.ts "$OUT" "$SIZE" $ROWS $COLS $CHUNK $BUFFER
