"""Writes numcodecs-frames.json: Blosc, Zstd and LZ4 chunks compressed by numcodecs (Python), for
the codec tests. Each case keeps the compressed bytes (base64) and the SHA-256 of the original
data, so a test can check any decoder without a copy of the data.

    .venv-interop/v3/bin/python test/unit/data/make_numcodecs_frames.py
"""
import base64
import hashlib
import json
import os

import numcodecs
import numcodecs.blosc as blosc
import numpy as np
from numcodecs import LZ4, Zstd


def data(nbytes, typesize, seed):
    """Element-structured bytes: low bytes noisy, high bytes slowly varying, so that shuffling matters."""
    rng = np.random.default_rng(seed)
    n = -(-nbytes // typesize)
    el = np.zeros((n, typesize), dtype=np.uint8)
    for k in range(typesize):
        if k < typesize // 2:
            el[:, k] = rng.integers(0, 64 if k == 0 else 8, n)
        else:
            el[:, k] = (np.arange(n) >> (2 + k)) & 0xFF
    return el.tobytes()[:nbytes]


def case(kind, raw, frame, **params):
    return {
        "kind": kind,
        **params,
        "nbytes": len(raw),
        "sha256": hashlib.sha256(raw).hexdigest(),
        "frame": base64.b64encode(frame).decode(),
    }


def main():
    cases = []
    seed = 0
    # Blosc: every codec numcodecs has, each shuffle, element sizes that take each unshuffle path
    # (2, 4, 8 word and SIMD paths; 3, 16 generic; 24 > 16 splits no more), one block (split when
    # it holds 128+ elements), several blocks with a short last one (nbytes not a multiple of the
    # type size either), and a forced split-less small one.
    typesizes = {"blosclz": [4], "lz4": [1, 2, 3, 4, 8, 16, 24], "lz4hc": [4, 8], "zlib": [2, 4, 24], "zstd": [1, 2, 3, 4, 8, 24]}
    for cname, sizes in typesizes.items():
        for shuffle in [0, 1, 2]:
            for typesize in sizes:
                for nbytes, blocksize in [(600, 0), (5003, 1024 if typesize <= 8 else 4096)]:
                    seed += 1
                    raw = data(nbytes, typesize, seed)
                    frame = blosc.compress(raw, cname.encode(), 5, shuffle, blocksize, typesize)
                    cases.append(case("blosc", raw, frame, cname=cname, clevel=5, shuffle=shuffle, typesize=typesize, blocksize=blocksize))
    # Stored frames: level 0, input under 128 bytes, incompressible input; and an empty one.
    rng = np.random.default_rng(99)
    for cname, clevel, raw in [
        ("lz4", 0, data(1000, 4, 1)),
        ("lz4", 5, data(100, 4, 2)),
        ("lz4", 9, rng.integers(0, 256, 2000, dtype=np.uint8).tobytes()),
        ("zstd", 5, rng.integers(0, 256, 2000, dtype=np.uint8).tobytes()),
        ("lz4", 5, b""),
    ]:
        frame = blosc.compress(raw, cname.encode(), clevel, 1, 0, 4)
        cases.append(case("blosc", raw, frame, cname=cname, clevel=clevel, shuffle=1, typesize=4, blocksize=0))
    # Default block sizes on a larger float32 array, as zarr writes them (split lz4, unsplit zstd).
    walk = (np.arange(150_000) * 0.25).astype("<f4").tobytes()
    for cname in ["lz4", "zstd", "zlib"]:
        frame = blosc.compress(walk, cname.encode(), 5, 1, 0, 4)
        cases.append(case("blosc", walk, frame, cname=cname, clevel=5, shuffle=1, typesize=4, blocksize=0))
    # Zstd: levels, checksum, a tiny and an empty input.
    some = data(8000, 4, 5)
    for level, checksum, raw in [(0, False, some), (9, True, some), (-3, False, some), (3, False, b"abc"), (3, False, b"")]:
        cases.append(case("zstd", raw, Zstd(level=level, checksum=checksum).encode(raw), level=level, checksum=checksum))
    # LZ4 (numcodecs container): compressible, incompressible, long runs (overlapping matches), empty.
    for accel, raw in [
        (1, data(8000, 4, 3)),
        (1, rng.integers(0, 256, 5000, dtype=np.uint8).tobytes()),
        (1, b"ab" * 5000 + b"abc" * 3000 + bytes(20000) + b"0123456789" * 900 + b"xyzw" * 5),
        (10, data(6000, 8, 4)),
        (1, b""),
    ]:
        cases.append(case("lz4", raw, LZ4(acceleration=accel).encode(raw), acceleration=accel))
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "numcodecs-frames.json")
    with open(out, "w") as f:
        json.dump({"numcodecs": numcodecs.__version__, "blosc": blosc.VERSION_STRING, "cases": cases}, f, indent=0)
        f.write("\n")
    print(out, len(cases), "cases")


if __name__ == "__main__":
    main()
