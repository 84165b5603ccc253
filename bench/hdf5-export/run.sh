#!/usr/bin/env bash
# HDF5 → Zarr export benchmark: hdmf-zarr 0.14 (NWBZarrIO.export(NWBHDF5IO(...))) vs ours
# (Hdf5IO → ZarrIO.export, compiled with tsc) on one NWB HDF5 file written by pynwb (make_file.py: a chunked, gzip
# ElectricalSeries of int16, ≥ 500 MB on disk by default). Each exporter runs in its own process,
# which reports its time and peak memory (max RSS); check.py compares both exports with the
# original, block by block; summarize.ts prints the figures (and with --results adds them to
# bench/RESULTS.md).
# Usage: bash bench/hdf5-export/run.sh [--small] [--remake] [--results]
set -euo pipefail
cd "$(dirname "$0")/../.."

SMALL=0
REMAKE=0
RESULTS=0
while [ $# -gt 0 ]; do
  case "$1" in
    --small) SMALL=1 ;;
    --remake) REMAKE=1 ;;
    --results) RESULTS=1 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

# shellcheck source=../python-reference.sh
source bench/python-reference.sh

if [ "$SMALL" = 1 ]; then
  NAME=small; SIZE=(--samples 40000 --channels 16)
else
  NAME=full; SIZE=(--samples 5000000 --channels 64)
fi
DATA=bench/data/hdf5-export
OUT=$DATA/results-$NAME
FILE=$DATA/$NAME.nwb
mkdir -p "$OUT"
rm -f "$OUT"/*.json
if [ "$REMAKE" = 1 ] || [ ! -f "$FILE" ] || [ ! -f "$DATA/$NAME.file.json" ]; then
  echo "writing $FILE with pynwb ..." >&2
  pyrun bench/hdf5-export/make_file.py "$FILE" "${SIZE[@]}" > "$DATA/$NAME.file.json"
fi
cp "$DATA/$NAME.file.json" "$OUT/file.json"

echo "exporting with hdmf-zarr ..." >&2
pyrun bench/hdf5-export/export_python.py "$FILE" "$DATA/$NAME.python.nwb.zarr" > "$OUT/python.json"
# Ours runs compiled, as users run it: under tsx, h5wasm's 4 MB ESM file is transformed on every load
# (≈ 5 s and 600 MB more), which would measure tsx, not the export.
BUILT=$DATA/build/bench/hdf5-export/export.js
if [ ! -f "$BUILT" ] || [ -n "$(find src bench/hdf5-export -name '*.ts' -newer "$BUILT" | head -1)" ]; then
  echo "compiling ..." >&2
  node node_modules/typescript/bin/tsc -p bench/hdf5-export/tsconfig.json > "$DATA/tsc.log" || true
  [ -f "$BUILT" ] || { cat "$DATA/tsc.log" >&2; exit 1; }
  touch "$BUILT"
fi
echo "exporting with ours ..." >&2
node "$BUILT" "$FILE" "$DATA/$NAME.ours.nwb.zarr" > "$OUT/ours.json"
echo "checking both exports against the original ..." >&2
pyrun bench/hdf5-export/check.py "$FILE" "$DATA/$NAME.ours.nwb.zarr" "$DATA/$NAME.python.nwb.zarr" > "$OUT/check.json"

ARGS=("$OUT" "$DATA/$NAME.ours.nwb.zarr" "$DATA/$NAME.python.nwb.zarr")
[ "$RESULTS" = 1 ] && ARGS+=(--results)
node --import tsx bench/hdf5-export/summarize.ts "${ARGS[@]}"
