"""The write of test/unit/zarr-io/exhaust-dci.test.ts done by hdmf-zarr with exhaust_dci=False.

  python exhaust_dci.py write <store>   write it with ZarrIO.write_builder(..., exhaust_dci=False)
  python exhaust_dci.py read <store>    print every dataset as read_builder gives it

Printed (JSON): the buffers read, in order ("a:0" is iterator a's buffer from 0), and whether the
plain dataset /z written after the iterators' datasets existed at the first read.
"""

import json
import os
import sys

import numpy as np
from hdmf.build import DatasetBuilder, GroupBuilder
from hdmf.data_utils import DataChunkIterator, GenericDataChunkIterator
from hdmf_zarr import ZarrIO
from hdmf_zarr.utils import ZarrIODataChunkIteratorQueue

log = []
state = {}


class LoggedRamp(GenericDataChunkIterator):
    """length float64 values from offset, one chunk per buffer; each read is logged."""

    def __init__(self, name, length, offset, buffer, store):
        self.name, self.length, self.offset, self.store = name, length, offset, store
        super().__init__(chunk_shape=(buffer,), buffer_shape=(buffer,))

    def _get_data(self, selection):
        s = selection[0]
        state.setdefault("z_existed", os.path.exists(os.path.join(self.store, "z", "zarr.json")))
        log.append(f"{self.name}:{s.start}")
        return np.arange(s.start, s.stop, dtype="float64") + self.offset

    def _get_maxshape(self):
        return (self.length,)

    def _get_dtype(self):
        return np.dtype("float64")


def write(path):
    root = GroupBuilder(
        "root",
        groups={"g": GroupBuilder("g", datasets={"c": DatasetBuilder("c", DataChunkIterator(data=[1, 2, 3], buffer_size=1))})},
        datasets={
            "a": DatasetBuilder("a", LoggedRamp("a", 5, 0, 2, path)),
            "b": DatasetBuilder("b", LoggedRamp("b", 4, 100, 2, path)),
            "z": DatasetBuilder("z", [7, 8, 9]),
        },
    )
    with ZarrIO(path, mode="w") as io:
        # ZarrIO.write() makes the queue before it calls write_builder; write_builder called alone
        # has none (0.14 then fails with AttributeError), so make it as write() does.
        io._ZarrIO__dci_queue = ZarrIODataChunkIteratorQueue()
        io.write_builder(root, exhaust_dci=False)
    print(json.dumps({"log": log, "z_existed": state.get("z_existed")}))


def read(path):
    with ZarrIO(path, mode="r") as io:
        root = io.read_builder()
        out = {}

        def walk(group, prefix):
            for name, ds in group.datasets.items():
                arr = ds.data
                out[prefix + name] = {"shape": list(arr.shape), "dtype": str(arr.dtype), "values": np.asarray(arr[:]).tolist()}
            for name, sub in group.groups.items():
                walk(sub, prefix + name + "/")

        walk(root, "/")
        print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    {"write": write, "read": read}[sys.argv[1]](sys.argv[2])
