"""Fletcher-32 as numcodecs writes it, for test/unit/codecs/fletcher32.test.ts.

  python fletcher32_frames.py frames            # JSON: {hex input: hex numcodecs encoding}
  python fletcher32_frames.py array OUT FORMAT  # int16 0..999 (chunks of 300) written by zarr-python
                                                # with fletcher32 (v2: a filter; v3: numcodecs.fletcher32)
"""
import json
import sys

import numcodecs
import numpy as np
import zarr

if sys.argv[1] == "frames":
    inputs = [b"\x01", b"abcde", bytes(range(256)) * 3, np.arange(-500, 500, dtype="<i2").tobytes(), b"\xff" * 70001]
    print(json.dumps({i.hex(): bytes(numcodecs.Fletcher32().encode(i)).hex() for i in inputs}))
else:
    out, fmt = sys.argv[2], int(sys.argv[3])
    values = np.arange(1000, dtype="<i2")
    if fmt == 2:
        z = zarr.open_array(out, mode="w", shape=values.shape, chunks=(300,), dtype="<i2", filters=[numcodecs.Fletcher32()], compressor=numcodecs.Zlib(level=1))
    else:
        from numcodecs.zarr3 import Fletcher32

        z = zarr.create_array(out, shape=values.shape, chunks=(300,), dtype="<i2", compressors=[Fletcher32()], zarr_format=3)
    z[:] = values
