"""zarr-python 3 and hdmf-zarr 0.14 on the array layouts the TypeScript writer makes (sharded
arrays, big-endian serializers, transpose/delta filters), printing JSON.

  python sharded_arrays.py read STORE NAME [NAME ...]
      zarr-python reads each root array: shape, dtype, chunks, shards, codecs, fill value, values.
  python sharded_arrays.py write SPEC.json STORE
      zarr-python writes the arrays SPEC describes (name, dtype, shape, chunks, shards,
      index_location, endian, filters, fill_value, values), uncompressed, to compare bytes.
  python sharded_arrays.py nwb FILE
      hdmf-zarr 0.14's NWBZarrIO reads the file: pynwb validation errors, and for each
      acquisition TimeSeries its data and timestamps (values, shards, codecs).
"""
import json
import sys
import warnings

import numpy as np
import zarr


def plain(arr):
    if arr.dtype.kind in "OTUS":
        return [v.decode() if isinstance(v, bytes) else str(v) for v in arr.ravel().tolist()]
    return np.asarray(arr).ravel().tolist()


def describe(a):
    return {
        "shape": list(a.shape),
        "dtype": str(a.dtype),
        "chunks": list(a.chunks),
        "shards": list(a.shards) if a.shards is not None else None,
        "codecs": [c.to_dict() for c in a.metadata.codecs],
        "fill_value": a.metadata.fill_value.item() if hasattr(a.metadata.fill_value, "item") else a.metadata.fill_value,
        "values": plain(a[...]),
    }


def read(store, names):
    g = zarr.open_group(store, mode="r")
    return {name: describe(g[name]) for name in names}


def write(spec_file, store):
    with open(spec_file) as f:
        spec = json.load(f)
    g = zarr.open_group(store, mode="w")
    for s in spec:
        dtype = np.dtype(s["dtype"])
        filters = []
        for f in s.get("filters", []):
            if f["name"] == "transpose":
                filters.append(zarr.codecs.TransposeCodec(order=f["order"]))
            elif f["name"] == "numcodecs.delta":
                from numcodecs.zarr3 import Delta
                filters.append(Delta(dtype=f["dtype"]))
            else:
                raise ValueError(f"unknown filter {f}")
        shards = {"shape": s["shards"], "index_location": s.get("index_location", "end")} if s.get("shards") else None
        a = g.create_array(
            s["name"], shape=s["shape"], dtype=dtype, chunks=s["chunks"], shards=shards, fill_value=s["fill_value"],
            serializer=zarr.codecs.BytesCodec(endian=s.get("endian", "little")), filters=filters, compressors=None,
        )
        a[...] = np.asarray(s["values"], dtype=dtype).reshape(s["shape"])
    return {"written": [s["name"] for s in spec]}


def nwb(path):
    from hdmf_zarr.nwb import NWBZarrIO
    from pynwb import validate

    out = {}
    with NWBZarrIO(path, mode="r") as io:
        out["errors"] = [str(e) for e in validate(io=io)]
        f = io.read()
        for name, ts in f.acquisition.items():
            out[name] = {}
            for field in ("data", "timestamps"):
                a = getattr(ts, field)
                if a is None or not hasattr(a, "shards"):
                    continue
                out[name][field] = {"values": plain(a[...]), "shape": list(a.shape), "dtype": str(a.dtype), "chunks": list(a.chunks),
                                    "shards": list(a.shards) if a.shards is not None else None,
                                    "codecs": [c.to_dict() for c in a.metadata.codecs]}
    return out


def main():
    warnings.filterwarnings("ignore")
    mode = sys.argv[1]
    if mode == "read":
        result = read(sys.argv[2], sys.argv[3:])
    elif mode == "write":
        result = write(sys.argv[2], sys.argv[3])
    elif mode == "nwb":
        result = nwb(sys.argv[2])
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
