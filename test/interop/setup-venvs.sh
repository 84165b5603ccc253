#!/usr/bin/env bash
# Create the two Python environments the interop tests use (idempotent):
#   .venv-interop/v3  hdmf-zarr 0.14 (Zarr v3, current convention), pins in requirements-v3.txt
#   .venv-interop/v2  hdmf-zarr 0.13 (Zarr v2, legacy convention), pins in requirements-v2.txt
# A stamp file per venv records the interpreter and the requirements it was built from, so a
# second run with nothing changed returns at once.
# Exit codes: 0 ready, 3 no Python >= 3.12 on this machine (prints "SKIP interop: ..."), 1 error.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venvs="${INTEROP_VENV_DIR:-$root/.venv-interop}"

# shellcheck source=../../scripts/find-python.sh
source "$root/scripts/find-python.sh"

if ! python="$(find_python "${INTEROP_PYTHON:-}")"; then
  echo "SKIP interop: no Python >= 3.12 found (tried python3.13, python3.12, pyenv 3.12/3.13); hdmf-zarr 0.14 needs it"
  exit 3
fi
pyversion="$("$python" -c 'import sys; print(sys.version.split()[0])')"

# make_venv NAME: build $venvs/NAME from requirements-NAME.txt unless its stamp is current.
make_venv() {
  local name="$1" req="$here/requirements-$1.txt" dir="$venvs/$1"
  local stamp="$dir/.interop-stamp"
  local want
  want="python=$python $pyversion
requirements=$(sha256sum "$req" | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$dir/bin/python" ]]; then
    echo "interop venv $name: up to date ($dir)"
    return 0
  fi
  echo "interop venv $name: creating with Python $pyversion ($python)"
  rm -rf "$dir"
  mkdir -p "$venvs"
  "$python" -m venv "$dir"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$req"
  # --no-deps above installs exactly the pinned closure; check nothing is missing or conflicting.
  "$dir/bin/python" -m pip check
  "$dir/bin/python" -c 'import hdmf_zarr, hdmf, zarr, numcodecs; print("  hdmf-zarr", hdmf_zarr.__version__, "hdmf", hdmf.__version__, "zarr", zarr.__version__, "numcodecs", numcodecs.__version__)'
  printf '%s' "$want" >"$stamp"
}

start=$SECONDS
mkdir -p "$venvs"
# Test runs may call this at the same time; one builds, the others wait and then find it done.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$venvs/.setup.lock"
  flock 9
fi
make_venv v3
make_venv v2
echo "interop venvs ready in $((SECONDS - start)) s"
