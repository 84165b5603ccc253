"""Write small HDF5 files covering what the HDF5 → Zarr export must carry, with h5py, and print
the expected values as JSON (read back with h5py).

OUT_DIR/cases.h5      groups, attributes (float, int, bool, text, arrays, object references),
                      chunked gzip+shuffle arrays, a 2-d array over many chunks, fixed and
                      variable-length text, scalars, an empty array, an h5py bool array, a
                      compound with an object-reference member, a dataset of references, a soft link
OUT_DIR/extlink.h5    an external link into other.h5
OUT_DIR/lzf.h5        a dataset compressed with lzf (h5wasm cannot decode it)
OUT_DIR/region.h5     a dataset of region references
OUT_DIR/other.h5      the external link's target file
Usage: hdf5_make_cases.py OUT_DIR   (prints the expected values of cases.h5)
"""
import json
import sys
from pathlib import Path

import h5py
import numpy as np


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    with h5py.File(out / "other.h5", "w") as f:
        f.create_dataset("shared/values", data=np.arange(3, dtype=np.int8))
    with h5py.File(out / "cases.h5", "w") as f:
        f.attrs["title"] = "cases"
        f.attrs["rate"] = 20000.0
        f.attrs["count"] = np.int64(7)
        f.attrs["flag"] = np.bool_(True)
        f.attrs["floats"] = np.array([1.0, 2.5], dtype=np.float32)
        f.attrs["names"] = np.array(["a", "bé"], dtype=h5py.string_dtype())
        g = f.create_group("data")
        g.attrs["description"] = "arrays"
        gz = g.create_dataset("gz", data=np.arange(1000, dtype=np.int32).reshape(100, 10), chunks=(16, 10),
                              compression="gzip", compression_opts=6, shuffle=True)
        gz.attrs["unit"] = "volts"
        big = (np.arange(300 * 70, dtype=np.float64).reshape(300, 70) * 0.5) - 17
        g.create_dataset("grid", data=big, chunks=(40, 16), compression="gzip")
        g.create_dataset("plain", data=np.linspace(0, 1, 11, dtype=np.float32))
        g.create_dataset("fixed_text", data=np.array([b"ab", b"cde"], dtype="S3"))
        g.create_dataset("vlen_text", data=["x", "yz", "ünï"], dtype=h5py.string_dtype())
        g.create_dataset("scalar_int", data=np.int16(-5))
        g.create_dataset("scalar_text", data="hello", dtype=h5py.string_dtype())
        g.create_dataset("empty", shape=(0,), dtype=np.float64, maxshape=(None,), chunks=(8,))
        g.create_dataset("bools", data=np.array([True, False, True]))
        g.create_dataset("u64", data=np.array([0, 2**63 + 5], dtype=np.uint64))
        refs = f.create_group("refs")
        refs.attrs["target"] = gz.ref
        refs.create_dataset("list", data=[g.ref, gz.ref, f["data/plain"].ref], dtype=h5py.ref_dtype)
        ctype = np.dtype([("idx_start", "<i4"), ("count", "<i4"), ("timeseries", h5py.ref_dtype)])
        rows = np.array([(0, 5, gz.ref), (5, 3, f["data/plain"].ref)], dtype=ctype)
        refs.create_dataset("table", data=rows)
        f["links/soft"] = h5py.SoftLink("/data/plain")
    with h5py.File(out / "extlink.h5", "w") as f:
        f["links/external"] = h5py.ExternalLink("other.h5", "/shared/values")
    with h5py.File(out / "lzf.h5", "w") as f:
        f.create_dataset("packed", data=np.arange(100, dtype=np.int64), chunks=(10,), compression="lzf")
    with h5py.File(out / "region.h5", "w") as f:
        d = f.create_dataset("values", data=np.arange(10))
        f.create_dataset("regions", data=[d.regionref[2:5]], dtype=h5py.regionref_dtype)

    with h5py.File(out / "cases.h5", "r") as f:
        expect = {
            "gz": f["data/gz"][()].tolist(),
            "grid": f["data/grid"][()].tolist(),
            "plain": f["data/plain"][()].tolist(),
            "vlen_text": [s.decode() for s in f["data/vlen_text"][()]],
            "fixed_text": [s.decode() for s in f["data/fixed_text"][()]],
            "u64": [str(v) for v in f["data/u64"][()]],
        }
    print(json.dumps(expect))


if __name__ == "__main__":
    main()
