"""hdmf-zarr 0.14's export of the benchmark file (Zarr v2, read with NWBZarrV2IO, 0.14's reader of
v2 files) into a new Zarr v3 file with number_of_jobs jobs (ZarrIO.export), timed, with the
load average at the end.

Usage: export_python.py SRC.nwb.zarr DST.nwb.zarr JOBS BYTES
(prints {"impl", "jobs", "seconds", "mbps", "cpu_seconds", "max_rss_kb", "loadavg"} as JSON;
cpu_seconds is the user + system time of this process and its finished worker processes)
"""
import json
import os
import resource
import shutil
import sys
import time
import warnings

from hdmf_zarr import NWBZarrIO, NWBZarrV2IO, ZarrIO

warnings.simplefilter("ignore")


def main():
    src, dst, jobs, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    shutil.rmtree(dst, ignore_errors=True)
    start = time.perf_counter()
    with NWBZarrV2IO(src, mode="r") as read_io, NWBZarrIO(dst, mode="w") as export_io:
        # NWBZarrIO.export does not take number_of_jobs; ZarrIO.export, which it calls, does.
        ZarrIO.export(export_io, src_io=read_io, write_args=dict(link_data=False), number_of_jobs=jobs)
    seconds = time.perf_counter() - start
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    print(json.dumps({
        "impl": "hdmf-zarr 0.14", "jobs": jobs, "seconds": seconds, "mbps": size / 1e6 / seconds, "cpu_seconds": cpu,
        "max_rss_kb": own.ru_maxrss, "loadavg": list(os.getloadavg()),
    }))


if __name__ == "__main__":
    main()
