"""zarr-python side of sharded_windows.sh: read every window of a list, print one JSON line.

  python sharded_read.py <store> <windows.json>
"""
import json
import resource
import sys
import time

import zarr


def main():
    path, windows_path = sys.argv[1], sys.argv[2]
    with open(windows_path) as f:
        win = json.load(f)
    arr = zarr.open_array(path, mode="r")
    rows = win["rows"]
    nbytes = 0
    checksum = 0.0
    t0 = time.perf_counter()
    for s in win["starts"]:
        part = arr[s:s + rows, :]
        nbytes += part.nbytes
        checksum += float(part[0, 0]) + float(part[-1, -1])
    seconds = time.perf_counter() - t0
    print(json.dumps({
        "impl": "zarr-python " + zarr.__version__, "rows": rows, "count": len(win["starts"]),
        "seconds": seconds, "mbps": nbytes / 1e6 / seconds, "checksum": checksum,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
