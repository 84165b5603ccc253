"""Print what pynwb sees in an NWB Zarr file as canonical JSON (compared with ts/dump-nwb.ts).

Dump = {"objects": {<path>: {"type", "name", "parent", "fields": {<key>: Value}, "columns"?}}}
- <path>: names along the container parents ("/" for the file, "/raw", "/ecephys/LFP/lfp_series").
- <key>: hdmf's default field name of the spec the pynwb field maps to (`data__unit`,
  `general__experimenter`, `starting_time__rate`); fields without a spec are left out (pynwb defaults not stored in the file); NWBFile adds the
  root's `nwb_version` attribute.
- Fields holding the object's own children are left out (each child is an object with `parent`).
- Values: arrays fully as nested lists; floats to 12 significant digits; NaN/±Infinity as
  {"$float": ...}; dates as ISO strings; containers (links, references) as {"$obj": path};
  compound rows as objects by field name.
- "columns" (DynamicTable): each column's values per row, ragged columns resolved to lists,
  region columns as row indices.
Usage: dump_nwb.py FILE [--out OUT.json]
"""
import json
import math
import sys
import warnings
from datetime import date, datetime

import numpy as np
from hdmf.build import ObjectMapper
from hdmf.common import DynamicTable, DynamicTableRegion, VectorIndex
from hdmf.container import AbstractContainer, Data
from hdmf_zarr.nwb import NWBZarrIO

warnings.simplefilter("ignore")


def path_of(obj):
    names = []
    while obj is not None and obj.parent is not None:
        names.append(obj.name)
        obj = obj.parent
    return "/" + "/".join(reversed(names))


def num(x):
    x = float(x)
    if math.isnan(x):
        return {"$float": "NaN"}
    if math.isinf(x):
        return {"$float": "Infinity" if x > 0 else "-Infinity"}
    if x == 0:
        return 0
    r = float(f"{x:.12g}")
    return int(r) if r.is_integer() and abs(r) < 2**53 else r


def value(v):
    if isinstance(v, AbstractContainer):
        return {"$obj": path_of(v)}
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return num(v)
    if isinstance(v, bytes):
        return v.decode("utf-8")
    if isinstance(v, str):
        return v
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    if isinstance(v, np.void) and v.dtype.names:
        return {n: value(v[n]) for n in v.dtype.names}
    if isinstance(v, dict):
        return {str(k): value(x) for k, x in v.items()}
    if isinstance(v, tuple) and hasattr(v, "_fields"):
        return {n: value(x) for n, x in zip(v._fields, v)}
    if isinstance(v, np.ndarray):
        if v.ndim == 0:
            return value(v[()])
        if v.dtype.names:
            return [value(r) for r in v]
        return [value(x) for x in v.tolist()] if v.dtype.kind in "biuf" else [value(x) for x in v]
    if isinstance(v, (list, tuple)):
        return [value(x) for x in v]
    if hasattr(v, "shape") and hasattr(v, "__getitem__"):  # zarr arrays, hdmf-zarr reference datasets
        return value(read_all(v))
    return {"$unknown": type(v).__name__, "repr": repr(v)[:200]}


def read_all(v):
    if len(v.shape) == 0:
        return v[()]
    data = v[:]
    if isinstance(data, list):
        return [tuple(r) if isinstance(r, (list, tuple)) and hasattr(v, "dtype") and isinstance(getattr(v, "dtype"), list) else r for r in data]
    return data


def compound_rows(v):
    """A compound dataset as a list of dicts keyed by field name (hdmf-zarr gives tuples and a dtype list)."""
    dt = getattr(v, "dtype", None)
    if isinstance(dt, list) and dt and isinstance(dt[0], dict):
        names = [d["name"] for d in dt]
        return [{n: value(x) for n, x in zip(names, row)} for row in v[:]]
    return None


def data_value(v):
    rows = compound_rows(v)
    return rows if rows is not None else value(v)


def is_child(obj, v):
    if isinstance(v, AbstractContainer):
        return v.parent is obj
    if isinstance(v, dict) and v:
        return all(isinstance(x, AbstractContainer) and x.parent is obj for x in v.values())
    if isinstance(v, (list, tuple)) and v:
        return all(isinstance(x, AbstractContainer) and x.parent is obj for x in v)
    return False


def field_keys(type_map, obj):
    """pynwb field name -> hdmf's default field name of its spec."""
    mapper = type_map.get_map(obj)
    defaults = {id(spec): name for name, spec in ObjectMapper.get_attr_names(mapper.spec).items()}
    out = {}
    for attr in obj.fields:
        spec = mapper.get_attr_spec(attr)
        if spec is not None:  # fields without a spec (Units.waveform_unit default) are not file content
            out[attr] = defaults.get(id(spec), attr)
    return out


def stored(builder, key):
    """Whether the untyped dataset or group a `a__b` key lives in is in the file (pynwb fills in
    attribute defaults such as ImagingPlane manifold's conversion when manifold is absent)."""
    parts = key.split("__")
    node = builder
    for part in parts[:-1]:
        node = node.get(part) if node is not None and hasattr(node, "get") else None
        if node is None:
            return False
    return True


def column_rows(col, n):
    """Rows of a column object: VectorIndex resolved to lists of its target's rows."""
    if isinstance(col, VectorIndex):
        ends = [int(x) for x in np.asarray(col.data[:]).tolist()]
        inner = column_rows(col.target, ends[-1] if ends else 0)
        return [inner[(ends[i - 1] if i else 0):ends[i]] for i in range(len(ends))]
    return list(data_value(col.data))


def columns(table):
    out = {}
    for name in table.colnames:
        col = table[name]
        out[name] = column_rows(col, len(table))
    out["id"] = value(table.id.data)
    return out


def dump(path):
    with NWBZarrIO(path, mode="r") as io:
        nwbfile = io.read()
        type_map = io.manager.type_map
        objects = {}
        for obj in nwbfile.objects.values():
            keys = field_keys(type_map, obj)
            fields = {}
            builder = io.manager.get_builder(obj)
            for attr, v in obj.fields.items():
                if attr not in keys or is_child(obj, v) or not stored(builder, keys[attr]):
                    continue
                fields[keys[attr]] = data_value(v) if attr == "data" else value(v)
            if obj is nwbfile:  # pynwb keeps the file's version outside the fields
                fields["nwb_version"] = io.manager.get_builder(obj).attributes["nwb_version"]
            if isinstance(obj, Data):
                fields["data"] = data_value(obj.data)
            entry = {"type": getattr(obj, "neurodata_type", None) or obj.data_type, "name": obj.name,
                     "parent": path_of(obj.parent) if obj.parent is not None else None, "fields": fields}
            if isinstance(obj, DynamicTable):
                entry["columns"] = columns(obj)
            p = path_of(obj)
            if p in objects:
                raise SystemExit(f"two objects at {p}")
            objects[p] = entry
        # pynwb holds the spike_times `resolution` attribute on Units (a field without a spec of
        # its own); in the file it is an attribute of the spike_times column, where we report it.
        for p, entry in objects.items():
            if entry["type"] == "Units" and f"{p}/spike_times" in objects:
                units = next(o for o in nwbfile.objects.values() if path_of(o) == p)
                if getattr(units, "resolution", None) is not None:
                    objects[f"{p}/spike_times"]["fields"]["resolution"] = value(units.resolution)
        return {"objects": objects}


def main():
    args = sys.argv[1:]
    doc = dump(args[0])
    text = json.dumps(doc, sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False) + "\n"
    if "--out" in args:
        with open(args[args.index("--out") + 1], "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
