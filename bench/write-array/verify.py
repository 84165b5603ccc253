"""Checks every written store against the signal formula, block by block (zarr-python reads
our files and its own), and writes the shared random time windows of the read benchmark.

  python verify.py <rows> <windows.json> <store>...

Prints one JSON object: per store, shape, chunks (inner chunks when sharded), shards, codecs,
and the count of wrong values.
"""
import json
import sys

import numpy as np
import zarr

from signal_data import signal

N_WINDOWS = 200
WINDOW_ROWS = 3000
SEED = 20241127


def check(path, rows):
    arr = zarr.open_array(path, mode="r")
    meta = arr.metadata.to_dict()
    wrong = 0
    step = 1 << 20
    for r0 in range(0, arr.shape[0], step):
        r = slice(r0, min(arr.shape[0], r0 + step))
        wrong += int(np.count_nonzero(arr[r, :] != signal(r, slice(0, arr.shape[1]))))
    return {"shape": list(arr.shape), "dtype": str(arr.dtype), "chunks": list(arr.chunks),
            "shards": list(arr.shards) if arr.shards is not None else None,
            "codecs": [c["name"] for c in meta.get("codecs", [])], "expected_rows": rows,
            "wrong": wrong, "ok": wrong == 0 and arr.shape[0] == rows}


def main():
    rows, windows = int(sys.argv[1]), sys.argv[2]
    rng = np.random.default_rng(SEED)
    starts = sorted(int(s) for s in rng.integers(0, rows - WINDOW_ROWS, N_WINDOWS))
    with open(windows, "w") as f:
        json.dump({"seed": SEED, "rows": WINDOW_ROWS, "starts": rng.permutation(starts).tolist()}, f)
    print(json.dumps({p: check(p, rows) for p in sys.argv[3:]}))


if __name__ == "__main__":
    main()
