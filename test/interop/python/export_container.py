"""Read an NWB Zarr file with pynwb + hdmf-zarr, add what test/interop/export-container.test.ts adds
(an acquisition TimeSeries `added`, a processing module `extra` holding a TimeSeries `speed`), and
export the changed NWBFile with NWBZarrIO.export(src_io=..., nwbfile=...).
Usage: export_container.py SRC DEST
"""
import sys
import warnings

from hdmf_zarr.nwb import NWBZarrIO
from pynwb import TimeSeries

warnings.simplefilter("ignore")


def main():
    src, dest = sys.argv[1], sys.argv[2]
    with NWBZarrIO(src, mode="r") as src_io:
        nwbfile = src_io.read()
        nwbfile.add_acquisition(
            TimeSeries(name="added", data=[1.5, 2.5, 3.5], unit="m", rate=10.0, description="added after reading")
        )
        extra = nwbfile.create_processing_module(name="extra", description="a module added after reading")
        extra.add(
            TimeSeries(name="speed", data=[[0.5, 1.25], [1.5, 2.25], [2.5, 3.25]], unit="m/s", timestamps=[0.0, 0.1, 0.3])
        )
        with NWBZarrIO(dest, mode="w") as out:
            out.export(src_io=src_io, nwbfile=nwbfile)


if __name__ == "__main__":
    main()
