#!/usr/bin/env bash
# Make (once) a Python venv holding JupyterLab at the version binder/environment.yml pins, the
# pip stand-in for Binder's conda env: scripts/demo.sh's .venv-demo, and the clean prefix of
# test/binder. A stamp records the interpreter and the pin, so a second call returns at once.
#
#   bash scripts/make-lab-venv.sh DIR
#
# Exit codes: 0 ready, 1 error, 3 no Python >= 3.12 here (prints "SKIP ...").
set -euo pipefail

dir="${1:?usage: make-lab-venv.sh DIR}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=find-python.sh
source "$root/scripts/find-python.sh"

# "  - jupyterlab=4.6" in the conda file is "jupyterlab==4.6.*" for pip.
pin="$(sed -n 's/^[[:space:]]*-[[:space:]]*jupyterlab=\([0-9.]*\)[[:space:]]*$/\1/p' "$root/binder/environment.yml")"
[[ -n "$pin" ]] || { echo "make-lab-venv: no 'jupyterlab=X.Y' line in binder/environment.yml" >&2; exit 1; }
spec="jupyterlab==$pin.*"

if ! python="$(find_python "${DEMO_PYTHON:-}")"; then
  echo "SKIP lab venv: no Python >= 3.12 found (tried python3.13, python3.12, pyenv 3.12/3.13)"
  exit 3
fi
want="python=$python $("$python" -c 'import sys; print(sys.version.split()[0])')
$spec"
stamp="$dir/.lab-venv-stamp"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$dir/bin/jupyter-lab" ]]; then
  exit 0
fi
echo "make-lab-venv: creating $dir with $spec ($python)"
rm -rf "$dir"
"$python" -m venv "$dir"
"$dir/bin/python" -m pip install --quiet --disable-pip-version-check "$spec"
"$dir/bin/python" -c 'import jupyterlab; print("make-lab-venv: jupyterlab", jupyterlab.__version__)'
printf '%s' "$want" >"$stamp"
