#!/usr/bin/env bash
# Create the Python environments the reference-file tests use (idempotent):
#   .venv-reference/lindi     lindi (needs Zarr 2) with pynwb and h5py: writes .lindi.json files
#   .venv-reference/kerchunk  kerchunk (needs Zarr 3) with h5py: writes kerchunk reference JSON
# The two cannot share one venv (lindi pins zarr<3, kerchunk 0.2.10 needs zarr>=3). A stamp per
# venv (scripts/pinned-venvs.sh) makes a second run with nothing changed return at once.
# Exit codes: 0 ready, 3 no Python >= 3.12 on this machine (prints "SKIP reference: ..."), 1 error.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../../scripts/pinned-venvs.sh
source "$root/scripts/pinned-venvs.sh"
pinned_venvs reference "${REFERENCE_VENV_DIR:-$root/.venv-reference}" "${REFERENCE_PYTHON:-}" lindi kerchunk
