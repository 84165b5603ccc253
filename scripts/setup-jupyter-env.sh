#!/usr/bin/env bash
# Make a Jupyter environment ready for this repository's demo: the one step shared by
# binder/postBuild (PREFIX = the conda env) and scripts/demo.sh (PREFIX = the .venv-demo venv).
#
#   bash scripts/setup-jupyter-env.sh PREFIX
#
# 1. builds dist/ when it is missing or older than the sources (npm run build: library + labextension);
# 2. makes `import ... from "hdmf-zarr"` resolve from any folder of the repo, by linking
#    node_modules/hdmf-zarr to the repo (the kernel runs in the notebook's folder);
# 3. registers the tslab kernel: PREFIX/share/jupyter/kernels/tslab/kernel.json pointing at this
#    repo's node_modules/.bin/tslab (written by hand: `tslab install` needs IPython);
# 4. writes the demo store demo/data/demo.nwb.zarr (scripts/write-demo-store.ts);
# 5. installs the JupyterLab extension into PREFIX (`hdmf-zarr install-lab --prefix PREFIX --allow-hidden`:
#    ContentsManager.allow_hidden in PREFIX/etc/jupyter/jupyter_server_config.json, so the server
#    serves the dot files Zarr v2 keeps its metadata in), and turns off JupyterLab's news and
#    update toasts (PREFIX/share/jupyter/lab/settings/overrides.d/hdmf-zarr-demo.json).
# Writes only into PREFIX and the repository. Exit status 1 when a step fails; the extension step
# runs last, so a missing extension build leaves the kernel and the demo data in place.
set -euo pipefail

prefix="${1:?usage: setup-jupyter-env.sh PREFIX}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mkdir -p "$prefix"
prefix="$(cd "$prefix" && pwd)"
tslab="$root/node_modules/.bin/tslab"
[[ -x "$tslab" ]] || { echo "setup-jupyter-env: no $tslab; run npm ci (or npm install) first" >&2; exit 1; }

# 1. The build.
# The stamp is the extension's package.json, written last by the build.
stamp="dist/labextension/package.json"
if [[ ! -f dist/index.js || ! -f "$stamp" || -n "$(find src style schema -newer "$stamp" -type f -print -quit 2>/dev/null)" ]]; then
  echo "setup-jupyter-env: dist/ (library or labextension) missing or older than the sources: npm run build"
  npm run build --silent
fi

# 2. The package, importable by name from the notebooks' folders.
link="node_modules/hdmf-zarr"
if [[ "$(readlink "$link" 2>/dev/null || true)" != ".." ]]; then
  if [[ -e "$link" && ! -L "$link" ]]; then
    echo "setup-jupyter-env: $root/$link exists and is not our link; remove it first" >&2
    exit 1
  fi
  ln -sfn .. "$link"
fi

# 3. The kernel.
kernel="$(node scripts/write-tslab-kernelspec.mjs "$prefix/share/jupyter")"
echo "setup-jupyter-env: kernel tslab -> $kernel"

# 4. The demo store.
node --import tsx scripts/write-demo-store.ts demo/data/demo.nwb.zarr

# 5. The extension. Its "restart JupyterLab" advice is for a running JupyterLab; here none runs
# yet, so only where it went is printed.
if ! node dist/cli/main.js install-lab --prefix "$prefix" --allow-hidden >/dev/null; then
  echo "setup-jupyter-env: 'hdmf-zarr install-lab --prefix $prefix --allow-hidden' failed: the JupyterLab extension is not installed (is it built? npm run build)" >&2
  exit 1
fi
echo "setup-jupyter-env: extension -> $prefix/share/jupyter/labextensions/hdmf-zarr; hidden files (Zarr v2 metadata) served: $prefix/etc/jupyter/jupyter_server_config.json"
overrides="$prefix/share/jupyter/lab/settings/overrides.d"
mkdir -p "$overrides"
cat >"$overrides/hdmf-zarr-demo.json" <<'JSON'
{
  "@jupyterlab/apputils-extension:notification": { "fetchNews": "false", "checkForUpdates": false }
}
JSON
echo "setup-jupyter-env: ready in $prefix"
