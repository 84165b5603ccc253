"""Check the exports of the benchmark against the HDF5 original, block by block: the
ElectricalSeries samples read by h5py from the original, and read by zarr-python from each
export, must be equal; and pynwb (hdmf-zarr 0.14) must open each export and see the same shape.

Usage: check.py SRC.nwb OURS.nwb.zarr PYTHON.nwb.zarr   (prints JSON)
"""
import json
import sys
import warnings

import h5py
import numpy as np
import zarr
from hdmf_zarr.nwb import NWBZarrIO

warnings.simplefilter("ignore")
PATH = "acquisition/es/data"


def equal(h5data, zdata):
    if h5data.shape != zdata.shape or h5data.dtype != zdata.dtype:
        return False
    step = 262144
    for start in range(0, h5data.shape[0], step):
        if not np.array_equal(h5data[start:start + step], zdata[start:start + step]):
            return False
    return True


def main():
    src, ours, theirs = sys.argv[1:4]
    result = {}
    with h5py.File(src, "r") as f:
        original = f[PATH]
        for name, path in (("ours", ours), ("python", theirs)):
            z = zarr.open_group(path, mode="r")[PATH]
            with NWBZarrIO(path, mode="r") as io:
                shape = list(io.read().acquisition["es"].data.shape)
            result[name] = {"equal": bool(equal(original, z)), "pynwb_shape": shape,
                            "chunks": list(z.chunks), "codecs": [c["name"] for c in z.metadata.to_dict()["codecs"]]}
        result["shape"] = list(original.shape)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
