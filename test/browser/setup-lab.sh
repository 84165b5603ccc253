#!/usr/bin/env bash
# Prepares what the browser tests need, once:
# - a venv .venv-lab (override with LAB_VENV) holding JupyterLab 4.6.x, made by
#   scripts/make-lab-venv.sh with a Python >= 3.12 (exit 3 there = no such Python: skip);
# - with --plain, a second one, .venv-lab-plain (override with LAB_PLAIN_VENV), where the extension
#   goes in without --allow-hidden: a Jupyter server that refuses dot files, as by default;
# - Debian's chromium at /usr/bin/chromium (installed with apt-get when missing and we are root).
# Exit codes: 0 ready, 1 setup broke, 3 impossible here (prints "SKIP ..."), so tests skip visibly.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${LAB_VENV:-$root/.venv-lab}"
venvs=("$venv")
case "${1:-}" in
  --plain) venvs+=("${LAB_PLAIN_VENV:-$root/.venv-lab-plain}") ;;
  "") ;;
  *) echo "usage: setup-lab.sh [--plain]" >&2; exit 1 ;;
esac

# Chromium and the venv, once (scripts/make-lab-venv.sh: JupyterLab at binder/environment.yml's pin, a stamp);
# concurrent test files wait for the one that builds it (lock in git-ignored test-output/).
mkdir -p "$root/test-output"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$root/test-output/.lab-venv.lock"
  flock 9
fi
if [[ ! -x /usr/bin/chromium ]]; then
  if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "SKIP browser: /usr/bin/chromium is missing and apt-get cannot install it here (need root and Debian)"
    exit 3
  fi
  echo "installing Debian's chromium"
  # Root with apt-get here: a failed install is a broken setup, not a reason to skip.
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
    echo "apt-get install chromium failed" >&2
    exit 1
  fi
fi

for v in "${venvs[@]}"; do
  set +e
  bash "$root/scripts/make-lab-venv.sh" "$v"
  status=$?
  set -e
  [[ "$status" -eq 0 ]] || exit "$status"
  echo "lab ready: $v/bin/jupyter, /usr/bin/chromium"
done
