"""numcodecs filters written and read by zarr-python, for test/unit/codecs/numcodecs-filters-python.test.ts.

    numcodecs_filters.py write DIR   write one array per case (zarr 2: Zarr v2 filters; zarr 3: Zarr v3
                                     `numcodecs.*` codecs); print every case's input values as JSON
    numcodecs_filters.py read DIR    print every array of the store as zarr-python reads it, as JSON

Floats are printed exactly (Python's repr); NaN and infinities as strings.
"""

import json
import sys

import numcodecs
import numpy as np
import zarr
from zarr_values import describe, read

V3 = int(zarr.__version__.split(".")[0]) >= 3


def rng_values(seed, shape, scale=1.0, offset=0.0):
    return np.random.default_rng(seed).normal(offset, scale, size=shape)


def cases():
    """name -> (values, chunks, filters, compressor, order)."""
    f8 = rng_values(1, (6, 5), 100.0)
    out = {
        "fso_f8_u1": (np.linspace(1000, 1001, 10, dtype="<f8"), (4,), [numcodecs.FixedScaleOffset(offset=1000, scale=10, dtype="<f8", astype="|u1")], None, "C"),
        "fso_f8_i2": (f8, (4, 3), [numcodecs.FixedScaleOffset(offset=0, scale=100, dtype="<f8", astype="<i2")], None, "C"),
        "fso_f8_i2_zlib": (f8, (4, 3), [numcodecs.FixedScaleOffset(offset=-3.25, scale=7.5, dtype="<f8", astype="<i4")], numcodecs.Zlib(level=1), "C"),
        "fso_f4_u2": (rng_values(2, (9,), 10.0, 50.0).astype("<f4"), (4,), [numcodecs.FixedScaleOffset(offset=1.5, scale=3.3, dtype="<f4", astype="<u2")], None, "C"),
        "fso_i4_int": (np.arange(-20, 20, 3, dtype="<i4"), (5,), [numcodecs.FixedScaleOffset(offset=-100, scale=2, dtype="<i4", astype="<i2")], None, "C"),
        "fso_i4_float": (np.arange(-20, 20, 3, dtype="<i4"), (5,), [numcodecs.FixedScaleOffset(offset=0.5, scale=0.25, dtype="<i4", astype="<i4")], None, "C"),
        "quantize_f8_1": (rng_values(3, (11,)), (4,), [numcodecs.Quantize(digits=1, dtype="<f8")], None, "C"),
        "quantize_f8_3": (rng_values(4, (3, 4), 5.0), (2, 3), [numcodecs.Quantize(digits=3, dtype="<f8")], numcodecs.Zlib(level=1), "C"),
        "quantize_f4_2": (rng_values(5, (10,), 20.0).astype("<f4"), (4,), [numcodecs.Quantize(digits=2, dtype="<f4")], None, "C"),
        "bitround_f4_5": (rng_values(6, (10,), 1e3).astype("<f4"), (4,), [numcodecs.BitRound(keepbits=5)], None, "C"),
        "bitround_f8_10": (rng_values(7, (4, 3), 1e-3), (3, 2), [numcodecs.BitRound(keepbits=10)], None, "C"),
        "bitround_f2_3": (rng_values(8, (9,), 10.0).astype("<f2"), (4,), [numcodecs.BitRound(keepbits=3)], None, "C"),
        "packbits_1d": (np.random.default_rng(9).random(13) > 0.5, (5,), [numcodecs.PackBits()], None, "C"),
        "packbits_2d": (np.random.default_rng(10).random((3, 7)) > 0.3, (2, 4), [numcodecs.PackBits()], None, "C"),
        "astype_f8_f4": (rng_values(11, (7,), 1e5), (3,), [numcodecs.AsType(encode_dtype="<f4", decode_dtype="<f8")], None, "C"),
        "astype_i8_i2": (np.arange(-300, 300, 70, dtype="<i8"), (4,), [numcodecs.AsType(encode_dtype="<i2", decode_dtype="<i8")], None, "C"),
        # float16: numpy computes in float32 and rounds each result to float16.
        "fso_f2_i2": (rng_values(13, (9,), 30.0).astype("<f2"), (4,), [numcodecs.FixedScaleOffset(offset=1.5, scale=10, dtype="<f2", astype="<i2")], None, "C"),
        "quantize_f2_1": (rng_values(14, (9,), 30.0).astype("<f2"), (4,), [numcodecs.Quantize(digits=1, dtype="<f2")], None, "C"),
        "astype_f8_f2": (rng_values(15, (9,), 3e3), (4,), [numcodecs.AsType(encode_dtype="<f2", decode_dtype="<f8")], None, "C"),
    }
    if not V3:
        # Zarr v2 only: Categorize (zarr-python 3 has none), and filters on F-ordered chunks.
        fruit = np.array(["apple", "", "fig", "pear", "fig", "apple", "kiwi"], dtype="<U5")
        out["categorize_u5"] = (fruit, (3,), [numcodecs.Categorize(labels=["apple", "fig", "pear", "kiwi"], dtype="<U5")], None, "C")
        out["categorize_obj"] = (fruit.astype(object), (4,), [numcodecs.Categorize(labels=["pear", "apple", "fig", "kiwi"], dtype=object, astype="<u2")], None, "C")
        out["fso_f8_order_f"] = (f8, (4, 3), [numcodecs.FixedScaleOffset(offset=0, scale=100, dtype="<f8", astype="<i2")], None, "F")
        out["quantize_f8_astype_f4"] = (rng_values(12, (8,)), (3,), [numcodecs.Quantize(digits=2, dtype="<f8", astype="<f4")], None, "C")
    return out


def write(path):
    if V3:
        from zarr.codecs import numcodecs as zn

        root = zarr.open_group(path, mode="w", zarr_format=3)
        for name, (values, chunks, filters, compressor, _order) in cases().items():
            as_v3 = [getattr(zn, type(f).__name__)(**{k: v for k, v in f.get_config().items() if k != "id"}) for f in filters]
            compressors = [zn.Zlib(level=compressor.level)] if compressor else None
            a = root.create_array(name, shape=values.shape, dtype=values.dtype, chunks=chunks, filters=as_v3, compressors=compressors)
            a[...] = values
    else:
        root = zarr.open_group(path, mode="w")
        for name, (values, chunks, filters, compressor, order) in cases().items():
            object_codec = filters[0] if values.dtype == object else None
            a = root.create_dataset(name, shape=values.shape, dtype=values.dtype, chunks=chunks, filters=None if object_codec else filters,
                                    compressor=compressor, order=order, object_codec=object_codec)
            a[...] = values
    print(json.dumps({name: describe(c[0]) for name, c in cases().items()}))


if __name__ == "__main__":
    {"write": write, "read": read}[sys.argv[1]](sys.argv[2])
