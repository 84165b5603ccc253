"""Write the NWB HDF5 file of the export benchmark with pynwb: one ElectricalSeries of int16
samples (noise plus a slow wave, so gzip keeps most of the size), chunked and gzip-compressed,
with an electrodes table and the cached specifications, as acquisition systems write them.

Usage: make_file.py OUT.nwb [--samples N] [--channels C]   (prints {"file", "bytes", "shape"} as JSON)
"""
import json
import os
import sys
from datetime import datetime, timezone

import numpy as np
from hdmf.backends.hdf5 import H5DataIO
from pynwb import NWBHDF5IO, NWBFile
from pynwb.ecephys import ElectricalSeries


def arg(name, default):
    return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


def main():
    out = sys.argv[1]
    samples, channels = arg("--samples", 5_000_000), arg("--channels", 64)
    f = NWBFile(session_description="hdf5 export benchmark", identifier="bench-hdf5-export",
                session_start_time=datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc))
    dev = f.create_device(name="probe", description="a silicon probe")
    grp = f.create_electrode_group(name="shank0", description="shank", location="CA1", device=dev)
    for i in range(channels):
        f.add_electrode(group=grp, location="CA1", x=float(i), y=0.0, z=0.0, imp=1000.0, filtering="none")
    rng = np.random.default_rng(0)
    data = rng.integers(-2000, 2000, size=(samples, channels), dtype=np.int16)
    data += (1000 * np.sin(np.arange(samples) / 3000.0)).astype(np.int16)[:, None]
    chunks = (min(samples, 16384), channels)
    es = ElectricalSeries(name="es", data=H5DataIO(data, chunks=chunks, compression="gzip", compression_opts=4),
                          electrodes=f.create_electrode_table_region(region=list(range(channels)), description="all"),
                          rate=30000.0, starting_time=0.0, conversion=0.195e-6)
    f.add_acquisition(es)
    with NWBHDF5IO(out, mode="w") as io:
        io.write(f)
    print(json.dumps({"file": out, "bytes": os.path.getsize(out), "shape": [samples, channels]}))


if __name__ == "__main__":
    main()
