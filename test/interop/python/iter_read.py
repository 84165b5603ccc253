"""Reads a file written from chunk iterators with hdmf-zarr (0.14 for Zarr v3, 0.13 for Zarr v2)
and prints, per dataset of the root, its shape, dtype, chunks and values as JSON.

  python iter_read.py <store>
"""
import json
import sys
import warnings

import numpy as np
from hdmf_zarr import ZarrIO


def values(data):
    arr = data[:]
    if arr.dtype.kind in "OTUS":
        return [v.decode() if isinstance(v, bytes) else str(v) for v in arr.ravel().tolist()]
    return np.asarray(arr).ravel().tolist()


def main():
    warnings.filterwarnings("ignore")
    io = ZarrIO(sys.argv[1], mode="r")
    root = io.read_builder()
    out = {}
    for name, ds in root.datasets.items():
        out[name] = {"shape": list(ds.data.shape), "dtype": str(ds.data.dtype), "chunks": list(ds.data.chunks), "values": values(ds.data)}
    io.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
