#!/usr/bin/env bash
# Create the Python environment that reads our S3 stores as a Python user would (idempotent):
#   .venv-s3/s3  hdmf-zarr 0.14 with s3fs, pins in requirements-s3.txt (the whole closure, installed
#                with --no-deps, then pip check); a stamp makes a second run return at once.
# Exit codes: 0 ready, 3 no Python >= 3.12 on this machine (prints "SKIP s3-python: ..."), 1 error.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../../scripts/pinned-venvs.sh
source "$root/scripts/pinned-venvs.sh"
PIN_ARGS=(--no-deps)
pinned_venvs s3-python "${S3_VENV_DIR:-$root/.venv-s3}" "${S3_PYTHON:-}" s3
