#!/usr/bin/env bash
# Export of a Zarr source on worker threads: ours (ZarrIO.export with numberOfJobs 1 and 2) and
# hdmf-zarr 0.14 (NWBZarrIO.export with number_of_jobs 1 and 2), side by side in one run, on an NWB
# file in Zarr v2 whose float32 TimeSeries (≈ 500 MB, zstd, 8 MiB chunks) is exported into Zarr v3,
# so every chunk is decoded and encoded again. Each figure is printed with the load average
# (the machine is shared: read them with it). Also checks that our 1-job and 2-job stores are byte
# for byte the same. raw_copy.ts measures the other case, chunk files copied as they are, from the
# main thread against worker threads (run it by hand: see README.md).
# Usage: bash bench/export-copy/run.sh [--small] [--remake]
set -euo pipefail
cd "$(dirname "$0")/../.."

CHUNKS=60 # 60 chunks of 16384 × 128 float32 = 503 MB
REMAKE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --small) CHUNKS=4 ;;
    --remake) REMAKE=1 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

# shellcheck source=../python-reference.sh
source bench/python-reference.sh

DATA=bench/data/export-copy
SRC=$DATA/src-$CHUNKS.nwb.zarr
BYTES=$((CHUNKS * 16384 * 128 * 4))
mkdir -p "$DATA"
if [ "$REMAKE" = 1 ] || [ ! -f "$SRC/.zmetadata" ]; then
  echo "writing $SRC ..." >&2
  node --import tsx bench/export-copy/make_file.ts "$SRC" "$CHUNKS" >&2
fi

# Ours runs compiled, as users run it: under tsx each worker thread would compile the sources again.
BUILT=$DATA/build/bench/export-copy/export.js
if [ ! -f "$BUILT" ] || [ -n "$(find src bench/export-copy -name '*.ts' -newer "$BUILT" | head -1)" ]; then
  echo "compiling ..." >&2
  node node_modules/typescript/bin/tsc -p bench/export-copy/tsconfig.json > "$DATA/tsc.log" || true
  [ -f "$BUILT" ] || { cat "$DATA/tsc.log" >&2; exit 1; }
  touch "$BUILT"
fi

for jobs in 1 2; do
  node "$BUILT" "$SRC" "$DATA/ours-$jobs.nwb.zarr" "$jobs" "$BYTES"
  pyrun bench/export-copy/export_python.py "$SRC" "$DATA/python-$jobs.nwb.zarr" "$jobs" "$BYTES"
done
if diff -rq "$DATA/ours-1.nwb.zarr" "$DATA/ours-2.nwb.zarr" > /dev/null; then
  echo '{"ours_1_vs_2_jobs": "byte-identical"}'
else
  echo '{"ours_1_vs_2_jobs": "DIFFERENT"}'
  exit 1
fi
