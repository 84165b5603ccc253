"""Integers beyond 2**53 in attributes and fill values, written and read with the Python reference.

  python exact_integers.py write <store>   write the content below with ZarrIO.write_builder
  python exact_integers.py read <store>    print what read_builder gives, as case-value JSON

The venv decides the convention: hdmf-zarr 0.14 writes Zarr v3, 0.13 Zarr v2. In both, a chunk
that holds only the fill value is not stored, so a reader must fill it from the metadata.
Printed: root attributes; per dataset its numpy dtype, zarr fill_value, attributes and values.
Integers beyond 2**53 are printed as {"$int": "<digits>"} (case_values.encode).
"""
import json
import sys
import warnings

import numpy as np
from hdmf.build import DatasetBuilder, GroupBuilder
from hdmf_zarr import ZarrDataIO, ZarrIO

from case_values import encode

U64_MAX = 2**64 - 1
BEYOND = 2**53 + 1
I64_MIN = -(2**63)


def write(path):
    u = ZarrDataIO(np.array([U64_MAX, U64_MAX, 1, 2], dtype=np.uint64), chunks=[2], fillvalue=U64_MAX)
    i = ZarrDataIO(np.array([BEYOND, BEYOND, I64_MIN, 5], dtype=np.int64), chunks=[2], fillvalue=BEYOND)
    root = GroupBuilder(
        "root",
        attributes={"big": BEYOND, "min": I64_MIN, "u64_max": U64_MAX, "list": [BEYOND, 1]},
        datasets={
            "u": DatasetBuilder("u", data=u, attributes={"offset": BEYOND}),
            "i": DatasetBuilder("i", data=i),
        },
    )
    with ZarrIO(path, mode="w") as io:
        io.write_builder(root)


def read(path):
    with ZarrIO(path, mode="r") as io:
        root = io.read_builder()
        out = {"attributes": encode(dict(root.attributes)), "datasets": {}}
        for name, ds in root.datasets.items():
            arr = ds.data
            out["datasets"][name] = {
                "dtype": str(arr.dtype),
                "fill_value": encode(int(arr.fill_value)),
                "attributes": encode(dict(ds.attributes)),
                "data": encode(arr[:]),
            }
    print(json.dumps(out))


if __name__ == "__main__":
    warnings.filterwarnings("ignore")
    {"write": write, "read": read}[sys.argv[1]](sys.argv[2])
