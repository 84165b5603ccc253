"""Python peers of the read benchmark: zarr-python (2 or 3, whichever the venv holds) or tensorstore.

  python read_peer.py <zarr|tensorstore> <store> <whole|windows> <windows.json> <count>

Prints one JSON line like read_ours.ts: seconds (open + reads, not the checksums), bytes, checksum.
"""
import json
import os
import resource
import sys
import time

import numpy as np

BLOCK = 251 * 4096  # a multiple of 251, so that the weights line up from block to block
WEIGHTS = (np.arange(BLOCK, dtype=np.uint64) % 251) + 1


def checksum(a):
    """The checksum of checksum.cjs: sum of element bits[i] * (i % 251 + 1) mod 2^32, C order."""
    a = np.ascontiguousarray(a).reshape(-1)
    u = a.view({4: np.uint32, 2: np.uint16}[a.itemsize])
    s = 0
    for i in range(0, u.size, BLOCK):
        part = u[i:i + BLOCK]
        s += int((part.astype(np.uint64) * WEIGHTS[:part.size]).sum(dtype=np.uint64))
    return s % 2**32


def opener(impl, path):
    if impl == "zarr":
        import zarr
        return "zarr-python " + zarr.__version__, lambda: zarr.open_array(path, mode="r"), lambda x: x
    if impl == "tensorstore":
        import tensorstore as ts
        driver = "zarr3" if os.path.exists(os.path.join(path, "zarr.json")) else "zarr"
        spec = {"driver": driver, "kvstore": {"driver": "file", "path": os.path.abspath(path)}}
        from importlib.metadata import version
        return ("tensorstore " + version("tensorstore"), lambda: ts.open(spec, read=True).result(),
                lambda view: view.read().result())
    raise SystemExit(f"unknown reader {impl}")


def main():
    impl, path, workload, windows_path = sys.argv[1:5]
    count = int(sys.argv[5]) if len(sys.argv) > 5 else 200
    with open(windows_path) as f:
        win = json.load(f)
    starts = win["starts"][:count]
    name, open_array, materialise = opener(impl, path)

    t0 = time.perf_counter()
    arr = open_array()
    seconds = time.perf_counter() - t0
    nbytes = 0
    total = 0
    if workload == "whole":
        t0 = time.perf_counter()
        whole = materialise(arr[...] if impl == "tensorstore" else arr[:])
        seconds += time.perf_counter() - t0
        nbytes = whole.nbytes
        total = checksum(whole)
    else:
        rows, cols = win["rows"], win["cols"]
        every = arr.shape[1] == cols
        for r, c in starts:
            t0 = time.perf_counter()
            part = materialise(arr[r:r + rows, :] if every else arr[r:r + rows, c:c + cols])
            seconds += time.perf_counter() - t0
            nbytes += part.nbytes
            total = (total + checksum(part)) % 2**32
    print(json.dumps({
        "impl": name, "workload": workload, "seconds": seconds, "bytes": nbytes, "checksum": total,
        "count": len(starts) if workload == "windows" else 1,
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }))


if __name__ == "__main__":
    main()
