"""What hdmf-zarr 0.14's ZarrV2IO leaves out of a legacy (Zarr v2) file, and what it reads.

  python skipped_entries.py make <store>          write the base file (run with the v2 venv: hdmf-zarr 0.13)
  python skipped_entries.py read <store> <mode>   print {"skipped": [[path, reason], ...], "datasets": {path: values}}

"datasets" holds every dataset of the tree read_builder gives, with its values, or null when
reading them fails.
"""

import json
import sys
import warnings


def make(path):
    from hdmf.build import DatasetBuilder, GroupBuilder
    from hdmf_zarr import ZarrIO

    root = GroupBuilder(
        "root",
        groups={"g": GroupBuilder("g", datasets={"d": DatasetBuilder("d", [1, 2, 3])})},
        datasets={"x": DatasetBuilder("x", [4.0, 5.0]), "y": DatasetBuilder("y", [6, 7])},
    )
    with ZarrIO(path, mode="w") as io:
        io.write_builder(root)


def read(path, mode):
    import numpy as np
    from hdmf_zarr.backend_zarrv2 import ZarrV2IO

    warnings.simplefilter("ignore")
    with ZarrV2IO(path, mode=mode) as io:
        root = io.read_builder()
        datasets = {}

        def walk(group, prefix):
            for name, ds in group.datasets.items():
                try:
                    datasets[prefix + name] = np.asarray(ds.data[:]).tolist()
                except Exception:
                    datasets[prefix + name] = None
            for name, sub in group.groups.items():
                walk(sub, prefix + name + "/")

        walk(root, "/")
        print(json.dumps({"skipped": [list(e) for e in io.skipped_entries], "datasets": datasets}))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        read(sys.argv[2], sys.argv[3])
