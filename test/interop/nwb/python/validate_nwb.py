"""Validate NWB Zarr files with pynwb (and nwbinspector when it is installed); print JSON.

Output: {"<file>": {"pynwb": [str, ...], "inspector": {"errors": [str, ...], "findings": [str, ...]} | null}}
`errors` are nwbinspector messages of importance ERROR or PYNWB_VALIDATION; `findings` those of
importance CRITICAL or BEST_PRACTICE_VIOLATION (advice about the content, not errors);
`crashed_checks` the checks that raised instead of running.
`inspector` is null when nwbinspector is not importable (it is not part of the pinned venv; put
it on PYTHONPATH to use it).
Usage: validate_nwb.py FILE [FILE ...]
"""
import json
import sys
import warnings

from hdmf_zarr.nwb import NWBZarrIO
from pynwb import validate

warnings.simplefilter("ignore")

try:
    from nwbinspector import Importance, inspect_nwbfile_object
except ImportError:  # optional: not part of the pinned venv
    inspect_nwbfile_object = None


def check(path):
    with NWBZarrIO(path, mode="r") as io:
        errors = [str(e) for e in validate(io=io)]
        found = None
        if inspect_nwbfile_object is not None:
            nwbfile = io.read()
            messages = list(inspect_nwbfile_object(nwbfile))
            text = lambda m: f"{m.importance.name} {m.check_function_name} {m.location}: {m.message}"
            errors_ = [m for m in messages if m.importance in (Importance.ERROR, Importance.PYNWB_VALIDATION)]
            # nwbinspector 0.7.2 crashes in its compression checks on Zarr v3 arrays (reads
            # `array.compressor`); those are its own failures, reported apart from file errors.
            crash = lambda m: str(m.check_function_name).startswith("During evaluation of")
            found = {"errors": sorted(text(m) for m in errors_ if not crash(m)),
                     "crashed_checks": sorted({str(m.check_function_name).split("'")[1] for m in errors_ if crash(m)}),
                     "findings": sorted(text(m) for m in messages if m.importance in (Importance.CRITICAL, Importance.BEST_PRACTICE_VIOLATION))}
        return {"pynwb": errors, "inspector": found}


def main():
    print(json.dumps({p: check(p) for p in sys.argv[1:]}, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
