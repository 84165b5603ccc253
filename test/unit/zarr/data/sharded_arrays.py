"""zarr-python 3 side of test/unit/zarr/shard-partial-read.test.ts.

  python sharded_arrays.py write <group>     write the sharded arrays below into a new group
  python sharded_arrays.py read <requests>   read windows; <requests> is a JSON file
      [{"store": ..., "array": ..., "selection": [[start, stop, step] or index, ...]}, ...]
      and prints [{"shape": [...], "values": [...]}, ...] (values flattened in C order)
"""
import json
import sys

import numpy as np
import zarr
from zarr.codecs import BytesCodec, Crc32cCodec, ShardingCodec, ZstdCodec

SKIP_EMPTY = {"write_empty_chunks": False}


def write(root):
    g = zarr.open_group(root, mode="w", zarr_format=3)
    rng = np.random.default_rng(7)

    # 1-D, index at the end with crc32c (the defaults). Two inner chunks hold only the fill value,
    # so they are left out of their shards; the last shard is never written.
    a = g.create_array("py_1d_end", shape=(1000,), dtype="int32", chunks=(20,), shards=(200,),
                       fill_value=-7, config=SKIP_EMPTY)
    data = np.arange(1000, dtype="int32")
    data[100:140] = -7
    data[420:440] = -7
    a[:800] = data[:800]

    # 2-D, index at the start with crc32c; one inner chunk of fill values, shard (2, 1) missing.
    b = g.create_array("py_2d_start", shape=(300, 50), dtype="float32", chunks=(100, 25),
                       serializer=ShardingCodec(chunk_shape=(10, 5), codecs=[BytesCodec(), ZstdCodec(level=1)],
                                                index_codecs=[BytesCodec(), Crc32cCodec()], index_location="start"),
                       compressors=None, fill_value=0.0, config=SKIP_EMPTY)
    values = rng.standard_normal((300, 50)).astype("float32")
    values[:10, :5] = 0
    b[:200, :] = values[:200]
    b[200:, :25] = values[200:, :25]

    # 3-D, index at the end without a checksum; shard (1, 1, 1) missing.
    c = g.create_array("py_3d_nocrc", shape=(40, 30, 20), dtype="uint16", chunks=(20, 15, 10),
                       serializer=ShardingCodec(chunk_shape=(5, 5, 5), codecs=[BytesCodec(), ZstdCodec(level=3)],
                                                index_codecs=[BytesCodec()], index_location="end"),
                       compressors=None, fill_value=9, config=SKIP_EMPTY)
    cube = rng.integers(0, 60000, size=(40, 30, 20), dtype="uint16")
    c[:20] = cube[:20]
    c[20:, :15] = cube[20:, :15]
    c[20:, 15:, :10] = cube[20:, 15:, :10]


def to_key(entry):
    return entry if isinstance(entry, int) else slice(entry[0], entry[1], entry[2])


def read(requests_path):
    with open(requests_path) as f:
        requests = json.load(f)
    arrays = {}
    out = []
    for r in requests:
        key = (r["store"], r["array"])
        if key not in arrays:
            arrays[key] = zarr.open_array(r["store"], path=r["array"], mode="r")
        part = np.asarray(arrays[key][tuple(to_key(e) for e in r["selection"])])
        out.append({"shape": list(part.shape), "values": part.ravel().tolist()})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    {"write": write, "read": read}[sys.argv[1]](sys.argv[2])
