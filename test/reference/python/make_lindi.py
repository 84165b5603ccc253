"""Write a LINDI reference file of an HDF5 file, as lindi does for DANDI assets.

Usage: make_lindi.py FILE.h5 URL OUT.lindi.json [SPLIT_BYTES [CHUNKS_THRESHOLD]]
URL is where readers find FILE.h5; SPLIT_BYTES sets lindi's contiguous_dataset_max_chunk_size
(contiguous datasets larger than this are split into chunks of about this size); CHUNKS_THRESHOLD
its num_dataset_chunks_threshold (datasets of more chunks are left in FILE.h5 with an
_EXTERNAL_ARRAY_LINK instead of a reference per chunk; default 1000).
"""
import sys

import lindi
from lindi.LindiH5ZarrStore.LindiH5ZarrStoreOpts import LindiH5ZarrStoreOpts

path, url, out = sys.argv[1:4]
opts = None
if len(sys.argv) > 4:
    threshold = {"num_dataset_chunks_threshold": int(sys.argv[5])} if len(sys.argv) > 5 else {}
    opts = LindiH5ZarrStoreOpts(contiguous_dataset_max_chunk_size=int(sys.argv[4]), **threshold)
f = lindi.LindiH5pyFile.from_hdf5_file(path, url=url, zarr_store_opts=opts)
f.write_lindi_file(out)
f.close()
