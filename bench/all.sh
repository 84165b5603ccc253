#!/usr/bin/env bash
# `npm run bench`: every workload of the performance comparison, one after the other, each against
# its peers in paired whole-process runs with the load printed:
#   1. reads (bench/run.sh --profile): float32 [200000 x 768] in four layouts and int16 ephys
#      [1.4M x 384], whole and 200 windows, against zarr-python 3 and 2, tensorstore and zarrita.js,
#      with the decode limit and a profile of our reader per workload;
#   2. writes (bench/write-array/run.sh): 1.07 GB of int16 zstd from an iterator, 1 and 2 jobs,
#      against pynwb + hdmf-zarr 0.14 and zarr-python 3;
#   3. remote reads (bench/nwb-open/remote.ts): a pynwb file opened and read over HTTP with 0, 20
#      and 80 ms first-byte latency and a 50 MB/s cap, against pynwb + hdmf-zarr 0.14.
# Each part's tables are printed and collected into bench/last-run.md (with --small into
# bench/data/last-run-small.md, untracked).
#   bash bench/all.sh [--small]     (--small: each part's quick mode, for a smoke run)
set -euo pipefail
cd "$(dirname "$0")/.."

SMALL=()
REMOTE=()
while [ $# -gt 0 ]; do
  case "$1" in
    --small) SMALL=(--small); REMOTE=(--reps 1 --delays 0,20) ;;
    *) echo "unknown option: $1 (usage: bash bench/all.sh [--small])" >&2; exit 2 ;;
  esac
  shift
done
OUT=bench/last-run.md
[ ${#SMALL[@]} -eq 0 ] || OUT=bench/data/last-run-small.md
PARTS=$(mktemp -d)
trap 'rm -rf "$PARTS"' EXIT

echo "== 1/3 reads ==" >&2
bash bench/run.sh --profile ${SMALL[@]+"${SMALL[@]}"} | tee "$PARTS/read.md"

echo "== 2/3 writes ==" >&2
WRITE_OUT=bench/data/write-full
[ ${#SMALL[@]} -eq 0 ] || WRITE_OUT=bench/data/write-small
bash bench/write-array/run.sh ${SMALL[@]+"${SMALL[@]}"} --out "$WRITE_OUT" >&2
cat "$WRITE_OUT/summary.md" | tee "$PARTS/write.md"

echo "== 3/3 remote reads ==" >&2
REMOTE_STORE=bench/data/remote-read.nwb.zarr
if [ ! -d "$REMOTE_STORE" ]; then
  [ -x .venv-interop/v3/bin/python ] || bash test/interop/setup-venvs.sh >&2
  (cd bench/nwb-open && ../../.venv-interop/v3/bin/python make_remote_file.py "../data/remote-read.nwb.zarr") >&2
fi
node --import tsx bench/nwb-open/remote.ts ${REMOTE[@]+"${REMOTE[@]}"} | tee "$PARTS/remote.md"

{
  echo "# Benchmarks: \`npm run bench${SMALL:+ -- --small}\`"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, Node $(node --version). Sections: reads, writes, remote reads."
  echo
  sed 's/^## /### /; s/^# /## /' "$PARTS/read.md"
  echo
  echo "## Writes"
  echo
  sed 's/^# /### /' "$PARTS/write.md"
  echo
  echo "## Remote reads"
  echo
  cat "$PARTS/remote.md"
} >"$OUT"
echo "written: $OUT" >&2
