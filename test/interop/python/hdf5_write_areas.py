"""Write the NWB areas of nwb/python/write_areas.py as HDF5 files with pynwb's NWBHDF5IO.

OUT_DIR/<area>.nwb for every area (or those named), same content as the Zarr versions.
Usage: hdf5_write_areas.py OUT_DIR [AREA ...]
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "nwb" / "python"))

from pynwb import NWBHDF5IO  # noqa: E402
from write_areas import AREAS  # noqa: E402


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for area in sys.argv[2:] or AREAS:
        with NWBHDF5IO(str(out / f"{area}.nwb"), mode="w") as io:
            io.write(AREAS[area]())
        print(f"wrote {area}")


if __name__ == "__main__":
    main()
