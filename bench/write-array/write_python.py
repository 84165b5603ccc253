"""Python side of the write benchmark: pynwb + hdmf-zarr 0.14 write an NWB file whose
TimeSeries `raw` holds the signal, from a GenericDataChunkIterator reading each buffer from the
signal file (signal_data.SignalFileIterator), with number_of_jobs jobs.
With `shard rows`, the data is wrapped in ZarrDataIO(chunks=..., shards=...): shards of that many
rows holding inner chunks of `chunk rows`.

  python write_python.py <out.nwb.zarr> <signal.i16> <rows> <cols> <chunk rows> <buffer rows> <jobs> [shard rows]

Prints one JSON object: seconds, bytes, MB/s, peak RSS of this process, and the peak of the
summed memory (PSS) of this process and its worker processes (sampled from /proc every 0.2 s).
"""
import json
import os
import resource
import sys
import threading
import time
import warnings
from datetime import datetime, timezone

import hdmf_zarr
from hdmf_zarr import ZarrDataIO
from hdmf_zarr.nwb import NWBZarrIO
from pynwb import NWBFile, TimeSeries

from signal_data import SignalFileIterator


def tree_rss_kb(root):
    """Memory of a process and all its descendants, in kB: the sum of their proportional set sizes
    (PSS, /proc/<pid>/smaps_rollup), so pages forked workers share with the parent count once."""
    parents = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat") as f:
                    parents[int(pid)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                pass
    tree, total = {root}, 0
    for pid in sorted(parents):  # children have larger pids than their parents here
        if parents[pid] in tree:
            tree.add(pid)
    for pid in tree:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
        except (OSError, StopIteration):
            pass
    return total


class TreeSampler(threading.Thread):
    """Peak of the summed PSS of this process and its worker processes, sampled every 0.2 s."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak, self.stop = 0, threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, tree_rss_kb(os.getpid()))
            self.stop.wait(0.2)


def main():
    out, path, rows, cols, chunk_rows, buffer_rows, jobs = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:8])
    shard_rows = int(sys.argv[8]) if len(sys.argv) > 8 else 0
    warnings.filterwarnings("ignore")
    data = SignalFileIterator(path, rows, cols, chunk_shape=(chunk_rows, cols), buffer_shape=(buffer_rows, cols))
    if shard_rows:
        data = ZarrDataIO(data=data, chunks=(chunk_rows, cols), shards=(shard_rows, cols))
    f = NWBFile(identifier="write-bench", session_description="write benchmark",
                session_start_time=datetime(2024, 1, 1, tzinfo=timezone.utc))
    f.add_acquisition(TimeSeries(name="raw", data=data, unit="V", rate=30000.0))
    sampler = TreeSampler()
    sampler.start()
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    with NWBZarrIO(out, mode="w") as io:
        io.write(f, number_of_jobs=jobs)
    seconds = time.perf_counter() - t0
    # CPU time of every thread of this process while the clock ran (worker processes not included).
    timed_cpu = time.process_time() - cpu0
    sampler.stop.set()
    sampler.join()
    nbytes = rows * cols * 2
    print(json.dumps({
        "impl": f"hdmf-zarr {hdmf_zarr.__version__}", "jobs": jobs, "shardRows": shard_rows, "seconds": seconds, "bytes": nbytes,
        "mbps": nbytes / 1e6 / seconds, "timed_cpu_seconds": timed_cpu,
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "tree_peak_rss_kb": sampler.peak,
        # Read in worker processes with more than one job: not counted here.
        "getdata_seconds": SignalFileIterator.getdata_seconds if jobs == 1 else None,
    }))


if __name__ == "__main__":
    main()
