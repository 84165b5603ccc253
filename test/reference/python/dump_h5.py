"""Print, as JSON, every group, dataset, soft link and attribute of an HDF5 file as h5py reads it.

Usage: dump_h5.py FILE.h5
Values are canonical JSON: NaN/Infinity as the strings "NaN"/"Infinity"/"-Infinity", integers
beyond 2^53 as strings, byte strings decoded as UTF-8, object references as {"ref": path},
compound rows as objects. Each entry: {"kind", "attrs", and for datasets "shape", "values"}.
"""
import json
import math
import sys

import h5py
import numpy as np

f = h5py.File(sys.argv[1], "r")


def canon(v):
    if isinstance(v, h5py.Reference):
        return {"ref": f[v].name} if v else None
    if isinstance(v, np.void) and v.dtype.names:
        return {n: canon(v[n]) for n in v.dtype.names}
    if isinstance(v, np.ndarray):
        if v.dtype.names:
            return [canon(x) for x in v.ravel()] if v.ndim else canon(v[()])
        return [canon(x) for x in v.tolist()] if v.dtype.kind == "O" else canon(v.tolist())
    if isinstance(v, list):
        return [canon(x) for x in v]
    if isinstance(v, bytes):
        return v.decode("utf-8")
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v) if abs(int(v)) <= 2**53 else str(int(v))
    if isinstance(v, (float, np.floating)):
        x = float(v)
        if math.isnan(x):
            return "NaN"
        if math.isinf(x):
            return "Infinity" if x > 0 else "-Infinity"
        return x
    return v


def attrs(obj):
    return {k: canon(obj.attrs[k]) for k in sorted(obj.attrs) if k != ".specloc"}


out = {"/": {"kind": "group", "attrs": attrs(f)}}


def visit(name, link):
    path = "/" + name
    if name.startswith("specifications"):
        return
    if isinstance(link, h5py.SoftLink):
        out[path] = {"kind": "link", "target": link.path}
        return
    obj = f[path]
    if isinstance(obj, h5py.Group):
        out[path] = {"kind": "group", "attrs": attrs(obj)}
    else:
        values = obj[()]
        out[path] = {"kind": "dataset", "attrs": attrs(obj), "shape": list(obj.shape), "values": canon(values)}


f.visititems_links(visit)
json.dump(out, sys.stdout, sort_keys=True)
