# Sourced by the setup scripts of the Python environments tests use (test/interop/setup-venvs.sh,
# test/reference/setup-venv.sh): pinned venvs built once, rebuilt when the interpreter or the
# requirements change, one builder at a time.
#
#   source scripts/pinned-venvs.sh
#   pinned_venvs LABEL DIR PYTHON_OVERRIDE NAME...     # DIR/NAME from requirements-NAME.txt beside the caller
#
# PIN_ARGS (an array, optional) adds pip install arguments, e.g. (--no-deps) for a fully pinned closure.
# Exit codes of the caller: 3 when there is no Python >= 3.12 (prints "SKIP LABEL: ..."), 1 on error.

# shellcheck source=find-python.sh
source "$(dirname "${BASH_SOURCE[0]}")/find-python.sh"

# pinned_venv LABEL DIR REQUIREMENTS PYTHON: build DIR unless its stamp (interpreter + hash of the
# requirements) is current; pip check confirms nothing is missing or conflicting.
pinned_venv() {
  local label="$1" dir="$2" req="$3" python="$4"
  local stamp="$dir/.venv-stamp" want
  want="python=$python $("$python" -c 'import sys; print(sys.version.split()[0])')
requirements=$(sha256sum "$req" | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$dir/bin/python" ]]; then
    echo "$label venv $(basename "$dir"): up to date ($dir)"
    return 0
  fi
  echo "$label venv $(basename "$dir"): creating with $python"
  rm -rf "$dir"
  mkdir -p "$(dirname "$dir")"
  "$python" -m venv "$dir"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check ${PIN_ARGS[@]+"${PIN_ARGS[@]}"} -r "$req"
  "$dir/bin/python" -m pip check
  printf '%s' "$want" >"$stamp"
}

# pinned_venvs LABEL DIR PYTHON_OVERRIDE NAME...: every DIR/NAME, under a lock (test files call this
# at the same time; one builds, the others wait and then find it done).
pinned_venvs() {
  local label="$1" dir="$2" override="$3" here python start=$SECONDS
  shift 3
  here="$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)"
  if ! python="$(find_python "$override")"; then
    echo "SKIP $label: no Python >= 3.12 found (tried python3.13, python3.12, pyenv 3.12/3.13)"
    return 3
  fi
  mkdir -p "$dir"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$dir/.setup.lock"
    flock 9
  fi
  local name
  for name in "$@"; do pinned_venv "$label" "$dir/$name" "$here/requirements-$name.txt" "$python"; done
  echo "$label venvs ready in $((SECONDS - start)) s"
}
