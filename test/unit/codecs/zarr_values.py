"""How the numcodecs scripts beside it print an array: dtype, shape and values in C order as JSON
values (numbers exactly, non-finite floats as strings, anything else as text), and a store's arrays."""

import json
import math

import numpy as np
import zarr


def plain(v):
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        f = float(v)
        return f if math.isfinite(f) else str(f)
    return str(v)


def describe(a):
    return {"dtype": str(a.dtype), "shape": list(a.shape), "values": [plain(v) for v in np.asarray(a).reshape(-1)]}


def read(path):
    """Print every array of the store at `path` as zarr-python reads it."""
    root = zarr.open_group(path, mode="r")
    print(json.dumps({name: describe(root[name][...]) for name in sorted(root.array_keys())}))
