"""Execute notebooks headless on the tslab kernel with nbclient; write the executed copies.

Usage: python execute.py --out DIR [--timeout SECONDS] NOTEBOOK...

Each notebook runs with its own folder as the kernel's working directory (as in JupyterLab), so
relative paths in cells and tslab's module resolution start there. An executed copy is written
even when a cell fails (it shows how far the run got); the exit status is then 1.
"""
import argparse
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--timeout", type=int, default=120, help="seconds per cell")
    ap.add_argument("notebooks", nargs="+")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    failed = []
    for path in args.notebooks:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(
            nb,
            timeout=args.timeout,
            startup_timeout=60,
            kernel_name="tslab",
            # tslab sends each console.log as its own stream message; keep one stdout block per cell.
            coalesce_streams=True,
            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
        )
        start = time.monotonic()
        status = "ok"
        try:
            client.execute()
        except (CellExecutionError, CellTimeoutError) as e:
            status = "FAILED"
            failed.append(os.path.basename(path))
            print(str(e), file=sys.stderr)
        target = os.path.join(args.out, os.path.basename(path))
        nbformat.write(nb, target)
        print(f"{status} {os.path.basename(path)} in {time.monotonic() - start:.1f} s -> {target}")
    if failed:
        print("notebooks with a failing cell: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
