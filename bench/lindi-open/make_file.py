"""Write the LINDI open benchmark's files: the NWB HDF5 file (pynwb) and its LINDI reference file (lindi).

The content is bench/nwb-open's (nwb_content.build: ~5,000 objects, fixed seed). The LINDI file's
chunk references point at ORIGIN/NAME; the runner's server has a new port on every run, so it
serves a copy with ORIGIN replaced (the rest of the file is lindi's, unchanged).

Usage: make_file.py DIR [--series N] [--count-only]
Writes DIR/bench.nwb and DIR/bench.nwb.lindi.json; prints one JSON line of counts (h5py's view of
the HDF5 file, root and cached specifications included).
"""
import argparse
import json
import sys
import warnings
from pathlib import Path

import h5py
import lindi
from pynwb import NWBHDF5IO

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "nwb-open"))
from nwb_content import N_UNITS, build  # noqa: E402

warnings.filterwarnings("ignore")

ORIGIN = "http://127.0.0.1:1"
NAME = "bench.nwb"


def counts(path: Path) -> dict:
    groups, datasets, attributes, series = 1, 0, 0, 0
    with h5py.File(path, "r") as f:
        attributes += len(f.attrs)

        def visit(_name, obj):
            nonlocal groups, datasets, attributes, series
            groups += isinstance(obj, h5py.Group)
            datasets += isinstance(obj, h5py.Dataset)
            attributes += len(obj.attrs)
            series += obj.attrs.get("neurodata_type") == "TimeSeries"

        f.visititems(visit)
    return {"groups": groups, "datasets": datasets, "objects": groups + datasets, "attributes": attributes,
            "series": series}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--series", type=int, default=1640)
    ap.add_argument("--count-only", action="store_true", help="only count the objects of an existing file")
    args = ap.parse_args()
    out = Path(args.dir)
    nwb, ref = out / NAME, out / (NAME + ".lindi.json")
    if not args.count_only:
        out.mkdir(parents=True, exist_ok=True)
        with NWBHDF5IO(str(nwb), "w") as io:
            io.write(build(args.series))
        f = lindi.LindiH5pyFile.from_hdf5_file(str(nwb), url=f"{ORIGIN}/{NAME}")
        f.write_lindi_file(str(ref))
        f.close()
    print(json.dumps({"origin": ORIGIN, "nwb": str(nwb), "nwb_bytes": nwb.stat().st_size, "lindi": str(ref),
                      "lindi_bytes": ref.stat().st_size, **counts(nwb), "units": N_UNITS}))


if __name__ == "__main__":
    main()
