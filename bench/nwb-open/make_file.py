"""Write the NWB open benchmark file with pynwb + hdmf-zarr 0.14 (Zarr v3, consolidated metadata).

The content (about 5,000 objects, fixed seed) is nwb_content.build's.

Usage: make_file.py OUT [--series N] [--count-only]   (N TimeSeries in all; default 1640)
Prints one JSON line: {"path", "groups", "datasets", "objects", "series", "units"}.
"""
import argparse
import json
import shutil
import warnings
from pathlib import Path

from hdmf_zarr.nwb import NWBZarrIO

from nwb_content import N_UNITS, build

# zarr-python 3 warns on every consolidated write; hdmf-zarr 0.14 always consolidates.
warnings.filterwarnings("ignore")


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
