"""Rows added to the tables of an NWB Zarr file in place, as pynwb + hdmf-zarr see them.

Usage:
  add_rows_in_file.py write PATH          write a file: 2 trials, 3 electrodes, 2 units (ragged
                                          spike_times, ragged region electrodes), and a table
                                          'visits' in processing/tables with a region column
  add_rows_in_file.py read PATH           print every row of those tables as JSON
  add_rows_in_file.py append PATH MODE    open in mode 'a', add a trial, an electrode and a visit
                                          (hdmf's append_data grows the Zarr arrays at once); then
                                          MODE 'write' calls io.write(nwbfile), MODE 'consolidate'
                                          closes and calls zarr.consolidate_metadata(PATH)
  add_rows_in_file.py add-unit PATH       try add_unit in mode 'a' (hdmf cannot extend a ragged
                                          column of a file); print the error and the lengths left
  add_rows_in_file.py validate PATH       print pynwb.validate's errors as JSON
Works with hdmf-zarr 0.14 (Zarr v3) and 0.13 (Zarr v2).
"""
import datetime
import json
import sys
import warnings

import zarr
from hdmf.common import DynamicTable, DynamicTableRegion, VectorData
from hdmf_zarr.nwb import NWBZarrIO
from pynwb import NWBFile, validate

warnings.simplefilter("ignore")


def write(path):
    f = NWBFile(session_description="rows", identifier="rows-1",
                session_start_time=datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc))
    dev = f.create_device(name="probe")
    group = f.create_electrode_group(name="shank0", description="s", location="CA1", device=dev)
    for _ in range(3):
        f.add_electrode(location="CA1", group=group)
    f.add_trial(start_time=0.0, stop_time=1.0)
    f.add_trial(start_time=1.0, stop_time=2.5)
    f.add_unit(spike_times=[0.1, 0.2], electrodes=[0, 1])
    f.add_unit(spike_times=[0.3], electrodes=[2])
    visits = DynamicTable(name="visits", description="electrode visits", columns=[
        VectorData(name="weight", description="w", data=[1.5, 2.5]),
        DynamicTableRegion(name="electrode", description="e", data=[2, 0], table=f.electrodes),
    ])
    f.create_processing_module(name="tables", description="tables").add(visits)
    with NWBZarrIO(path, mode="w") as io:
        io.write(f)


def units_region_rows(u):
    out = []
    ends = list(u.electrodes_index.data[:])
    flat = list(u.electrodes.data[:])
    start = 0
    for end in ends:
        out.append([int(x) for x in flat[start:end]])
        start = end
    return out


def read(path):
    with NWBZarrIO(path, mode="r") as io:
        f = io.read()
        out = rows(f)
    print(json.dumps(out))


def rows(f):
    """Every row of the four tables, values as stored (regions as row numbers)."""
    e = f.electrodes
    u = f.units
    v = f.processing["tables"]["visits"]
    regions = units_region_rows(u)
    return {
        "trials": [[int(i), float(a), float(b)] for i, a, b in zip(f.trials.id[:], f.trials.start_time[:], f.trials.stop_time[:])],
        "electrodes": [[int(e.id[i]), str(e["location"].data[i]), e["group"].data[i].name, str(e["group_name"].data[i])] for i in range(len(e))],
        "units": [[int(u.id[i]), [float(x) for x in u["spike_times"][i]], regions[i]] for i in range(len(u))],
        "visits": [[int(v.id[i]), float(v["weight"].data[i]), int(v["electrode"].data[i])] for i in range(len(v))],
    }


def append(path, mode):
    io = NWBZarrIO(path, mode="a")
    f = io.read()
    f.add_trial(start_time=7.0, stop_time=8.0)
    f.add_electrode(location="CA3", group=f.electrode_groups["shank0"])
    f.processing["tables"]["visits"].add_row(weight=9.25, electrode=3)
    if mode == "write":
        io.write(f)
    io.close()
    if mode == "consolidate":
        zarr.consolidate_metadata(store=path)


def add_unit(path):
    io = NWBZarrIO(path, mode="a")
    f = io.read()
    error = None
    try:
        f.units.add_unit(spike_times=[0.5], electrodes=[0])
    except Exception as e:  # hdmf refuses to extend a Zarr array
        error = f"{type(e).__name__}: {e}"
    u = f.units
    lengths = {"spike_times": int(u.spike_times.data.shape[0]), "spike_times_index": int(u.spike_times_index.data.shape[0]),
               "id": int(u.id.data.shape[0])}
    io.close()
    print(json.dumps({"error": error, "lengths": lengths}))


def check(path):
    with NWBZarrIO(path, mode="r") as io:
        print(json.dumps([str(e) for e in validate(io=io)]))


if __name__ == "__main__":
    command, path = sys.argv[1], sys.argv[2]
    if command == "write":
        write(path)
    elif command == "read":
        read(path)
    elif command == "append":
        append(path, sys.argv[3])
    elif command == "add-unit":
        add_unit(path)
    elif command == "validate":
        check(path)
    else:
        sys.exit(f"unknown command {command}")
