# Sourced by the benchmark scripts (from the project root): the Python reference, i.e. the
# hdmf-zarr 0.14 venv of the interop tests (made on first use), and `pyrun` to run it.
PY=.venv-interop/v3/bin/python
[ -x "$PY" ] || bash test/interop/setup-venvs.sh
# The OpenBLAS tuning variables of this machine only confuse numpy's OpenBLAS; unset them for Python only.
pyrun() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" "$@"; }
