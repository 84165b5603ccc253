"""Write HDF5 files whose chunked datasets use each kind of chunk index, and print where h5py says
every chunk is.

Usage: write_chunked_h5.py OUT_DIR
Writes OUT_DIR/earliest.h5 (h5py's default libver: v1 B-tree indexes, old-style groups, one of
them with 40 members, a chunk stored with a filter skipped) and OUT_DIR/latest.h5
(libver='latest': compact link groups; single chunk, implicit, fixed array (paged and not),
extensible array (paged too) and v2 B-tree indexes; a group of 12 links in dense storage). chunk_info.py
lists where h5py says their chunks are.
Every dataset of more than 8 chunks holds at least 1000 elements (lindi keeps smaller ones inline).
"""
import os
import sys

import h5py
import numpy as np

out = sys.argv[1]
rng = np.random.default_rng(5)


def earliest(f):
    g = f.create_group("data")
    g.create_dataset("gzip2d", data=rng.normal(size=(2000, 3)).astype("float32"), chunks=(10, 3), compression="gzip", shuffle=True)
    part = g.create_dataset("partial", shape=(1000,), dtype="int32", chunks=(10,), fillvalue=-7)
    part[100:250] = np.arange(150, dtype="int32")
    part[990:] = 5
    g.create_dataset("cube", data=np.arange(24 * 10 * 6, dtype="int16").reshape(24, 10, 6), chunks=(5, 4, 3))
    grow = g.create_dataset("grow", shape=(0, 4), maxshape=(None, 4), dtype="float64", chunks=(7, 4))
    grow.resize((300, 4))
    grow[...] = rng.uniform(size=(300, 4))
    # One chunk stored as written, its gzip filter skipped (filter mask 1).
    skipped = g.create_dataset("skipped", shape=(2000,), dtype="uint8", chunks=(100,), compression="gzip")
    skipped[:1900] = 1
    skipped.id.write_direct_chunk((1900,), bytes(range(100)), filter_mask=1)
    many = f.create_group("many")
    for i in range(40):
        size = 2000 if i == 33 else 30
        many.create_group(f"g{i:02d}").create_dataset("x", data=np.arange(i, i + size, dtype="uint16"), chunks=(min(size, 100),))


def latest(f):
    g = f.create_group("v4")
    g.create_dataset("single", data=np.arange(1600, dtype="float64").reshape(40, 40), chunks=(40, 40))
    g.create_dataset("single_gzip", data=np.arange(1600, dtype="float64").reshape(40, 40), chunks=(40, 40), compression="gzip")
    g.create_dataset("fixed", data=rng.integers(0, 1000, size=(300, 4), dtype="int32"), chunks=(3, 4))
    g.create_dataset("fixed_paged", data=rng.normal(size=5000).astype("float32"), chunks=(4,), compression="gzip", shuffle=True)
    fixed_max = g.create_dataset("fixed_max", shape=(200, 6), maxshape=(320, 6), dtype="int64", chunks=(10, 3), fillvalue=3)
    fixed_max[:150] = np.arange(900, dtype="int64").reshape(150, 6)
    h = f.create_group("v4b")
    h.create_dataset("extensible", data=np.arange(2000, dtype="float32"), maxshape=(None,), chunks=(10,))
    h.create_dataset("extensible_gzip", data=rng.normal(size=(4, 600)), maxshape=(4, None), chunks=(2, 3), compression="gzip")
    # Enough chunks that the extensible array's later data blocks are paged.
    h.create_dataset("extensible_paged", data=(np.arange(140000) % 251).astype("uint8"), maxshape=(None,), chunks=(1,))
    h.create_dataset("btree2", data=np.arange(1600, dtype="uint16").reshape(40, 40), maxshape=(None, None), chunks=(5, 5))
    h.create_dataset("btree2_gzip", data=rng.normal(size=(300, 40)), maxshape=(None, None), chunks=(3, 2), compression="gzip")
    # Implicit index: early allocation, no filters, fixed maximum shape.
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    dcpl.set_chunk((10, 5))
    dcpl.set_alloc_time(h5py.h5d.ALLOC_TIME_EARLY)
    space = h5py.h5s.create_simple((60, 20))
    dsid = h5py.h5d.create(h.id, b"implicit", h5py.h5t.NATIVE_INT32, space, dcpl=dcpl)
    implicit = h5py.Dataset(dsid)
    implicit[...] = np.arange(1200, dtype="int32").reshape(60, 20)
    dense = f.create_group("dense")
    for i in range(12):
        size = 2000 if i == 0 else 20
        dense.create_dataset(f"d{i}", data=np.arange(size, dtype="int16") + i, chunks=(min(size, 100),))


for name, libver, fill in (("earliest.h5", "earliest", earliest), ("latest.h5", "latest", latest)):
    with h5py.File(os.path.join(out, name), "w", libver=libver) as f:
        fill(f)
