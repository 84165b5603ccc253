#!/usr/bin/env bash
# Dump every store in DIR with the Python reader and check the dumps against the cases:
#   check_dir.sh DIR --convention v2|v3 [--reader v2|v3] [--allow-pickle] [--suffix .dump.json]
# Meant for stores written by another writer (e.g. test-output/interop/ts-v3, one <case>.zarr per
# case file). Prints one OK/MISMATCH line per case and "N passed, N failed"; exits 1 on a mismatch.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venvs="${INTEROP_VENV_DIR:-$root/.venv-interop}"
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the source tree

[[ $# -ge 1 ]] || { echo "usage: $0 DIR --convention v2|v3 [dump_dir.sh options]" >&2; exit 2; }
dir="$1"; shift
convention="" suffix=".dump.json" args=("$@")
while [[ $# -gt 0 ]]; do
  case "$1" in
    --convention) convention="${2:-}"; shift 2 ;;
    --suffix) suffix="${2:-}"; shift 2 ;;
    *) shift ;;
  esac
done
bash "$here/dump_dir.sh" "$dir" "${args[@]}" || echo "note: some stores could not be dumped (see above)"
"$venvs/v3/bin/python" "$here/python/check_dumps.py" --cases "$here/cases" --dumps "$dir" \
  --convention "$convention" --suffix "$suffix"
