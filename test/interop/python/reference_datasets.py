"""Reference columns for the lazy reference dataset interop test (test/interop/reference-datasets.test.ts).

  python reference_datasets.py write <store>   an NWB file whose electrodes' group column has 10 rows
                                               in chunks of 2, alternating shank0 / shank1
  python reference_datasets.py read <store>    prints JSON: the class of the column's data, its length,
                                               the group names of data[:], of iteration, of data[0:2],
                                               and of invert()[:] (builder names)
  python reference_datasets.py read-builders <store>
                                               the same of the column's builder (read_builder(): a table
                                               whose column grew alone is no ElectrodesTable pynwb builds),
                                               with the stored paths (data.dataset[:])
"""
import json
import sys
import warnings
from datetime import datetime, timezone

from pynwb import NWBFile
from hdmf_zarr import ZarrDataIO
from hdmf_zarr.nwb import NWBZarrIO

ROWS = 10


def write(path):
    nwbfile = NWBFile(session_description="refs", identifier="refs-py", session_start_time=datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc))
    device = nwbfile.create_device(name="probe", description="a probe")
    groups = [nwbfile.create_electrode_group(name=n, description=n, location="CA1", device=device) for n in ("shank0", "shank1")]
    for i in range(ROWS):
        nwbfile.add_electrode(group=groups[i % 2], location="CA1", x=float(i), y=float(i), z=float(i))
    column = nwbfile.electrodes["group"]
    column.set_data_io(ZarrDataIO, {"chunks": [2]})
    with NWBZarrIO(path, mode="w") as io:
        io.write(nwbfile)


def read(path):
    with NWBZarrIO(path, mode="r") as io:
        nwbfile = io.read()
        data = nwbfile.electrodes["group"].data
        out = {
            "class": type(data).__name__,
            "length": len(data),
            "all": [g.name for g in data[:]],
            "iterated": [g.name for g in data],
            "first_two": [g.name for g in data[0:2]],
            "builders": [b.name for b in data.invert()[:]],
            "builder_class": type(data.invert()).__name__,
        }
    print(json.dumps(out))


def read_builders(path):
    with NWBZarrIO(path, mode="r") as io:
        data = io.read_builder()["general/extracellular_ephys/electrodes/group"].data
        out = {
            "class": type(data).__name__,
            "length": len(data),
            "all": [b.name for b in data[:]],
            "iterated": [b.name for b in data],
            "paths": [p if isinstance(p, str) else p.get("path") for p in (json.loads(x) if isinstance(x, str) and x.startswith("{") else x for x in data.dataset[:])],
        }
    print(json.dumps(out))


if __name__ == "__main__":
    warnings.filterwarnings("ignore")
    {"write": write, "read": read, "read-builders": read_builders}[sys.argv[1]](sys.argv[2])
