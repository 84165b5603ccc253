"""Data of the sharded-window benchmark (sharded_windows.sh), written by zarr-python 3.

  python sharded_make.py <folder>

Writes <folder>/sharded.zarr: float32 200000 x 768, a random walk per channel, shards of
8192 x 256 (8 MiB) holding inner chunks of 1024 x 256 (1 MiB), zstd level 3, index at the end
with crc32c (zarr-python's defaults); and the window lists <folder>/windows-*.json. Does nothing
when the folder already holds them.
"""
import json
import os
import sys

import numpy as np
import zarr
from zarr.codecs import ZstdCodec

ROWS, COLS = 200_000, 768
SHARD = (8192, 256)
INNER = (1024, 256)
SEED = 20261207


def windows(folder):
    rng = np.random.default_rng(SEED)
    lists = {"windows-1000": {"rows": 1000, "starts": rng.integers(0, ROWS - 1000, 200).tolist()}}
    # Whole-width windows aligned to shard rows: they touch 4, 6 or 8 of the 8 inner chunks of each shard.
    for rows in (4096, 6144, 8192):
        starts = [k * SHARD[0] for k in range(ROWS // SHARD[0])]
        lists[f"aligned-{rows}"] = {"rows": rows, "starts": starts}
    for name, w in lists.items():
        w["seed"] = SEED
        with open(os.path.join(folder, name + ".json"), "w") as f:
            json.dump(w, f)


def main():
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "sharded.zarr")
    done = os.path.join(folder, "sharded.done")
    if not os.path.exists(done):
        arr = zarr.create_array(path, shape=(ROWS, COLS), dtype="float32", chunks=INNER, shards=SHARD,
                                compressors=ZstdCodec(level=3), fill_value=0.0, overwrite=True)
        rng = np.random.default_rng(SEED)
        level = np.zeros(COLS, dtype="float64")
        for start in range(0, ROWS, SHARD[0]):
            stop = min(ROWS, start + SHARD[0])
            steps = rng.standard_normal((stop - start, COLS))
            block = level + np.cumsum(steps, axis=0)
            level = block[-1]
            arr[start:stop] = block.astype("float32")
        open(done, "w").close()
    windows(folder)


if __name__ == "__main__":
    main()
