"""Write the remote-read benchmark file with pynwb + hdmf-zarr 0.14 (Zarr v3, consolidated metadata).

The content is nwb_content.build's (N TimeSeries, units, electrodes), plus an int16 ElectricalSeries
of RATE Hz × CHANNELS channels × SECONDS seconds (a random walk, fixed seed) stored in chunks of
CHUNK_ROWS rows × CHUNK_CHANNELS channels, so that a read of 10 s × 8 channels fetches many chunks.

Usage: make_remote_file.py OUT [--series N]   (default 200 TimeSeries)
Prints one JSON line: {"path", "groups", "datasets", "objects", "series_path", "shape", "chunks"}.
"""
import argparse
import json
import shutil
import warnings
from pathlib import Path

import numpy as np
from hdmf_zarr import ZarrDataIO
from hdmf_zarr.nwb import NWBZarrIO
from pynwb.ecephys import ElectricalSeries

from make_file import count_nodes
from nwb_content import build

warnings.filterwarnings("ignore")

RATE = 30_000
CHANNELS = 16
SECONDS = 30
CHUNK_ROWS = 15_000
CHUNK_CHANNELS = 8


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--series", type=int, default=200)
    args = ap.parse_args()
    out = Path(args.out)
    if out.exists():
        shutil.rmtree(out)
    nwbfile = build(args.series)
    rng = np.random.default_rng(20261207)
    steps = rng.integers(-3, 4, size=(RATE * SECONDS, CHANNELS), dtype=np.int16)
    data = np.cumsum(steps, axis=0, dtype=np.int16)
    region = nwbfile.create_electrode_table_region(list(range(CHANNELS)), "the recorded channels")
    nwbfile.add_acquisition(ElectricalSeries(
        name="raw", data=ZarrDataIO(data, chunks=(CHUNK_ROWS, CHUNK_CHANNELS)), electrodes=region,
        rate=float(RATE), conversion=0.195e-6, description="int16 raw voltage"))
    with NWBZarrIO(str(out), mode="w") as io:
        io.write(nwbfile)
    groups, datasets = count_nodes(out)
    print(json.dumps({"path": str(out), "groups": groups, "datasets": datasets, "objects": groups + datasets,
                      "series_path": "acquisition/raw", "shape": [RATE * SECONDS, CHANNELS],
                      "chunks": [CHUNK_ROWS, CHUNK_CHANNELS]}))


if __name__ == "__main__":
    main()
