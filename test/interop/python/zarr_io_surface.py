"""What hdmf-zarr 0.14's ZarrIO answers for one NWB Zarr file, as JSON, for
test/interop/zarr-io-surface.test.ts to compare with ours: path and abspath (as given, through a
symbolic link, relative), get_builder_disk_path, get_zarr_parent_path, resolve_ref (dict, JSON
string, path string, "/" and ""), get_container, get_type and is_zarr_v2_file.
Usage: zarr_io_surface.py FILE LINK RELATIVE V2_FILE MISSING
"""
import json
import sys
import warnings

import numpy as np
from hdmf_zarr import ZarrIO, is_zarr_v2_file
from hdmf_zarr.nwb import NWBZarrIO

warnings.simplefilter("ignore")

# Nodes by the names the test uses for them.
NODES = {
    "root": "",
    "acquisition": "acquisition",
    "raw": "acquisition/raw",
    "data": "acquisition/raw/data",
    "electrodes": "general/extracellular_ephys/electrodes",
    "location": "general/extracellular_ephys/electrodes/location",
}
TYPED = ["root", "raw", "electrodes", "location"]
REFS = {
    "dict": {"source": ".", "path": "/acquisition/raw"},
    "json": json.dumps({"source": ".", "path": "/acquisition/raw/data"}),
    "plain": "/processing/ecephys/LFP",
    "slash": {"source": ".", "path": "/"},
    "empty": {"source": ".", "path": ""},
}
DATA = {"ints": [1, 2], "floats": [1.5], "text": "abc", "bools": [True], "float32": np.array([1.0], dtype=np.float32)}


def main():
    path, link, relative, v2, missing = sys.argv[1:6]
    out = {"paths": {}}
    for key, given in (("given", path), ("link", link), ("relative", relative)):
        with NWBZarrIO(given, mode="r") as io:
            out["paths"][key] = [io.path, io.abspath]
    with NWBZarrIO(path, mode="r") as io:
        nwbfile = io.read()
        zf = io._file
        objs = {k: (zf if p == "" else zf[p]) for k, p in NODES.items()}
        builders = {k: io.get_builder(o) for k, o in objs.items()}
        out["disk_path"] = {k: io.get_builder_disk_path(b) for k, b in builders.items()}
        out["disk_path_other"] = io.get_builder_disk_path(builders["data"], "/elsewhere/f.zarr")
        out["parent_path"] = {k: NWBZarrIO.get_zarr_parent_path(o) for k, o in objs.items()}
        out["resolve_ref"] = {}
        for k, ref in REFS.items():
            try:
                name, obj = io.resolve_ref(ref)
                out["resolve_ref"][k] = [name, obj.name]
            except Exception as e:  # hdmf-zarr 0.14 refuses "/" and "" ("Found bad link")
                out["resolve_ref"][k] = {"error": type(e).__name__}
        out["get_container"] = {}
        for k in TYPED:
            c = io.get_container(objs[k])
            out["get_container"][k] = [type(c).__name__, c.name, c.object_id, c is nwbfile if k == "root" else c.parent.name]
    out["get_type"] = {k: getattr(ZarrIO.get_type(v), "__name__", str(ZarrIO.get_type(v))) for k, v in DATA.items()}
    out["is_zarr_v2_file"] = {"v3": is_zarr_v2_file(path), "v2": is_zarr_v2_file(v2), "missing": is_zarr_v2_file(missing)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
