"""numcodecs' Zstd in Python, for bench/zstd/decode.ts: encodes chunks as zarr-python writes them
and times their decoding, so Node's decoders are compared with Python's on the same bytes.

Reads one JSON job on stdin and prints one JSON answer:
  {"mode": "encode", "items": [{"raw": path, "level": n, "out": path}]}  -> {"numcodecs": version}
  {"mode": "decode", "reps": n, "items": [{"frame": path, "nbytes": n}]} -> {"numcodecs": version, "mbps": [[rep MB/s, ...], ...]}
"""
import json
import sys
import time

import numcodecs
from numcodecs import Zstd


def main() -> None:
    job = json.load(sys.stdin)
    answer = {"numcodecs": numcodecs.__version__}
    if job["mode"] == "encode":
        for item in job["items"]:
            with open(item["raw"], "rb") as f:
                raw = f.read()
            with open(item["out"], "wb") as f:
                f.write(Zstd(level=item["level"]).encode(raw))
    else:
        codec = Zstd()
        answer["mbps"] = []
        for item in job["items"]:
            with open(item["frame"], "rb") as f:
                frame = f.read()
            if len(codec.decode(frame)) != item["nbytes"]:
                raise SystemExit(f"{item['frame']} does not decode to {item['nbytes']} bytes")
            rates = []
            for _ in range(job["reps"]):
                t0 = time.perf_counter()
                codec.decode(frame)
                rates.append(item["nbytes"] / 1e6 / (time.perf_counter() - t0))
            answer["mbps"].append(rates)
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
