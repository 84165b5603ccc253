"""Complex, datetime64/timedelta64, raw bytes and sub-array struct arrays in zarr-python 2 and 3.

  write DIR   write one array per type into the group at DIR (Zarr v2 with zarr-python 2,
              Zarr v3 with zarr-python 3) and print nothing
  read DIR    print {name: {"dtype", "fill", "values"}} for every array of the group at DIR

Values are printed so JSON holds them exactly: complex as [re, im] (non-finite parts as
"NaN"/"Infinity"/"-Infinity"), datetime64/timedelta64 as int64 counts in decimal text (NaT is
the smallest int64), raw bytes as hex, sub-array fields as nested lists.
"""
import json
import math
import sys

import numpy as np
import zarr

V3 = zarr.__version__.startswith("3")

# Every array has shape (5,) in chunks of 2 and only [0:3] written: the third chunk is never
# stored and index 3 of the second chunk is the fill value.
# name: (numpy type, the three values written, fill value)
TYPES = {
    "c8": ("<c8", [1 + 2j, -0.5 + 1e-3j, complex(math.nan, math.inf)], 1.5 - 2j),
    "c16": ("<c16", [1 / 3 + 2j, complex(-math.inf, 0.25), 1e300 - 1e-300j], complex(math.nan, 1)),
    "c16_big": (">c16", [3 - 4j, 0j, -1.25 + 7j], 2 + 0j),
    "M8_ns": ("<M8[ns]", ["2020-01-02T03:04:05.123456789", "NaT", "1969-12-31T23:59:59.999999999"], "NaT"),
    "M8_D": ("<M8[D]", ["2020-02-29", "1900-01-01", "NaT"], "2000-01-01"),
    "M8_ms": ("<M8[ms]", ["2021-06-01T12:00:00.250", "1970-01-01", "NaT"], 0),
    "M8_us": ("<M8[us]", ["2021-06-01T12:00:00.000001", "NaT", "1999-12-31T23:59:59"], "NaT"),
    "m8_s": ("<m8[s]", [5, -86400, "NaT"], 7),
    "m8_10s": ("<m8[10s]", [3, -1, 0], "NaT"),
    "V8": ("|V8", [b"\x00\x01\x02\x03\x04\x05\x06\x07", b"\xff" * 8, b"abcdefgh"], b"\x01\x02\x03\x04\x05\x06\x07\x08"),
}
# zarr-python 3 refuses sub-array fields, so these are written in Zarr v2 only.
SUBARRAY = np.dtype([("a", "<f4", (2, 3)), ("b", "<i2")])


def scalar(dtype, v):
    """A numpy scalar of dtype: dates as ISO text or a count, timedeltas as a count or "NaT"."""
    if dtype.kind == "M":
        return np.datetime64(v, np.datetime_data(dtype)) if isinstance(v, str) else np.array(v, dtype="<i8").view(dtype)[()]
    if dtype.kind == "m":
        return np.timedelta64(v, np.datetime_data(dtype))
    if dtype.kind == "V":
        return np.void(v)
    return v


def write(path):
    root = zarr.open_group(path, mode="w", **({"zarr_format": 3} if V3 else {}))
    for name, (typestr, values, fill) in TYPES.items():
        dtype = np.dtype(typestr)
        kw = {"shape": (5,), "chunks": (2,), "dtype": dtype, "fill_value": scalar(dtype, fill)}
        if V3 and dtype.byteorder == ">":
            # zarr-python 3 keeps byte order in the bytes codec, not the data type.
            kw["serializer"] = zarr.codecs.BytesCodec(endian="big")
        # Uncompressed, so chunks written elsewhere can be compared byte for byte.
        a = root.create_array(name, compressors=None, **kw) if V3 else root.create_dataset(name, compressor=None, **kw)
        a[0:3] = np.array([scalar(dtype, v) for v in values], dtype=dtype)
    if not V3:
        fill = np.array([(np.full((2, 3), 0.5), -7)], dtype=SUBARRAY)[0]
        a = root.create_dataset("sub", shape=(5,), chunks=(2,), dtype=SUBARRAY, compressor=None, fill_value=fill)
        rec = np.zeros(3, dtype=SUBARRAY)
        rec["a"] = np.arange(18, dtype="<f4").reshape(3, 2, 3) / 4 - 1
        rec["b"] = [7, -300, 32767]
        a[0:3] = rec


def part(x):
    x = float(x)
    return x if math.isfinite(x) else ("NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity"))


def plain(dtype, v):
    if dtype.kind == "c":
        return [part(v.real), part(v.imag)]
    if dtype.kind in "Mm":
        return str(int(np.array(v).view("<i8")))
    if dtype.kind == "V" and dtype.names is None:
        return bytes(v).hex()
    if dtype.names is not None:
        return {n: (v[n].tolist() if dtype[n].shape else plain(dtype[n], v[n])) for n in dtype.names}
    return v.item()


def read(path):
    root = zarr.open_group(path, mode="r")
    out = {}
    for name, a in sorted(root.arrays()):
        values = a[:]
        fill = a.fill_value
        out[name] = {
            "dtype": a.dtype.str if a.dtype.names is None else a.dtype.descr,
            "fill": None if fill is None else plain(a.dtype, np.array(fill, dtype=a.dtype)[()]),
            "values": [plain(a.dtype, v) for v in values],
        }
    print(json.dumps(out))


if __name__ == "__main__":
    {"write": write, "read": read}[sys.argv[1]](sys.argv[2])
