#!/usr/bin/env bash
# Run every examples/*.ipynb headless on a real tslab kernel (nbclient) and write the executed
# copies to test-output/notebooks/ (override with NOTEBOOKS_OUT).
#
# - Python side: a venv .venv-notebooks (override with NOTEBOOKS_VENV) holding nbclient & co. from
#   requirements.txt, made once; a stamp records the interpreter and the requirements' hash.
# - Kernel: a tslab kernelspec written by hand into a temp JUPYTER_PATH (`tslab install` would
#   need IPython), pointing at this repo's node_modules/.bin/tslab.
# - Imports: the notebooks are copied into a temp tree laid out like the repo's neighbourhood,
#     <tmp>/main/examples/*.ipynb
#     <tmp>/main/node_modules/hdmf-zarr -> this repo (dist/ must be built; rebuilt here if stale)
#     <tmp>/main/test/fixtures/external -> this repo's test/fixtures/external (override with NOTEBOOK_FIXTURES)
#   so `import ... from "hdmf-zarr"` and the notebooks' "../test/fixtures/external/..." paths resolve
#   from the notebook's folder, as they would for a user, without a node_modules in examples/.
#
# Exit codes: 0 all ran, 1 a cell failed or setup broke, 3 no Python >= 3.12 here (prints "SKIP ...").
# Options (env): NOTEBOOK_TIMEOUT seconds per cell (default 120), NOTEBOOKS_PYTHON interpreter,
# HDMF_ZARR_NODE the node binary that runs the kernel (default: `node` on PATH).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${NOTEBOOKS_VENV:-$root/.venv-notebooks}"
out="${NOTEBOOKS_OUT:-$root/test-output/notebooks}"
fixtures="${NOTEBOOK_FIXTURES:-$root/test/fixtures/external}"
timeout="${NOTEBOOK_TIMEOUT:-120}"
req="$here/requirements.txt"
tslab="$root/node_modules/.bin/tslab"

# shellcheck source=../../scripts/find-python.sh
source "$root/scripts/find-python.sh"

if ! python="$(find_python "${NOTEBOOKS_PYTHON:-}")"; then
  echo "SKIP notebooks: no Python >= 3.12 found (tried python3.13, python3.12, pyenv 3.12/3.13)"
  exit 3
fi
[[ -x "$tslab" ]] || { echo "no $tslab: run npm install first" >&2; exit 1; }
[[ -d "$fixtures" ]] || { echo "no fixtures at $fixtures (set NOTEBOOK_FIXTURES)" >&2; exit 1; }

# The venv, once. Concurrent runs wait for the one that builds it.
# The lock lives in test-output/ (git-ignored), not next to the venv.
mkdir -p "$(dirname "$venv")" "$root/test-output"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$root/test-output/.notebooks-venv.lock"
  flock 9
fi
pyversion="$("$python" -c 'import sys; print(sys.version.split()[0])')"
want="python=$python $pyversion
requirements=$(sha256sum "$req" | cut -d' ' -f1)"
stamp="$venv/.notebooks-stamp"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" || ! -x "$venv/bin/python" ]]; then
  echo "notebook venv: creating with Python $pyversion ($python)"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
  "$venv/bin/python" -c 'import nbclient, nbformat, jupyter_client; print("  nbclient", nbclient.__version__, "nbformat", nbformat.__version__, "jupyter_client", jupyter_client.__version__)'
  printf '%s' "$want" >"$stamp"
fi
if command -v flock >/dev/null 2>&1; then exec 9>&-; fi

# The kernel loads the built package; build when dist/ is missing or older than src/.
if [[ ! -f "$root/dist/index.js" || -n "$(find "$root/src" -newer "$root/dist/index.js" -type f -print -quit)" ]]; then
  echo "dist/ missing or stale: npm run build"
  (cd "$root" && npm run build --silent)
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/hdmf-zarr-notebooks-XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/main/examples" "$tmp/main/node_modules" "$tmp/main/test/fixtures" "$tmp/runtime"
cp "$root"/examples/*.ipynb "$tmp/main/examples/"
ln -s "$root" "$tmp/main/node_modules/hdmf-zarr"
ln -s "$(cd "$fixtures" && pwd)" "$tmp/main/test/fixtures/external"
node "$root/scripts/write-tslab-kernelspec.mjs" "$tmp/jupyter" >/dev/null

# Only our kernelspec dir and a private runtime dir: nothing read from or written to ~/.jupyter.
export JUPYTER_PATH="$tmp/jupyter"
export JUPYTER_RUNTIME_DIR="$tmp/runtime"
export JUPYTER_PLATFORM_DIRS=1
export PYDEVD_DISABLE_FILE_VALIDATION=1

start=$SECONDS
"$venv/bin/python" "$here/execute.py" --out "$out" --timeout "$timeout" "$tmp"/main/examples/*.ipynb
echo "notebooks done in $((SECONDS - start)) s"
