#!/usr/bin/env bash
# Dump every *.zarr store in a folder with the Python reader: writes <store>.dump.json beside each.
#   dump_dir.sh DIR --convention v2|v3 [--reader v2|v3] [--allow-pickle] [--suffix .dump.json]
# --reader picks the venv: v2 = hdmf-zarr 0.13 ZarrIO, v3 = hdmf-zarr 0.14 (ZarrIO, or ZarrV2IO for
# v2 stores). It defaults to the convention. Run setup-venvs.sh first (generate.sh does).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venvs="${INTEROP_VENV_DIR:-$root/.venv-interop}"
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the source tree

usage() { echo "usage: $0 DIR --convention v2|v3 [--reader v2|v3] [--allow-pickle] [--suffix S]" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
dir="$1"; shift
convention="" reader="" suffix=".dump.json" extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --convention) convention="${2:-}"; shift 2 ;;
    --reader) reader="${2:-}"; shift 2 ;;
    --suffix) suffix="${2:-}"; shift 2 ;;
    --allow-pickle) extra+=(--allow-pickle); shift ;;
    *) usage ;;
  esac
done
[[ "$convention" == v2 || "$convention" == v3 ]] || usage
reader="${reader:-$convention}"
[[ "$reader" == v2 || "$reader" == v3 ]] || usage
python="$venvs/$reader/bin/python"
[[ -x "$python" ]] || { echo "no venv at $venvs/$reader: run test/interop/setup-venvs.sh" >&2; exit 1; }

shopt -s nullglob
stores=("$dir"/*.zarr)
if [[ ${#stores[@]} -eq 0 ]]; then echo "no *.zarr stores in $dir" >&2; exit 1; fi
"$python" "$here/python/dump_store.py" --convention "$convention" --suffix "$suffix" "${extra[@]}" --store "${stores[@]}"
echo "dumped ${#stores[@]} store(s) in $dir (reader $reader)"
