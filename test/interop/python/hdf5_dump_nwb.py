"""Dump what pynwb reads from an NWB HDF5 file, in the format of nwb/python/dump_nwb.py.

The same dump code runs with NWBHDF5IO in place of NWBZarrIO, so the dump of an HDF5 original
and the dump of its Zarr export compare value by value.
Usage: hdf5_dump_nwb.py FILE.nwb [--out OUT.json]
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "nwb" / "python"))

import dump_nwb  # noqa: E402
from pynwb import NWBHDF5IO  # noqa: E402

dump_nwb.NWBZarrIO = NWBHDF5IO

if __name__ == "__main__":
    dump_nwb.main()
