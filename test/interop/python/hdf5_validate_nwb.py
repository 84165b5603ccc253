"""Validate NWB HDF5 files with pynwb, printing the JSON of nwb/python/validate_nwb.py.

The same checks run with NWBHDF5IO in place of NWBZarrIO, so the validation of an HDF5 original
and of its Zarr export compare directly.
Usage: hdf5_validate_nwb.py FILE.nwb [FILE.nwb ...]
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "nwb" / "python"))

import validate_nwb  # noqa: E402
from pynwb import NWBHDF5IO  # noqa: E402

validate_nwb.NWBZarrIO = NWBHDF5IO

if __name__ == "__main__":
    validate_nwb.main()
