"""One timed pass of pynwb + hdmf-zarr 0.14 over the NWB open benchmark file; prints one JSON line.

Steps (seconds, wall clock, after imports): open = NWBZarrIO(path, "r").read() (a usable NWBFile);
units = the spike times of every unit; slice = rows [SLICE_START, SLICE_STOP) of one TimeSeries.
Checksums (count and sum of the values) let the runner compare with our reader.

Usage: read_python.py PATH SERIES_PATH   (SERIES_PATH e.g. processing/module1/series0001)
"""
import json
import sys
import time
import warnings

t_import = time.perf_counter()
import numpy as np  # noqa: E402
from hdmf_zarr.nwb import NWBZarrIO  # noqa: E402

t_import = time.perf_counter() - t_import
warnings.filterwarnings("ignore")

SLICE_START, SLICE_STOP = 10, 60


def series_at(nwbfile, path: str):
    parts = path.split("/")
    if parts[0] == "acquisition":
        return nwbfile.acquisition[parts[1]]
    return nwbfile.processing[parts[1]][parts[2]]


def main() -> None:
    path, series_path = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    io = NWBZarrIO(path, "r")
    nwbfile = io.read()
    t1 = time.perf_counter()
    trains = nwbfile.units["spike_times"][:]  # one array per unit
    spikes = np.concatenate([np.asarray(t, dtype=np.float64) for t in trains])
    t2 = time.perf_counter()
    window = np.asarray(series_at(nwbfile, series_path).data[SLICE_START:SLICE_STOP], dtype=np.float64)
    t3 = time.perf_counter()
    out = {
        "reader": "pynwb", "import": t_import, "open": t1 - t0, "units": t2 - t1, "slice": t3 - t2,
        "n_units": len(trains), "spike_count": int(spikes.size), "spike_sum": float(spikes.sum()),
        "slice_count": int(window.size), "slice_sum": float(window.sum()),
    }
    io.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
