"""Write a .lindi.tar of an HDF5 file, then add a dataset whose chunk lindi stores in the archive.

Usage: make_lindi_tar.py FILE.h5 URL OUT.lindi.tar
The HDF5 file's chunks stay references to URL; the added /extra (float64 0..2999) is a blob
inside the archive, referenced as ./blobs/extra/0.
"""
import sys

import lindi
import numpy as np

path, url, out = sys.argv[1:4]
f = lindi.LindiH5pyFile.from_hdf5_file(path, url=url)
f.write_lindi_file(out)
f.close()
g = lindi.LindiH5pyFile.from_lindi_file(out, mode="r+")
g.create_dataset("extra", data=np.arange(3000, dtype="float64"))
g.close()
