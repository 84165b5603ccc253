"""Write the NWB open benchmark file with pynwb + hdmf-zarr 0.14 (Zarr v3, consolidated metadata).

About 5,000 objects (groups + datasets): many small TimeSeries in acquisition and in processing
modules (some with a rate, some with timestamps), a 2,000-unit Units table with ragged spike_times,
an electrodes region and two extra columns, an electrodes table, devices and electrode groups.
Values come from a fixed seed, so two runs write the same content (object ids aside).

Usage: make_file.py OUT [--series N] [--count-only]   (N TimeSeries in all; default 1640)
Prints one JSON line: {"path", "groups", "datasets", "objects", "series", "units"}.
"""
import argparse
import json
import shutil
import warnings
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from hdmf_zarr.nwb import NWBZarrIO
from pynwb import NWBFile, TimeSeries
from pynwb.file import Subject

# zarr-python 3 warns on every consolidated write; hdmf-zarr 0.14 always consolidates.
warnings.filterwarnings("ignore")

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


def count_nodes(root: Path) -> tuple[int, int]:
    """Groups and arrays in a Zarr v3 store, from each node's zarr.json (root included)."""
    groups = datasets = 0
    for meta in root.rglob("zarr.json"):
        kind = json.loads(meta.read_text()).get("node_type")
        groups += kind == "group"
        datasets += kind == "array"
    return groups, datasets


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--series", type=int, default=1640)
    ap.add_argument("--count-only", action="store_true", help="only count the nodes of an existing file")
    args = ap.parse_args()
    out = Path(args.out)
    if not args.count_only:
        if out.exists():
            shutil.rmtree(out)
        with NWBZarrIO(str(out), mode="w") as io:
            io.write(build(args.series))
    groups, datasets = count_nodes(out)
    series = sum(1 for m in out.rglob("zarr.json")
                 if json.loads(m.read_text()).get("attributes", {}).get("neurodata_type") == "TimeSeries")
    print(json.dumps({"path": str(out), "groups": groups, "datasets": datasets, "objects": groups + datasets,
                      "series": series, "units": N_UNITS}))


if __name__ == "__main__":
    main()
