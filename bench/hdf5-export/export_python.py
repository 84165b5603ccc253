"""hdmf-zarr 0.14's export of an NWB HDF5 file to Zarr (NWBZarrIO.export(NWBHDF5IO(...))), timed.

Usage: export_python.py SRC.nwb DST.nwb.zarr   (prints {"seconds", "max_rss_kb"} as JSON)
"""
import json
import resource
import shutil
import sys
import time
import warnings

from hdmf_zarr.nwb import NWBZarrIO
from pynwb import NWBHDF5IO

warnings.simplefilter("ignore")


def main():
    src, dst = sys.argv[1], sys.argv[2]
    shutil.rmtree(dst, ignore_errors=True)
    start = time.perf_counter()
    with NWBHDF5IO(src, "r") as read_io, NWBZarrIO(dst, mode="w") as export_io:
        export_io.export(src_io=read_io, write_args=dict(link_data=False))
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


if __name__ == "__main__":
    main()
