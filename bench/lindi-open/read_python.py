"""One timed open of the LINDI benchmark file by pynwb over HTTP; prints one JSON line.

  read_python.py lindi URL.lindi.json SERIES_PATH   pynwb + lindi (LindiH5pyFile.from_lindi_file)
  read_python.py remfile URL.nwb SERIES_PATH        pynwb + h5py + remfile, the HDF5 file itself

open = seconds from nothing opened to a usable NWBFile (after imports). The touch fields (counts of
TimeSeries, units, electrodes; rows [10, 60) of SERIES_PATH) are read after the clock stops; the
runner checks that every reader reports the same ones.
"""
import json
import sys
import time
import warnings

t_import = time.perf_counter()
import h5py  # noqa: E402
import lindi  # noqa: E402
import numpy as np  # noqa: E402
import remfile  # noqa: E402
from pynwb import NWBHDF5IO, TimeSeries  # noqa: E402

t_import = time.perf_counter() - t_import
warnings.filterwarnings("ignore")

SLICE_START, SLICE_STOP = 10, 60


def open_file(via: str, url: str):
    if via == "lindi":
        return lindi.LindiH5pyFile.from_lindi_file(url)
    return h5py.File(remfile.File(url), "r")


def touch(nwbfile, series_path: str) -> dict:
    series = [s for s in nwbfile.acquisition.values() if isinstance(s, TimeSeries)]
    for module in nwbfile.processing.values():
        series += [s for s in module.data_interfaces.values() if isinstance(s, TimeSeries)]
    parts = series_path.split("/")
    one = nwbfile.acquisition[parts[1]] if parts[0] == "acquisition" else nwbfile.processing[parts[1]][parts[2]]
    window = np.asarray(one.data[SLICE_START:SLICE_STOP], dtype=np.float64)
    return {"identifier": nwbfile.identifier, "series": len(series), "units": len(nwbfile.units),
            "electrodes": len(nwbfile.electrodes), "slice_count": int(window.size), "slice_sum": float(window.sum())}


def main() -> None:
    via, url, series_path = sys.argv[1:4]
    t0 = time.perf_counter()
    f = open_file(via, url)
    io = NWBHDF5IO(file=f, mode="r")
    nwbfile = io.read()
    t_open = time.perf_counter() - t0
    out = {"reader": via, "import": t_import, "open": t_open, "touch": touch(nwbfile, series_path)}
    io.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
