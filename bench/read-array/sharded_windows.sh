#!/usr/bin/env bash
# Sharded-window benchmark: 200 random windows of 1000 rows x all 768 columns of a float32
# 200000 x 768 array in 8 MiB shards of 1 MiB inner chunks (zstd level 3), read by
#   ours (partial) : the shard index + the touched inner chunks (the default)
#   ours (whole)   : every touched shard fetched and decoded whole (HDMF_ZARR_SHARD_READ=whole,
#                    the reader before partial shard reads)
#   zarr-python 3
# each as a whole process of its own, alternating, PAIRS rounds (default 3), the load average
# printed before each. Then whole-width windows aligned to shards that touch 4, 6 or 8 of each
# shard's 8 inner chunks, read by index + ranges (HDMF_ZARR_SHARD_READ=ranges), by the whole shard
# in one request with only the touched inner chunks decoded (=shard), and as before (=whole):
# what sets WHOLE_SHARD_SHARE in src/zarr/shard-read.ts.
#
#   bash bench/read-array/sharded_windows.sh [--data DIR] [--pairs N] [--no-threshold]
#
# The data (about 600 MB on disk) is written once by sharded_make.py into DIR
# (default /tmp/hdmf-zarr-bench-sharded), never into the repository.
set -euo pipefail
cd "$(dirname "$0")/../.."

DATA=/tmp/hdmf-zarr-bench-sharded
PAIRS=3
THRESHOLD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --data) DATA="$2"; shift ;;
    --pairs) PAIRS="$2"; shift ;;
    --no-threshold) THRESHOLD=0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

PY=.venv-interop/v3/bin/python
# The OpenBLAS tuning variables of this machine only confuse numpy's OpenBLAS; unset them for Python only.
pyrun() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" "$@"; }

echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC'), $(nproc) CPUs, node $(node --version)" >&2
pyrun bench/read-array/sharded_make.py "$DATA"
STORE="$DATA/sharded.zarr"
OUT="$DATA/results-$(date -u +%Y%m%d-%H%M%S).jsonl"
: > "$OUT"

run() { # label, env assignment or -, command...
  local label="$1" envset="$2"; shift 2
  local load
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "load $load  $label" >&2
  local line
  if [ "$envset" = - ]; then line=$("$@"); else line=$(export "${envset?}"; "$@"); fi
  echo "{\"label\":\"$label\",\"load\":\"$load\",\"result\":$line}" | tee -a "$OUT" >&2
}

ours() { node --import tsx bench/read-array/sharded_read.ts "$@"; }

W="$DATA/windows-1000.json"
for i in $(seq 1 "$PAIRS"); do
  run "windows-1000 ours-partial #$i" - ours "$STORE" "$W"
  run "windows-1000 ours-whole #$i" HDMF_ZARR_SHARD_READ=whole ours "$STORE" "$W"
  run "windows-1000 zarr-python #$i" - pyrun bench/read-array/sharded_read.py "$STORE" "$W"
done

if [ "$THRESHOLD" = 1 ]; then
  for rows in 4096 6144 8192; do
    W="$DATA/aligned-$rows.json"
    for i in 1 2; do
      run "aligned-$rows ours-ranges #$i" HDMF_ZARR_SHARD_READ=ranges ours "$STORE" "$W"
      run "aligned-$rows ours-shard #$i" HDMF_ZARR_SHARD_READ=shard ours "$STORE" "$W"
      run "aligned-$rows ours-whole #$i" HDMF_ZARR_SHARD_READ=whole ours "$STORE" "$W"
    done
  done
fi

# Median MB/s (decoded window bytes / wall time) per label, with the checksums (all must agree per window list).
pyrun - "$OUT" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
groups = {}
for r in rows:
    key = r["label"].rsplit(" #", 1)[0]
    groups.setdefault(key, []).append(r)
print(f"{'case':40} {'runs':>4} {'median MB/s':>12} {'all MB/s':>24} {'median s':>9} {'peak RSS MB':>12} checksum")
for key, rs in groups.items():
    mbps = [r["result"]["mbps"] for r in rs]
    secs = [r["result"]["seconds"] for r in rs]
    rss = max(r["result"]["maxrss_mb"] for r in rs)
    sums = sorted({round(r["result"]["checksum"], 3) for r in rs})
    print(f"{key:40} {len(rs):>4} {statistics.median(mbps):>12.1f} {' '.join(f'{m:.0f}' for m in mbps):>24} "
          f"{statistics.median(secs):>9.2f} {rss:>12.0f} {sums}")
print("load averages:", " | ".join(r["load"] for r in rows))
PY
echo "raw results: $OUT" >&2
