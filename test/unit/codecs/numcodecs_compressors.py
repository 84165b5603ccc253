"""numcodecs BZ2, LZMA and MsgPack written and read by zarr-python, for
test/unit/codecs/numcodecs-compressors-python.test.ts.

    numcodecs_compressors.py write DIR   write one array per case (zarr 2: Zarr v2 compressor / object
                                         codec; zarr 3: Zarr v3 `numcodecs.bz2` / `numcodecs.lzma`);
                                         print every case's input values as JSON
    numcodecs_compressors.py read DIR    print every array of the store as zarr-python reads it, as JSON

zarr-python 3 has no `numcodecs.msgpack2` codec and no object arrays it could use it for, so the
MsgPack cases are Zarr v2 (zarr-python 2) only. Floats are printed exactly (Python's repr).
"""

import json
import lzma
import sys

import numcodecs
import numpy as np
import zarr
from zarr_values import describe, read

V3 = int(zarr.__version__.split(".")[0]) >= 3


def cases():
    """name -> (values, chunks, compressor, object_codec)."""
    rng = np.random.default_rng(21)
    f8 = np.round(rng.normal(0, 100, size=(6, 5)), 3)
    out = {
        "bz2_f8_1": (f8, (4, 3), numcodecs.BZ2(level=1), None),
        "bz2_i4_9": (np.arange(-500, 700, 7, dtype="<i4"), (50,), numcodecs.BZ2(level=9), None),
        "bz2_u1_edge": (np.arange(23, dtype="|u1") * 11, (10,), numcodecs.BZ2(level=5), None),
        "lzma_f4_default": (rng.normal(0, 1, size=(40,)).astype("<f4"), (16,), numcodecs.LZMA(), None),
        "lzma_i8_crc32_preset1": (np.arange(0, 3000, 13, dtype="<i8").reshape(-1, 3), (20, 2), numcodecs.LZMA(preset=1, check=lzma.CHECK_CRC32), None),
        "lzma_u2_crc64_extreme": (np.arange(500, dtype="<u2") % 37, (128,), numcodecs.LZMA(preset=9 | lzma.PRESET_EXTREME, check=lzma.CHECK_CRC64), None),
        "lzma_f8_nocheck": (f8, (3, 5), numcodecs.LZMA(check=lzma.CHECK_NONE), None),
        "lzma_i4_sha256_preset0": (np.arange(4000, dtype="<i4") // 3, (1000,), numcodecs.LZMA(preset=0, check=lzma.CHECK_SHA256), None),
        "lzma_f8_preset9": (np.round(np.cumsum(rng.normal(0, 1, size=3000)), 2), (1500,), numcodecs.LZMA(preset=9), None),
    }
    if not V3:
        text = np.array(["alpha", "", "βeta ✓", "gamma", "δ", "a much longer piece of text " * 3, "z"], dtype=object)
        out["msgpack_str"] = (text, (3,), None, numcodecs.MsgPack())
        out["msgpack_str_2d"] = (np.array([f"r{i}c{j}" for i in range(3) for j in range(4)], dtype=object).reshape(3, 4), (2, 3), None, numcodecs.MsgPack())
        out["msgpack_str_bz2"] = (text, (4,), numcodecs.BZ2(level=2), numcodecs.MsgPack())
        out["msgpack_str_lzma"] = (text, (5,), numcodecs.LZMA(), numcodecs.MsgPack())
    return out


def write(path):
    if V3:
        from zarr.codecs import numcodecs as zn

        root = zarr.open_group(path, mode="w", zarr_format=3)
        for name, (values, chunks, compressor, _object_codec) in cases().items():
            config = {k: v for k, v in compressor.get_config().items() if k != "id"}
            as_v3 = {"bz2": zn.BZ2, "lzma": zn.LZMA}[compressor.codec_id](**config)
            a = root.create_array(name, shape=values.shape, dtype=values.dtype, chunks=chunks, compressors=[as_v3])
            a[...] = values
    else:
        root = zarr.open_group(path, mode="w")
        for name, (values, chunks, compressor, object_codec) in cases().items():
            a = root.create_dataset(name, shape=values.shape, dtype=values.dtype, chunks=chunks, compressor=compressor, object_codec=object_codec)
            a[...] = values
    print(json.dumps({name: describe(c[0]) for name, c in cases().items()}))


if __name__ == "__main__":
    {"write": write, "read": read}[sys.argv[1]](sys.argv[2])
