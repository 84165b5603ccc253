"""Write the NWB HDF5 file the reference-file tests read: every kind of value LINDI marks.

Usage: write_nwb.py OUT.nwb
- a TimeSeries with gzip+shuffle chunked data and a NaN resolution attribute;
- a second TimeSeries whose timestamps link (HDF5 soft link) to the first one's;
- a large contiguous float64 dataset (LINDI splits it into chunks, the last one short);
- an electrodes table: text columns and a column of object references to electrode groups;
- epochs whose timeseries column is a compound dataset holding references;
- a units table with a ragged spike_times column.
"""
import sys
from datetime import datetime, timezone

import numpy as np
from hdmf.backends.hdf5.h5_utils import H5DataIO
from pynwb import NWBHDF5IO, NWBFile, TimeSeries
from pynwb.ecephys import ElectricalSeries

out = sys.argv[1]
rng = np.random.default_rng(17)
nwb = NWBFile(
    session_description="reference file test", identifier="ref-test-0017",
    session_start_time=datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc),
)
compressed = rng.normal(size=(4000, 3)).astype("float32")
ts = TimeSeries(
    name="compressed", data=H5DataIO(compressed, compression="gzip", compression_opts=4, shuffle=True, chunks=(500, 3)),
    unit="V", timestamps=np.arange(4000, dtype="float64") / 1000.0, resolution=float("nan"),
)
nwb.add_acquisition(ts)
linked = TimeSeries(name="linked", data=np.arange(4000, dtype="int16"), unit="n", timestamps=ts)
nwb.add_acquisition(linked)
contiguous = TimeSeries(name="contiguous", data=rng.uniform(-1e6, 1e6, size=5003), unit="m", rate=30.0, starting_time=1.5)
nwb.add_acquisition(contiguous)

device = nwb.create_device(name="probe")
groups = [nwb.create_electrode_group(name=f"shank{i}", description=f"shank {i}", location="CA1", device=device) for i in range(2)]
for i in range(6):
    nwb.add_electrode(group=groups[i % 2], location=["CA1", "CA3", "DG"][i % 3], x=float(i), y=2.5 * i, z=-1.0)
region = nwb.create_electrode_table_region(region=[0, 2, 4], description="every other electrode")
nwb.add_acquisition(ElectricalSeries(name="ephys", data=rng.integers(-500, 500, size=(300, 3), dtype="int32"), electrodes=region, rate=1000.0))

nwb.add_epoch(0.0, 1.0, tags=["first"], timeseries=[ts])
nwb.add_epoch(1.0, 2.5, tags=["second", "b"], timeseries=[ts, linked])
nwb.add_unit(spike_times=[0.1, 0.25, 0.5])
nwb.add_unit(spike_times=[1.0, 1.5])

with NWBHDF5IO(out, "w") as io:
    io.write(nwb)
