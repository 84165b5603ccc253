#!/usr/bin/env bash
# Create the Python environments the reference-file tests use (idempotent):
#   .venv-reference/lindi     lindi (needs Zarr 2) with pynwb and h5py: writes .lindi.json files
#   .venv-reference/kerchunk  kerchunk (needs Zarr 3) with h5py: writes kerchunk reference JSON
# The two cannot share one venv (lindi pins zarr<3, kerchunk 0.2.10 needs zarr>=3).
# A stamp per venv records the interpreter and the requirements it was built from.
# Exit codes: 0 ready, 3 no Python >= 3.12 on this machine (prints "SKIP reference: ..."), 1 error.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venvs="${REFERENCE_VENV_DIR:-$root/.venv-reference}"

# shellcheck source=../../scripts/find-python.sh
source "$root/scripts/find-python.sh"

if ! python="$(find_python "${REFERENCE_PYTHON:-}")"; then
  echo "SKIP reference: no Python >= 3.12 found (tried python3.13, python3.12, pyenv 3.12/3.13)"
  exit 3
fi
pyversion="$("$python" -c 'import sys; print(sys.version.split()[0])')"

# make_venv NAME: build $venvs/NAME from requirements-NAME.txt unless its stamp is current.
make_venv() {
  local name="$1" req="$here/requirements-$1.txt" dir="$venvs/$1"
  local stamp="$dir/.reference-stamp"
  local want
  want="python=$python $pyversion
requirements=$(sha256sum "$req" | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$dir/bin/python" ]]; then
    echo "reference venv $name: up to date ($dir)"
    return 0
  fi
  echo "reference venv $name: creating with Python $pyversion ($python)"
  rm -rf "$dir"
  mkdir -p "$venvs"
  "$python" -m venv "$dir"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
  "$dir/bin/python" -m pip check
  printf '%s' "$want" >"$stamp"
}

start=$SECONDS
mkdir -p "$venvs"
# Test files may call this at the same time; one builds, the others wait and then find it done.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$venvs/.setup.lock"
  flock 9
fi
make_venv lindi
make_venv kerchunk
echo "reference venvs ready in $((SECONDS - start)) s"
