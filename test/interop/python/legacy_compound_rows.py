"""Why a compound dataset with a reference field reaches pynwb as records only when it is pickled.

Run with the hdmf-zarr 0.13 venv. Prints one JSON document:
  written_filters  the .zarray filters hdmf-zarr 0.13 writes for trials' `timeseries` column when it is
                   given object_codec_class=numcodecs.JSON (it still pickles that column);
  read_row_type    the type of a row pynwb reads back from that file;
  json_decode      what numcodecs' JSON codec makes of a chunk of such rows, for each way JSON can
                   spell the structured dtype (a list of pairs, a names/formats object).
"""
import json
import os
import sys
import tempfile
from datetime import datetime, timezone

import numcodecs
import numpy as np
from hdmf_zarr import NWBZarrIO
from pynwb import NWBFile, TimeSeries

out = {}
folder = tempfile.mkdtemp()
path = os.path.join(folder, "rows.nwb.zarr")
nwbfile = NWBFile("rows", "rows-1", datetime(2024, 1, 2, tzinfo=timezone.utc))
signal = TimeSeries(name="signal", data=np.arange(10.0), unit="m", rate=1.0)
nwbfile.add_acquisition(signal)
nwbfile.add_trial(start_time=0.0, stop_time=1.0, timeseries=[signal])
with NWBZarrIO(path, "w", object_codec_class=numcodecs.JSON) as io:
    io.write(nwbfile)
with open(os.path.join(path, "intervals", "trials", "timeseries", ".zarray")) as f:
    out["written_filters"] = json.load(f)["filters"]
with NWBZarrIO(path, "r") as io:
    column = io.read().trials["timeseries"]
    out["read_row_type"] = type(column.target.data[0]).__name__

rows = [[0, 5, {"source": ".", "path": "/acquisition/signal"}]]
spellings = {
    "pairs": [["idx_start", "<i4"], ["count", "<i4"], ["timeseries", "|O"]],
    "names_formats": {"names": ["idx_start", "count", "timeseries"], "formats": ["<i4", "<i4", "|O"]},
}
out["json_decode"] = {}
for name, dtype in spellings.items():
    chunk = json.dumps(rows + [dtype, [len(rows)]]).encode()
    try:
        decoded = numcodecs.JSON().decode(chunk)
        out["json_decode"][name] = {"ok": True, "dtype": str(decoded.dtype)}
    except Exception as e:  # noqa: BLE001 - the failure is the finding
        out["json_decode"][name] = {"ok": False, "error": f"{type(e).__name__}: {e}"}
json.dump(out, sys.stdout)
