#!/usr/bin/env bash
# Create the two Python environments the interop tests use (idempotent):
#   .venv-interop/v3  hdmf-zarr 0.14 (Zarr v3, current convention), pins in requirements-v3.txt
#   .venv-interop/v2  hdmf-zarr 0.13 (Zarr v2, legacy convention), pins in requirements-v2.txt
# Each requirements file is the whole pinned closure (installed with --no-deps, then pip check);
# a stamp per venv (scripts/pinned-venvs.sh) makes a second run with nothing changed return at once.
# Exit codes: 0 ready, 3 no Python >= 3.12 on this machine (prints "SKIP interop: ..."), 1 error.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../../scripts/pinned-venvs.sh
source "$root/scripts/pinned-venvs.sh"
PIN_ARGS=(--no-deps)
pinned_venvs interop "${INTEROP_VENV_DIR:-$root/.venv-interop}" "${INTEROP_PYTHON:-}" v3 v2
