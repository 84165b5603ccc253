"""zarr-python 3 writing the same array as the NWB writers: int16 [rows, cols], chunks of `chunk rows`
(bytes + zstd level 0, the codecs hdmf-zarr and ours write), from the same buffers of the same
signal (signal_data.SignalFileIterator's `_get_data`, reading the signal file), one buffer after
another — no NWB file around it.

  python write_zarr_python.py <out.zarr> <signal.i16> <rows> <cols> <chunk rows> <buffer rows>

Prints one JSON object like write_python.py (plus `getdata_seconds`: time spent reading buffers).
"""
import json
import resource
import sys
import time

import numpy as np
import zarr
from zarr.codecs import BytesCodec, ZstdCodec

from signal_data import SignalFileIterator


def main():
    out, path, rows, cols, chunk_rows, buffer_rows = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:7])
    source = SignalFileIterator(path, rows, cols, chunk_shape=(chunk_rows, cols), buffer_shape=(buffer_rows, cols))
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    arr = zarr.create_array(out, shape=(rows, cols), chunks=(chunk_rows, cols), dtype=np.int16, fill_value=0,
                            serializer=BytesCodec(endian="little"), compressors=[ZstdCodec(level=0, checksum=False)],
                            zarr_format=3, overwrite=True)
    for r0 in range(0, rows, buffer_rows):
        sel = (slice(r0, min(rows, r0 + buffer_rows)), slice(0, cols))
        arr[sel] = source._get_data(sel)
    seconds = time.perf_counter() - t0
    # CPU time of every thread of this process while the clock ran (worker processes not included).
    timed_cpu = time.process_time() - cpu0
    nbytes = rows * cols * 2
    print(json.dumps({
        "impl": f"zarr-python {zarr.__version__}", "jobs": 1, "shardRows": 0, "seconds": seconds, "bytes": nbytes,
        "mbps": nbytes / 1e6 / seconds, "timed_cpu_seconds": timed_cpu, "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "getdata_seconds": SignalFileIterator.getdata_seconds,
    }))


if __name__ == "__main__":
    main()
