"""The content of the NWB open benchmarks' file (bench/nwb-open Zarr, bench/lindi-open HDF5).

About 5,000 objects (groups + datasets): many small TimeSeries in acquisition and in processing
modules (some with a rate, some with timestamps), a 2,000-unit Units table with ragged spike_times,
an electrodes region and two extra columns, an electrodes table, devices and electrode groups.
Values come from a fixed seed, so two builds hold the same content (object ids aside).
"""
from datetime import datetime, timezone

import numpy as np
from pynwb import NWBFile, TimeSeries
from pynwb.file import Subject

START = datetime(2024, 3, 5, 10, 30, 0, tzinfo=timezone.utc)
N_UNITS = 2000
N_ELECTRODES = 64
N_MODULES = 8


def build(n_series: int) -> NWBFile:
    rng = np.random.default_rng(20240305)
    f = NWBFile(session_description="NWB open benchmark", identifier="bench-nwb-open", session_start_time=START,
                file_create_date=[datetime(2024, 3, 6, 8, 0, 0, tzinfo=timezone.utc)],
                experimenter=["Doe, Jane"], lab="Bench Lab", institution="Bench Institute", session_id="bench-1",
                subject=Subject(subject_id="mouse-1", species="Mus musculus", sex="F", age="P90D"))

    # Devices, electrode groups, electrodes.
    groups = []
    for d in range(4):
        dev = f.create_device(name=f"probe{d}", description=f"probe {d}", manufacturer="Acme")
        groups.append(f.create_electrode_group(name=f"shank{d}", description=f"shank {d}", location="CA1", device=dev))
    for e in range(N_ELECTRODES):
        f.add_electrode(group=groups[e % 4], location="CA1", x=float(e), y=0.5 * e, z=-1.0, imp=1000.0 + e,
                        filtering="none")

    # Units: ragged spike_times (0-200 spikes each), an electrodes region (1-4 each), two columns.
    f.add_unit_column(name="quality", description="sorting quality")
    f.add_unit_column(name="snr", description="signal to noise ratio")
    for u in range(N_UNITS):
        n = int(rng.integers(0, 200))
        times = np.sort(rng.uniform(0.0, 3600.0, n))
        elecs = sorted(set(int(x) for x in rng.integers(0, N_ELECTRODES, int(rng.integers(1, 5)))))
        f.add_unit(spike_times=times, electrodes=elecs, quality="good" if u % 3 else "mua",
                   snr=float(rng.uniform(1, 20)), id=u)

    # TimeSeries: a third in acquisition, the rest spread over processing modules.
    modules = [f.create_processing_module(name=f"module{m}", description=f"processing module {m}")
               for m in range(N_MODULES)]
    for s in range(n_series):
        n = 100 + (s % 7) * 10
        data = rng.standard_normal(n).astype(np.float32) if s % 2 else rng.standard_normal((n, 2))
        if s % 4 == 3:
            ts = TimeSeries(name=f"series{s:04d}", data=data, unit="volts",
                            timestamps=np.cumsum(rng.uniform(0.001, 0.01, n)), description=f"series {s}")
        else:
            ts = TimeSeries(name=f"series{s:04d}", data=data, unit="volts", rate=100.0 + s,
                            starting_time=0.5 * s, description=f"series {s}")
        if s % 3 == 0:
            f.add_acquisition(ts)
        else:
            modules[s % N_MODULES].add(ts)
    return f
