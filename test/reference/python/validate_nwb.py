"""Validate NWB HDF5 files with pynwb; with --drop-attr, first copy one without an attribute.

Usage: validate_nwb.py FILE.nwb                     print pynwb.validate's findings as a JSON list
       validate_nwb.py --drop-attr SRC DST OBJ ATTR  copy SRC to DST and delete attribute ATTR of OBJ
"""
import json
import shutil
import sys
import warnings

import h5py
import pynwb

if sys.argv[1] == "--drop-attr":
    src, dst, obj, attr = sys.argv[2:6]
    shutil.copyfile(src, dst)
    with h5py.File(dst, "r+") as f:
        del f[obj].attrs[attr]
else:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        findings = pynwb.validate(path=sys.argv[1])
    print(json.dumps([str(e) for e in findings]))
