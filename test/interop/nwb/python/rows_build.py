"""Build one NWB file with pynwb's row helpers only (add_electrode, add_unit, add_trial, add_epoch,
add_invalid_time_interval and their *_column variants) and write it with hdmf-zarr: the same content
test/interop/nwb-add-rows.test.ts builds with our helpers, so the two files compare value by value.
Usage: rows_build.py OUT.nwb.zarr
"""
import sys
from datetime import datetime, timezone

import numpy as np
from hdmf_zarr.nwb import NWBZarrIO
from pynwb import NWBFile, TimeSeries
from pynwb.ecephys import ElectricalSeries


def build():
    f = NWBFile(
        session_description="rows interop",
        identifier="rows-interop",
        session_start_time=datetime(2024, 3, 5, 10, 30, 0, tzinfo=timezone.utc),
        file_create_date=[datetime(2024, 3, 6, 8, 0, 0, tzinfo=timezone.utc)],
    )
    dev = f.create_device(name="probe", description="a silicon probe", manufacturer="Acme")
    grp = f.create_electrode_group(name="shank0", description="first shank", location="CA1", device=dev)
    f.add_electrode_column(name="quality", description="channel quality")
    for i in range(4):
        f.add_electrode(group=grp, location="CA1" if i < 2 else "CA3", x=float(i), y=2.0 * i, z=-1.5,
                        imp=float(1000 + i), filtering="none", quality="good" if i % 2 == 0 else "noisy")
    region = f.create_electrode_table_region(region=[0, 1, 2, 3], description="all electrodes")
    data = np.array([[(t * 4 + c) * 0.25 - 5.0 for c in range(4)] for t in range(10)])
    raw = ElectricalSeries(name="raw", data=data, electrodes=region, rate=1000.0, description="raw voltage")
    f.add_acquisition(raw)
    temp = TimeSeries(name="temperature", data=[20.5, 20.75, 21.0, 21.5], unit="degrees C",
                      timestamps=[0.0, 0.5, 1.25, 2.0], description="room temperature")
    f.add_acquisition(temp)

    f.add_unit_column(name="snr", description="signal to noise ratio")
    f.add_unit(spike_times=[0.1, 0.25, 0.5], electrodes=[0, 1], obs_intervals=[[0.0, 1.0]], snr=3.5, id=10)
    f.add_unit(spike_times=[0.75], electrodes=[2], obs_intervals=[[0.0, 0.5], [0.6, 2.0]], snr=1.25, id=11)
    f.add_unit(spike_times=[1.5, 1.75], electrodes=[3, 0, 1], obs_intervals=[[1.0, 2.0]], snr=7.0, id=12)

    f.add_trial_column(name="correct", description="whether the answer was right")
    f.add_trial_column(name="stimulus", description="the stimulus shown")
    f.add_trial(start_time=0.0, stop_time=0.5, correct=True, stimulus="grating")
    f.add_trial(start_time=0.75, stop_time=1.25, correct=False, stimulus="noise")
    f.add_trial(start_time=1.5, stop_time=2.0, correct=True, stimulus="grating")

    f.add_epoch(start_time=0.0, stop_time=0.004, tags=["baseline", "quiet"], timeseries=[raw, temp])
    f.add_epoch(start_time=0.004, stop_time=1.3, tags="run, fast", timeseries=temp)
    f.add_invalid_time_interval(start_time=1.8, stop_time=1.9)
    return f


def main():
    with NWBZarrIO(sys.argv[1], mode="w") as io:
        io.write(build())


if __name__ == "__main__":
    main()
