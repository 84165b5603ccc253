"""Write the read benchmark's arrays into bench/data/read-array/<size>/ once (each layout is skipped
when its metadata is already there), plus the shared random windows.

  float32 [200000 x 768] (a random walk per column, quantised), chunks 8192 x 256 (8 MiB), in four layouts:
    f32-v3-zstd     Zarr v3, bytes + zstd level 3
    f32-v2-blosc    Zarr v2, blosc lz4 clevel 5 + byte shuffle
    f32-v3-raw      Zarr v3, bytes only
    f32-v3-sharded  Zarr v3, shards 8192 x 256 (8 MiB) of inner chunks 1024 x 256 (1 MiB), bytes + zstd level 3
  int16 [1400000 x 384] "ephys" (a bounded random walk per channel), chunks 65536 x 64, Zarr v3, zstd level 3:
    ephys-v3-zstd
  windows-f32.json, windows-ephys.json: 200 window starts each (one seed), read by every reader.

--size small keeps the chunks and divides the rows by 16.
"""
import argparse
import json
import os
import shutil
import sys

import numcodecs
import numpy as np
import zarr
from zarr.codecs import ZstdCodec

SEED = 20240601
N_WINDOWS = 200
WINDOW_ROWS = 1000
F32 = dict(rows=200000, cols=768, chunk=(8192, 256))
EPHYS = dict(rows=1400000, cols=384, chunk=(65536, 64), window_cols=64)


def exists(path, fmt):
    return os.path.exists(os.path.join(path, "zarr.json" if fmt == 3 else ".zarray"))


def scratch(path):
    """Where a store is written before it is complete: a reader never sees half an array."""
    return f"{path}.part-{os.getpid()}"


def publish(tmp, path):
    """Move a finished store into place; when another process put one there first, keep that one."""
    try:
        os.rename(tmp, path)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)


def f32_layouts(out, rows):
    shape = (rows, F32["cols"])
    chunk = F32["chunk"]
    specs = {
        "f32-v3-zstd": dict(zarr_format=3, chunks=chunk, compressors=ZstdCodec(level=3)),
        "f32-v2-blosc": dict(zarr_format=2, chunks=chunk,
                             compressors=numcodecs.Blosc(cname="lz4", clevel=5, shuffle=numcodecs.Blosc.SHUFFLE)),
        "f32-v3-raw": dict(zarr_format=3, chunks=chunk, compressors=None),
        "f32-v3-sharded": dict(zarr_format=3, chunks=(1024, chunk[1]), shards=chunk, compressors=ZstdCodec(level=3)),
    }
    todo = {name: kw for name, kw in specs.items() if not exists(os.path.join(out, name), kw["zarr_format"])}
    for name in specs.keys() - todo.keys():
        print(f"exists: {name}")
    if not todo:
        return
    arrays = {name: zarr.create_array(store=scratch(os.path.join(out, name)), shape=shape, dtype="float32", overwrite=True, **kw)
              for name, kw in todo.items()}
    rng = np.random.default_rng(SEED)
    level = rng.normal(0, 50, size=shape[1]).astype(np.float32)
    for start in range(0, rows, chunk[0]):
        n = min(chunk[0], rows - start)
        walk = level + np.cumsum(rng.normal(0, 1.0, size=(n, shape[1])).astype(np.float32), axis=0, dtype=np.float32)
        level = walk[-1].copy()
        # Steps of 0.195 uV, as an int16 ADC scaled to volts would give.
        block = (np.round(walk / 0.195) * 0.195).astype(np.float32)
        for arr in arrays.values():
            arr[start:start + n] = block
    for name, arr in arrays.items():
        publish(scratch(os.path.join(out, name)), os.path.join(out, name))
        print(f"wrote {name}: {arr.shape} {arr.dtype} chunks {arr.chunks} shards {arr.shards}")


def ephys_layout(out, rows):
    path = os.path.join(out, "ephys-v3-zstd")
    if exists(path, 3):
        print("exists: ephys-v3-zstd")
        return
    shape = (rows, EPHYS["cols"])
    chunk = EPHYS["chunk"]
    arr = zarr.create_array(store=scratch(path), shape=shape, dtype="int16", chunks=chunk, zarr_format=3,
                            compressors=ZstdCodec(level=3), overwrite=True)
    rng = np.random.default_rng(SEED + 1)
    level = rng.normal(0, 200, size=shape[1])
    for start in range(0, rows, chunk[0]):
        n = min(chunk[0], rows - start)
        walk = level + np.cumsum(rng.normal(0, 4.0, size=(n, shape[1])), axis=0)
        # Pulled back towards zero so that the walk stays well inside int16 over 1.4 M samples.
        walk -= 0.5 * walk.mean(axis=0)
        level = walk[-1].copy()
        arr[start:start + n] = np.clip(np.round(walk), -32768, 32767).astype(np.int16)
    publish(scratch(path), path)
    print(f"wrote ephys-v3-zstd: {arr.shape} {arr.dtype} chunks {arr.chunks}")


def windows(path, rows, cols, window_cols, seed):
    if os.path.exists(path):
        return
    rng = np.random.default_rng(seed)
    starts = rng.integers(0, rows - WINDOW_ROWS + 1, size=N_WINDOWS)
    if window_cols is None:
        cstarts = [0] * N_WINDOWS
    else:
        # One chunk column (e.g. one shank's 64 channels) per window.
        cstarts = (rng.integers(0, cols // window_cols, size=N_WINDOWS) * window_cols).tolist()
    with open(scratch(path), "w") as f:
        json.dump({"seed": seed, "rows": WINDOW_ROWS, "cols": window_cols or cols,
                   "starts": [[int(r), int(c)] for r, c in zip(starts, cstarts)]}, f)
    os.replace(scratch(path), path)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--size", choices=["full", "small"], default="full")
    p.add_argument("--out", default=None)
    a = p.parse_args()
    out = a.out or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "read-array", a.size)
    div = 16 if a.size == "small" else 1
    os.makedirs(out, exist_ok=True)
    f32_rows, ephys_rows = F32["rows"] // div, EPHYS["rows"] // div
    f32_layouts(out, f32_rows)
    ephys_layout(out, ephys_rows)
    windows(os.path.join(out, "windows-f32.json"), f32_rows, F32["cols"], None, SEED)
    windows(os.path.join(out, "windows-ephys.json"), ephys_rows, EPHYS["cols"], EPHYS["window_cols"], SEED + 2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
