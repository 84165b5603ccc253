"""Export an NWB HDF5 file to Zarr with hdmf-zarr 0.14 (NWBZarrIO.export(NWBHDF5IO(...))), the
reference our HDF5 export is compared with.

Usage: hdf5_export_python.py SRC.nwb DST.nwb.zarr
"""
import shutil
import sys
import warnings

from hdmf_zarr.nwb import NWBZarrIO
from pynwb import NWBHDF5IO

warnings.simplefilter("ignore")


def main():
    src, dst = sys.argv[1], sys.argv[2]
    shutil.rmtree(dst, ignore_errors=True)
    with NWBHDF5IO(src, "r") as read_io, NWBZarrIO(dst, mode="w") as export_io:
        export_io.export(src_io=read_io, write_args=dict(link_data=False))


if __name__ == "__main__":
    main()
