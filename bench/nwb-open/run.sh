#!/usr/bin/env bash
# NWB open benchmark: pynwb + hdmf-zarr 0.14 vs our NWBZarrIO on one ~5,000-object NWB file
# (Zarr v3, consolidated), written once by make_file.py. Each repetition runs each reader in a fresh
# process (alternating), timing open → usable NWBFile, the spike times of all units and one
# TimeSeries slice; summarize.ts prints medians, ratios, our open-time breakdown and the checksum
# check (exit 1 on a mismatch).
# Usage: bash bench/nwb-open/run.sh [--reps N] [--series N] [--remake]
set -euo pipefail
cd "$(dirname "$0")/../.."

REPS=5
SERIES=1640
REMAKE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) REPS="$2"; shift ;;
    --series) SERIES="$2"; shift ;;
    --remake) REMAKE=1 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

# shellcheck source=../python-reference.sh
source bench/python-reference.sh

FILE=bench/data/nwb-open-$SERIES.nwb.zarr
OUT=bench/data/results-nwb-open
SERIES_PATH=processing/module1/series0001
mkdir -p "$OUT"
rm -f "$OUT"/*.json
if [ "$REMAKE" = 1 ] || [ ! -f "$FILE/zarr.json" ]; then
  echo "writing $FILE with pynwb ..." >&2
  pyrun bench/nwb-open/make_file.py "$FILE" --series "$SERIES" > "$OUT/file.json"
else
  pyrun bench/nwb-open/make_file.py --count-only "$FILE" > "$OUT/file.json"
fi
cat "$OUT/file.json" >&2

for i in $(seq 1 "$REPS"); do
  echo "repetition $i/$REPS ..." >&2
  pyrun bench/nwb-open/read_python.py "$FILE" "$SERIES_PATH" > "$OUT/pynwb-$i.json"
  node --import tsx bench/nwb-open/read.ts "$FILE" "$SERIES_PATH" > "$OUT/ours-$i.json"
  node --import tsx bench/nwb-open/read.ts "$FILE" "$SERIES_PATH" --breakdown > "$OUT/ours-breakdown-$i.json"
done

node --import tsx bench/nwb-open/summarize.ts "$OUT"
