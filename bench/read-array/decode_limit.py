"""The decode limit of a layout: libzstd (or c-blosc) decoding the same chunk bytes on N threads.

  python decode_limit.py <store> [--threads N] [--reps R]

Reads every chunk file of the store into memory first (from the page cache; not timed), then
decodes them all with numcodecs (libzstd / c-blosc, one thread each: blosc's own threads off) on
N Python threads (numcodecs releases the GIL while decoding) into buffers allocated once, R times.
Prints one JSON line: the best rep's seconds and MB/s of decoded bytes, and the 1-thread MB/s for
comparison. An uncompressed layout has no limit (`mbps` null).
"""
import argparse
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor

import numcodecs
import numcodecs.blosc
from numcodecs import Zstd

META = {"zarr.json", ".zarray", ".zattrs", ".zgroup", ".zmetadata"}


def chunk_codec(store):
    """The numcodecs codec of the store's compressor and the decoded size of one chunk."""
    v3 = os.path.join(store, "zarr.json")
    if os.path.exists(v3):
        with open(v3) as f:
            meta = json.load(f)
        size = {"float32": 4, "int16": 2}[meta["data_type"]]
        for c in meta["chunk_grid"]["configuration"]["chunk_shape"]:
            size *= c
        names = [c["name"] for c in meta["codecs"]]
        if names == ["bytes", "zstd"]:
            return Zstd(), size, "libzstd"
        return None, size, "+".join(names)
    with open(os.path.join(store, ".zarray")) as f:
        meta = json.load(f)
    size = int(meta["dtype"][-1])
    for c in meta["chunks"]:
        size *= c
    comp = meta["compressor"]
    return (numcodecs.get_codec(comp), size, comp["id"]) if comp else (None, size, "raw")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("store")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=3)
    a = ap.parse_args()
    codec, size, name = chunk_codec(a.store)
    if codec is None:
        print(json.dumps({"codec": name, "mbps": None}))
        return
    numcodecs.blosc.use_threads = False
    frames = []
    for folder, _, files in os.walk(a.store):
        for f in files:
            if f not in META:
                with open(os.path.join(folder, f), "rb") as fh:
                    frames.append(fh.read())
    outs = [bytearray(size) for _ in range(a.threads)]

    def part(i):
        out = outs[i]
        n = 0
        for frame in frames[i::a.threads]:
            n += len(codec.decode(frame, out=out))
        return n

    def rep():
        t0 = time.perf_counter()
        with ThreadPoolExecutor(a.threads) as ex:
            n = sum(ex.map(part, range(a.threads)))
        return n, time.perf_counter() - t0

    runs = [rep() for _ in range(a.reps)]
    n, best = min(runs, key=lambda r: r[1])
    print(json.dumps({
        "codec": f"{name} (numcodecs {numcodecs.__version__})", "chunks": len(frames), "threads": a.threads,
        "bytes": n, "seconds": best, "mbps": n / 1e6 / best,
    }))


if __name__ == "__main__":
    main()
