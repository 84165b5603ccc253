#!/usr/bin/env bash
# `npm run demo`: from a fresh clone to JupyterLab open on the demo notebook.
#   1. a venv .venv-demo with JupyterLab (scripts/make-lab-venv.sh; HDMF_ZARR_DEMO_VENV moves it);
#   2. the same setup as Binder's postBuild (scripts/setup-jupyter-env.sh): build, the tslab
#      kernel and the extension in the venv (with the server configuration that serves Zarr v2's
#      dot files, and JupyterLab's news turned off), the demo store demo/data/demo.nwb.zarr;
#   3. JupyterLab on 127.0.0.1 with a fresh token, on demo/demo.ipynb; the URL is printed.
# Options: --no-start (set everything up, start nothing), --port N (default 8888, or a free port
# when 8888 is taken). Needs node_modules (npm install) and a Python >= 3.12.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${HDMF_ZARR_DEMO_VENV:-$root/.venv-demo}"
notebook="demo/demo.ipynb"
start=1
port=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-start) start=0 ;;
    --port) port="${2:?--port needs a number}"; shift ;;
    --port=*) port="${1#--port=}" ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "demo: unknown option $1 (--no-start, --port N)" >&2; exit 2 ;;
  esac
  shift
done
[[ -z "$port" || "$port" =~ ^[0-9]+$ ]] || { echo "demo: --port must be a number, not $port" >&2; exit 2; }

if [[ ! -x "$root/node_modules/.bin/tslab" ]]; then
  echo "demo: node_modules missing; running npm ci"
  (cd "$root" && npm ci --no-audit --no-fund)
fi
bash "$root/scripts/make-lab-venv.sh" "$venv"
venv="$(cd "$venv" && pwd)"
bash "$root/scripts/setup-jupyter-env.sh" "$venv"

if [[ "$start" == 0 ]]; then
  echo "demo: ready (not started). Start with: npm run demo"
  exit 0
fi

# 8888 unless taken; then any free port. (A free port can be taken again before the server binds
# it; the server then fails with a clear message, and a second run picks another.)
free_port() {
  "$venv/bin/python" - "$1" <<'PY'
import socket, sys
want = int(sys.argv[1])
for p in (want, 0):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", p))
        except OSError:
            continue
        print(s.getsockname()[1])
        break
PY
}
port="${port:-$(free_port 8888)}"
token="$("$venv/bin/python" -c 'import secrets; print(secrets.token_hex(24))')"
echo "demo: JupyterLab at http://127.0.0.1:$port/lab/tree/$notebook?token=$token"
# Jupyter refuses to run as root (containers, CI machines) unless told to.
as_root=()
[[ "$(id -u)" != 0 ]] || as_root=(--allow-root)
cd "$root"
export PATH="$venv/bin:$PATH"
exec "$venv/bin/jupyter" lab --no-browser "${as_root[@]}" --ServerApp.ip=127.0.0.1 --ServerApp.port="$port" \
  --ServerApp.port_retries=0 --IdentityProvider.token="$token" --ServerApp.root_dir="$root" "$notebook"
