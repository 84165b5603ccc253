"""zarr-python side of the read benchmark: the whole array, then the shared random windows.

Prints one JSON object: seconds, bytes and MB/s per case, a checksum of what was read, peak RSS.
"""
import json
import resource
import sys
import time

import numpy as np
import zarr


def main():
    path, windows_path = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else None
    with open(windows_path) as f:
        win = json.load(f)
    win["starts"] = win["starts"][:count]
    arr = zarr.open_array(path, mode="r")

    t0 = time.perf_counter()
    whole = arr[:]
    t_whole = time.perf_counter() - t0
    whole_bytes = whole.nbytes
    whole_sum = float(whole.sum(dtype=np.float64))
    del whole

    rows = win["rows"]
    nbytes = 0
    checksum = 0.0
    t0 = time.perf_counter()
    for s in win["starts"]:
        part = arr[s:s + rows, :]
        nbytes += part.nbytes
        checksum += float(part[0, 0]) + float(part[-1, -1])
    t_slices = time.perf_counter() - t0

    mb = 1e6
    print(json.dumps({
        "impl": "zarr-python " + zarr.__version__,
        "whole": {"seconds": t_whole, "bytes": whole_bytes, "mbps": whole_bytes / mb / t_whole, "checksum": whole_sum},
        "slices": {"seconds": t_slices, "bytes": nbytes, "mbps": nbytes / mb / t_slices, "count": len(win["starts"]), "checksum": checksum},
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }))


if __name__ == "__main__":
    main()
