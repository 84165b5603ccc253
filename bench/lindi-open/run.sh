#!/usr/bin/env bash
# LINDI open benchmark: one ~5,000-object NWB HDF5 file opened over local HTTP (Range, first-byte
# delays) by ours (NWBZarrIO.readNwb of its .lindi.json), pynwb + lindi and pynwb + h5py + remfile,
# each run a fresh process, interleaved. make_file.py writes the file and its LINDI file once into
# bench/data/lindi-open-<series>/; run.ts serves them, runs the readers and prints the tables.
# Usage: bash bench/lindi-open/run.sh [--reps N] [--delays 0,20,80] [--series N] [--remake]
set -euo pipefail
cd "$(dirname "$0")/../.."

REPS=3
DELAYS=0,20,80
SERIES=1640
REMAKE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) REPS="$2"; shift ;;
    --delays) DELAYS="$2"; shift ;;
    --series) SERIES="$2"; shift ;;
    --remake) REMAKE=1 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

# pynwb 4.2.0, lindi 0.4.6, h5py, remfile: the LINDI venv of the reference-file tests (idempotent).
bash test/reference/setup-venv.sh >&2
export PYTHON=.venv-reference/lindi/bin/python

DIR=bench/data/lindi-open-$SERIES
mkdir -p "$DIR"
MAKE=(--count-only)
if [ "$REMAKE" = 1 ] || [ ! -f "$DIR/bench.nwb.lindi.json" ]; then
  echo "writing $DIR with pynwb and lindi ..." >&2
  MAKE=(--series "$SERIES")
fi
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PYTHON" bench/lindi-open/make_file.py "$DIR" "${MAKE[@]}" > "$DIR/file.json"

node --import tsx bench/lindi-open/run.ts "$DIR" --reps "$REPS" --delays "$DELAYS"
