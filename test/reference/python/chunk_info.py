"""Print where h5py says every chunk of every chunked dataset of an HDF5 file is.

Usage: chunk_info.py FILE.h5
JSON {dataset: {"chunks": {"i.j": [byte_offset, size, filter_mask]}}}, keys the chunk's grid
coordinates, from h5py's chunk_iter (HDF5's H5Dchunk_iter).
"""
import json
import sys

import h5py

info = {}
with h5py.File(sys.argv[1], "r") as f:
    def visit(name, obj):
        if isinstance(obj, h5py.Dataset) and obj.chunks:
            chunks = {}

            def add(c):
                key = ".".join(str(o // s) for o, s in zip(c.chunk_offset, obj.chunks))
                chunks[key] = [c.byte_offset, c.size, c.filter_mask]
            # chunk_iter visits each chunk once (get_chunk_info(i) searches from the start each time).
            obj.id.chunk_iter(add)
            info["/" + name] = {"chunks": chunks}
    f.visititems(visit)
json.dump(info, sys.stdout, sort_keys=True)
