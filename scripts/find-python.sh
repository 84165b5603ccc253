# Sourced by the scripts that build Python venvs for tests: finds a Python >= 3.12
# (hdmf-zarr 0.14 needs it). `find_python [PREFERRED]` prints its path or returns 1.
# A candidate counts only if it runs: pyenv shims exist for versions that are installed but not
# selected, and those fail when run.

is_new_enough() {
  "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

find_python() {
  local c
  for c in ${1:-} python3.13 python3.12; do
    if command -v "$c" >/dev/null 2>&1 && is_new_enough "$c"; then command -v "$c"; return 0; fi
  done
  if command -v pyenv >/dev/null 2>&1; then
    local pyroot
    pyroot="$(pyenv root)"
    for c in $(ls -d "$pyroot"/versions/3.1[23]*/bin/python 2>/dev/null | sort -r); do
      if is_new_enough "$c"; then echo "$c"; return 0; fi
    done
  fi
  return 1
}
