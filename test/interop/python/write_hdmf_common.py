"""Write one hdmf-common file with the container API (not builders), with the spec cache.

Two DynamicTables under a SimpleMultiContainer root: "trials" has a text column, a float column,
a ragged column (VectorData + VectorIndex) and a DynamicTableRegion into "targets". Written with
cache_spec=True, so `specifications/hdmf-common/<version>/…` and the root `.specloc` are present.

    python write_hdmf_common.py --out test-output/interop/py-v3/hdmf_common.zarr
"""

import argparse
import math
import shutil
import sys
import warnings
from pathlib import Path

from hdmf.common import DynamicTable, SimpleMultiContainer, get_manager
from hdmf_zarr import ZarrIO

# zarr-python 3 says this on every consolidated write; hdmf-zarr 0.14 always consolidates.
warnings.filterwarnings("ignore", message="Consolidated metadata is currently not part")


def build_file():
    targets = DynamicTable(name="targets", description="rows that the region column points at")
    targets.add_column(name="label", description="a label per row")
    for label in ("alpha", "beta", "gamma"):
        targets.add_row(label=label)
    trials = DynamicTable(name="trials", description="a table with every common column kind")
    # Both tables join the root before the region column exists, so the region and its table
    # share an ancestor (hdmf warns otherwise).
    root = SimpleMultiContainer(name="root", containers=[trials, targets])
    trials.add_column(name="text", description="a text column")
    trials.add_column(name="value", description="a float column")
    trials.add_column(name="spikes", description="a ragged float column", index=True)
    trials.add_column(name="target", description="a region into targets", table=targets)
    trials.add_row(text="first", value=0.5, spikes=[1.0, 2.0, 3.0], target=0)
    trials.add_row(text="zweite Zeile ü", value=-1.25, spikes=[], target=2)
    trials.add_row(text="", value=math.nan, spikes=[4.5], target=1)
    return root

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, type=Path, help="the store to create (replaced if present)")
    args = ap.parse_args()
    if args.out.exists():
        shutil.rmtree(args.out)
    with ZarrIO(str(args.out), manager=get_manager(), mode="w") as io:
        io.write(build_file(), cache_spec=True)
    print(f"wrote {args.out.name}")


if __name__ == "__main__":
    sys.exit(main())
