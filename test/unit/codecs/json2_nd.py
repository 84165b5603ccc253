"""2-D object arrays through numcodecs' JSON codec, for json2-nd-python.test.ts.

  json2_nd.py write DIR   -- zarr-python 2 writes DIR/strings ([3, 2] text, chunks [2, 2]) and DIR/scalar (0-d), uncompressed
  json2_nd.py read DIR    -- prints every array under DIR as {name: {"shape", "values" (nested lists)}}
"""
import json
import sys

import numcodecs
import numpy as np
import zarr

mode, path = sys.argv[1], sys.argv[2]
if mode == "write":
    root = zarr.open_group(path, mode="w")
    a = root.create_dataset("strings", shape=(3, 2), chunks=(2, 2), dtype=object, object_codec=numcodecs.JSON(), compressor=None)
    a[:] = np.array([["a", "b"], ["c", "é"], ["e", "f"]], dtype=object)
    b = root.create_dataset("scalar", shape=(), dtype=object, object_codec=numcodecs.JSON(), compressor=None)
    b[...] = "only"
else:
    root = zarr.open_group(path, mode="r")
    out = {}
    for name, arr in root.arrays():
        v = arr[...]
        out[name] = {"shape": list(arr.shape), "values": v.tolist() if arr.shape else v.item() if hasattr(v, "item") else v}
    print(json.dumps(out, sort_keys=True))
