"""Python's side of the remote-read benchmark: pynwb + hdmf-zarr 0.14 reading an NWB Zarr file over
HTTP (fsspec's HTTP filesystem): NWBZarrIO for Zarr v3, NWBZarrV2IO (pickle allowed, as the legacy
files' object columns need) for Zarr v2. Prints one JSON line.

Steps (seconds, wall clock, after imports): open = NWBZarrIO(url, "r").read() (a usable NWBFile);
bulk = rows [START, STOP) of channels [0, CHANNELS) of the series at SERIES_PATH, as a numpy array
(left out when the file has no such series).
Between the two it asks for MARK_URL (answered 404), so that the server can tell their requests apart.

Usage: read_remote_python.py URL SERIES_PATH START STOP CHANNELS MARK_URL
"""
import json
import sys
import time
import warnings

t_import = time.perf_counter()
import fsspec  # noqa: E402
import numpy as np  # noqa: E402
from hdmf_zarr import NWBZarrV2IO  # noqa: E402
from hdmf_zarr.nwb import NWBZarrIO  # noqa: E402

t_import = time.perf_counter() - t_import
warnings.filterwarnings("ignore")


def main() -> None:
    url, series_path, start, stop, channels, mark = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6]), sys.argv[6]
    v3 = fsspec.filesystem("http").exists(url.rstrip("/") + "/zarr.json")
    t0 = time.perf_counter()
    io = NWBZarrIO(url, "r") if v3 else NWBZarrV2IO(url, "r", allow_pickle=True)
    nwbfile = io.read()
    t1 = time.perf_counter()
    try:
        fsspec.filesystem("http").cat_file(mark)
    except FileNotFoundError:
        pass
    out = {"reader": "pynwb", "import": t_import, "open": t1 - t0, "identifier": nwbfile.identifier}
    name = series_path.split("/")[-1]
    if name in nwbfile.acquisition:
        t2 = time.perf_counter()
        block = np.asarray(nwbfile.acquisition[name].data[start:stop, 0:channels])
        out.update(bulk=time.perf_counter() - t2, shape=list(block.shape), sum=int(block.astype(np.int64).sum()))
    print(json.dumps(out))
    io.close()


if __name__ == "__main__":
    main()
