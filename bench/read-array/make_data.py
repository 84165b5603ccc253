"""Write the benchmark arrays into bench/data/ once (skipped when already there).

A float32 2-D array (time x channels) holding a random-walk, ephys-like signal, in two layouts:
  <size>-v3-zstd  : Zarr v3, zarr-python 3 default codecs (bytes + zstd level 0)
  <size>-v2-blosc : Zarr v2, blosc lz4 clevel 5 with byte shuffle
plus <size>-windows.json: the random time windows both readers slice (one seed, one list).
"""
import argparse
import json
import os
import sys

import numcodecs
import numpy as np
import zarr

SIZES = {
    # rows, channels, chunk rows, chunk channels
    "full": (131072, 1024, 16384, 128),  # 512 MiB, 8 MiB chunks
    "small": (16384, 768, 4096, 128),  # 48 MiB, 2 MiB chunks
}
N_WINDOWS = 200
WINDOW_ROWS = 3000  # 0.1 s at 30 kHz
SEED = 20240601


def signal_blocks(rows, cols, block_rows, rng):
    """Yield (start, block) of a random walk per channel plus a little noise, block by block."""
    level = rng.normal(0, 50, size=cols).astype(np.float32)
    for start in range(0, rows, block_rows):
        n = min(block_rows, rows - start)
        steps = rng.normal(0, 1.0, size=(n, cols)).astype(np.float32)
        walk = level + np.cumsum(steps, axis=0, dtype=np.float32)
        level = walk[-1].copy()
        # Quantise to 0.195 uV steps, as an int16 ADC scaled to volts would be.
        yield start, (np.round(walk / 0.195) * 0.195).astype(np.float32)


def write(path, fmt, rows, cols, crows, ccols):
    if os.path.exists(os.path.join(path, "zarr.json" if fmt == 3 else ".zarray")):
        print(f"exists: {path}")
        return
    kwargs = dict(shape=(rows, cols), chunks=(crows, ccols), dtype="float32", zarr_format=fmt, overwrite=True)
    if fmt == 2:
        kwargs["compressors"] = numcodecs.Blosc(cname="lz4", clevel=5, shuffle=numcodecs.Blosc.SHUFFLE)
    arr = zarr.create_array(store=path, **kwargs)
    rng = np.random.default_rng(SEED)
    for start, block in signal_blocks(rows, cols, crows, rng):
        arr[start:start + block.shape[0]] = block
    print(f"wrote {path}: {arr.shape} {arr.dtype} chunks {arr.chunks} codecs {arr.metadata.to_dict().get('codecs') or arr.metadata.to_dict().get('compressor')}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--size", choices=SIZES, default="full")
    p.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "data"))
    a = p.parse_args()
    rows, cols, crows, ccols = SIZES[a.size]
    os.makedirs(a.out, exist_ok=True)
    write(os.path.join(a.out, f"{a.size}-v3-zstd"), 3, rows, cols, crows, ccols)
    write(os.path.join(a.out, f"{a.size}-v2-blosc"), 2, rows, cols, crows, ccols)
    wpath = os.path.join(a.out, f"{a.size}-windows.json")
    if not os.path.exists(wpath):
        rng = np.random.default_rng(SEED)
        starts = rng.integers(0, rows - WINDOW_ROWS, size=N_WINDOWS)
        with open(wpath, "w") as f:
            json.dump({"seed": SEED, "rows": WINDOW_ROWS, "starts": [int(s) for s in starts]}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
