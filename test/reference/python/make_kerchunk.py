"""Write a kerchunk reference file (spec version 1) of an HDF5 file.

Usage: make_kerchunk.py FILE.h5 URL OUT.json
URL is where readers find FILE.h5; chunks under 300 bytes are held inline. kerchunk skips,
with a warning, what it cannot translate (scalar datasets of some types, references).
"""
import json
import sys

from kerchunk.hdf import SingleHdf5ToZarr

path, url, out = sys.argv[1:4]
with open(path, "rb") as f:
    refs = SingleHdf5ToZarr(f, url, inline_threshold=300).translate()
with open(out, "w") as f:
    json.dump(refs, f)
