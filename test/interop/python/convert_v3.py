"""Python's side of the v2 -> v3 conversion check (hdmf-zarr 0.14 + pynwb, v3 venv).

    python convert_v3.py convert --source OLD.nwb.zarr --dest NEW.nwb.zarr [--allow-pickle]
        NWBZarrV2IO.convert_to_v3(OLD, NEW): hdmf-zarr's own converter.
    python convert_v3.py read-nwb STORE...
        NWBZarrIO(STORE, "r").read() for each store and print, as one JSON object keyed by store,
        the values the test compares: electrodes table, ElectricalSeries data (acquisition and
        processing), units spike times and quality, and a few file fields.
"""

import argparse
import json
import sys
import warnings

import numpy as np

# The reader announces its normal paths (v2 object arrays it decodes itself, consolidated metadata).
warnings.filterwarnings("ignore")


def allow_unsafe_pickle():
    # numcodecs >= 0.15.2 has its own opt-in for Pickle.decode, which NWBZarrV2IO(allow_pickle=True)
    # does not set (same switch as dump_store.py --allow-pickle).
    import numcodecs.pickles

    numcodecs.pickles.ALLOW_UNSAFE_PICKLE_DECODE = True


def convert(args):
    from hdmf_zarr import NWBZarrV2IO

    if args.allow_pickle:
        allow_unsafe_pickle()
    NWBZarrV2IO.convert_to_v3(args.source, args.dest, allow_pickle=args.allow_pickle)


def plain(x):
    """numpy values and containers as JSON-ready Python values (NaN kept; printed as a bare token)."""
    if isinstance(x, np.ndarray):
        return [plain(v) for v in x.tolist()] if x.dtype == object else x.tolist()
    if isinstance(x, (list, tuple)):
        return [plain(v) for v in x]
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, bytes):
        return x.decode("utf-8")
    if hasattr(x, "name") and hasattr(x, "object_id"):  # a container (e.g. an ElectrodeGroup): its path
        return f"<{type(x).__name__} {x.name}>"
    return x


def series(ts):
    return {"data": plain(np.asarray(ts.data[:])), "starting_time": ts.starting_time, "rate": ts.rate,
            "unit": ts.unit, "conversion": ts.conversion, "electrodes": plain(np.asarray(ts.electrodes.data[:]))}


def read_nwb(args):
    from hdmf_zarr import NWBZarrIO

    out = {}
    for store in args.stores:
        with NWBZarrIO(store, "r") as io:
            nwb = io.read()
            doc = {"identifier": nwb.identifier, "session_description": nwb.session_description,
                   "session_start_time": nwb.session_start_time.isoformat(),
                   "devices": sorted(nwb.devices), "electrode_groups": sorted(nwb.electrode_groups)}
            if nwb.electrodes is not None:
                table = nwb.electrodes
                doc["electrodes"] = {name: plain(table[name][:]) for name in ["id", *table.colnames]}
            if "ElectricalSeries" in nwb.acquisition:
                doc["acquisition"] = series(nwb.acquisition["ElectricalSeries"])
            else:
                doc["acquisition"] = {name: plain(np.asarray(ts.data[:])) for name, ts in nwb.acquisition.items()}
            if "ecephys" in nwb.processing:
                doc["lfp"] = series(nwb.processing["ecephys"]["LFP"]["ElectricalSeries"])
            if nwb.units is not None:
                doc["units"] = {"id": plain(nwb.units.id[:]), "spike_times": [plain(np.asarray(v)) for v in nwb.units["spike_times"][:]],
                                "quality": plain(nwb.units["quality"][:]) if "quality" in nwb.units.colnames else None}
            out[store] = doc
    sys.stdout.write(json.dumps(out, indent=1, sort_keys=True) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    c = sub.add_parser("convert")
    c.add_argument("--source", required=True)
    c.add_argument("--dest", required=True)
    c.add_argument("--allow-pickle", action="store_true")
    r = sub.add_parser("read-nwb")
    r.add_argument("stores", nargs="+")
    args = ap.parse_args()
    {"convert": convert, "read-nwb": read_nwb}[args.command](args)


if __name__ == "__main__":
    main()
