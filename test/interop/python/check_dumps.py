"""Compare dumps (<store>.dump.json, from dump_store.py) with the case files they were written from.

The case is first turned into what a reader of that convention reports (the normalisations listed
in ../README.md), then compared value by value; the "io" settings a case asks for are checked
against the dump's "zarr" facts. Prints one line per case, OK or MISMATCH with the differences.
With --pair, compares two dumps of the same content instead (e.g. one file written by two writers).

    python check_dumps.py --cases ../cases --dumps ../../../test-output/interop/py-v3 --convention v3
    python check_dumps.py --pair py-v2/hdmf_common.zarr.dump.json py-v3/hdmf_common.zarr.dump.json
"""

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np

from case_values import decode

MAX_DIFFS = 25
# The compressor codec name each convention records for a case's "io.compressor".
COMPRESSOR_CODEC = {"v2": {"default": "blosc", "zlib": "zlib", "blosc": "blosc"},
                    "v3": {"default": "zstd", "zlib": "numcodecs.zlib", "blosc": "blosc"}}
# Codecs that are not compressors: serializers and object/string filters.
NOT_COMPRESSORS = {"bytes", "vlen-utf8", "vlen-bytes", "pickle", "json2", "sharding_indexed"}


def expected_dtype(dtype, convention):
    if isinstance(dtype, dict):
        return {"compound": [{"name": f["name"], "dtype": expected_dtype(f["dtype"], convention)}
                             for f in dtype["compound"]]}
    if dtype == "isodatetime":
        return "text"  # hdmf-zarr writes ISO-8601 strings; nothing on disk marks them as datetimes
    if dtype == "bytes" and convention == "v3":
        return "text"  # 0.14 has no byte-string type: bytes are stored as UTF-8 'string'
    return dtype


def expected_group(g, convention):
    out = {}
    if g.get("attributes"):
        out["attributes"] = g["attributes"]
    for key in ("groups", "datasets", "links"):
        if g.get(key):
            fn = {"groups": expected_group, "datasets": expected_dataset, "links": lambda v, c: v}[key]
            out[key] = {n: fn(v, convention) for n, v in g[key].items()}
    return out


def expected_dataset(d, convention):
    out = {"dtype": expected_dtype(d["dtype"], convention), "shape": list(d["shape"]), "data": d["data"]}
    attrs = dict(d.get("attributes", {}))
    labels = d.get("io", {}).get("dimension_labels")
    if labels is not None:
        attrs["_ARRAY_DIMENSIONS"] = labels  # dimension labels come back as this plain attribute
    if attrs:
        out["attributes"] = attrs
    if convention == "v2" and d["dtype"] == "reference" and d["shape"] == []:
        out["shape"], out["data"] = [1], [d["data"]]  # legacy scalar references are one-element arrays
    return out


def diff(exp, act, path, out, elem=None):
    """Append human-readable differences between decoded values; elem is the case dtype of leaves."""
    if len(out) >= MAX_DIFFS:
        return
    if isinstance(exp, dict) and isinstance(act, dict):
        for k in sorted(set(exp) | set(act)):
            if k not in act:
                out.append(f"{path}/{k}: missing from the dump")
            elif k not in exp:
                out.append(f"{path}/{k}: not in the case, dump has {short(act[k])}")
            else:
                sub_elem = elem
                if isinstance(elem, dict):  # a compound row: each field has its own dtype
                    sub_elem = next((f["dtype"] for f in elem["compound"] if f["name"] == k), None)
                diff(exp[k], act[k], f"{path}/{k}", out, sub_elem)
        return
    if isinstance(exp, list) and isinstance(act, list):
        if len(exp) != len(act):
            out.append(f"{path}: length {len(exp)} expected, dump has {len(act)}")
            return
        for i, (e, a) in enumerate(zip(exp, act)):
            diff(e, a, f"{path}[{i}]", out, elem)
        return
    if not same_leaf(exp, act, elem):
        out.append(f"{path}: expected {short(exp)}, dump has {short(act)}")


def same_leaf(e, a, elem):
    if isinstance(e, bool) or isinstance(a, bool):
        return type(e) is type(a) and e == a
    if isinstance(e, (int, float)) and isinstance(a, (int, float)):
        if elem == "float32":
            e, a = float(np.float32(e)), float(np.float32(a))
        if isinstance(e, float) and isinstance(a, float) and math.isnan(e) and math.isnan(a):
            return True
        return e == a
    return type(e) is type(a) and e == a


def short(v):
    text = repr(v)
    return text if len(text) <= 80 else text[:77] + "..."


def compare_tree(exp, act, path, out):
    """Groups recursively; dataset data is compared with its dtype so float32 rounding is allowed."""
    for key in sorted(set(exp) | set(act)):
        if key not in act:
            out.append(f"{path}/{key}: missing from the dump")
        elif key not in exp:
            out.append(f"{path}/{key}: not in the case, dump has {short(act[key])}")
        elif key == "groups":
            names_diff(exp[key], act[key], f"{path}/groups", out)
            for n in sorted(set(exp[key]) & set(act[key])):
                compare_tree(exp[key][n], act[key][n], f"{path}/{n}", out)
        elif key == "datasets":
            names_diff(exp[key], act[key], f"{path}/datasets", out)
            for n in sorted(set(exp[key]) & set(act[key])):
                e, a = exp[key][n], dict(act[key][n])
                a.pop("zarr", None)
                for k in ("dtype", "shape", "attributes"):
                    diff(e.get(k), a.get(k), f"{path}/{n}.{k}", out)
                diff(e["data"], a.get("data"), f"{path}/{n}.data", out, e["dtype"])
        else:
            diff(exp[key], act[key], f"{path}/{key}", out)


def names_diff(exp, act, path, out):
    for n in sorted(set(exp) - set(act)):
        out.append(f"{path}/{n}: missing from the dump")
    for n in sorted(set(act) - set(exp)):
        out.append(f"{path}/{n}: not in the case")


def check_io(case_group, dump_group, convention, path, out):
    """The chunking, fill value and compressor a case asked for, against the dump's "zarr" facts."""
    for n, d in case_group.get("datasets", {}).items():
        io = d.get("io", {})
        facts = dump_group.get("datasets", {}).get(n, {}).get("zarr")
        if not io or facts is None:
            continue
        where = f"{path}/{n}.zarr"
        if "chunks" in io and facts["chunks"] != io["chunks"]:
            out.append(f"{where}.chunks: expected {io['chunks']}, dump has {facts['chunks']}")
        if "fillvalue" in io:
            stored = facts["fill_value"]
            stored = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}.get(stored, stored)
            if not same_leaf(decode(io["fillvalue"]), stored, d["dtype"]):
                out.append(f"{where}.fill_value: expected {io['fillvalue']!r}, dump has {facts['fill_value']!r}")
        compressors = [c for c in facts["codecs"] if c not in NOT_COMPRESSORS]
        wanted = io.get("compressor", "default")
        expect = [] if wanted == "none" else [COMPRESSOR_CODEC[convention][wanted]]
        if "compressor" in io and compressors != expect:
            out.append(f"{where}.codecs: compressor {wanted!r} expected {expect}, dump has {facts['codecs']}")
    for n, g in case_group.get("groups", {}).items():
        check_io(g, dump_group.get("groups", {}).get(n, {}), convention, f"{path}/{n}", out)


def check_case(case, dump, convention):
    out = []
    compare_tree(decode(expected_group(case["root"], convention)), decode(dump["root"]), "", out)
    check_io(case["root"], dump["root"], convention, "", out)
    exp_ext = case.get("external", {})
    act_ext = dump.get("external", {})
    names_diff(exp_ext, act_ext, "external", out)
    for file in sorted(set(exp_ext) & set(act_ext)):
        compare_tree(decode(expected_group(exp_ext[file], convention)), decode(act_ext[file]), f"{file}:", out)
        check_io(exp_ext[file], act_ext[file], convention, f"{file}:", out)
    return out


def mask_object_ids(value):
    """object_id attributes are random UUIDs: equal across two writes only in shape."""
    if isinstance(value, dict):
        return {k: "<uuid>" if k == "object_id" and isinstance(v, str) else mask_object_ids(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [mask_object_ids(v) for v in value]
    return value


def compare_dumps(a, b):
    """Two dumps of the same content (e.g. the same file written by two writers)."""
    out = []
    a, b = mask_object_ids(a), mask_object_ids(b)
    compare_tree(decode(a["root"]), decode(b["root"]), "", out)
    names_diff(a.get("external", {}), b.get("external", {}), "external", out)
    for file in sorted(set(a.get("external", {})) & set(b.get("external", {}))):
        compare_tree(decode(a["external"][file]), decode(b["external"][file]), f"{file}:", out)
    diff(a.get("specifications"), b.get("specifications"), "specifications", out)
    return out


def report(label, diffs):
    if diffs:
        print(f"MISMATCH {label}:")
        for line in diffs:
            print(f"    {line}")
    else:
        print(f"OK       {label}")
    return not diffs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=Path, help="folder of case files")
    ap.add_argument("--dumps", type=Path, help="folder holding <name>.zarr<suffix>")
    ap.add_argument("--convention", choices=["v2", "v3"])
    ap.add_argument("--suffix", default=".dump.json", help="dump file suffix (default .dump.json)")
    ap.add_argument("--pair", type=Path, nargs=2, metavar=("A", "B"),
                    help="instead: compare two dump files, object_id values and zarr facts ignored")
    args = ap.parse_args()
    if args.pair:
        a, b = (json.loads(p.read_text(encoding="utf-8")) for p in args.pair)
        ok = report(f"{args.pair[0]} vs {args.pair[1]}", compare_dumps(a, b))
        print(f"{int(ok)} passed, {int(not ok)} failed")
        sys.exit(0 if ok else 1)
    if not (args.cases and args.dumps and args.convention):
        ap.error("--cases, --dumps and --convention are required (or --pair A B)")
    ok = bad = 0
    for case_file in sorted(args.cases.glob("*.json")):
        case = json.loads(case_file.read_text(encoding="utf-8"))
        if args.convention not in case.get("conventions", ["v2", "v3"]):
            continue
        label = f"{case['name']} ({args.convention})"
        dump_file = args.dumps / f"{case['name']}.zarr{args.suffix}"
        if not dump_file.is_file():
            diffs = [f"no dump {dump_file}"]
        else:
            diffs = check_case(case, json.loads(dump_file.read_text(encoding="utf-8")), args.convention)
        if report(label, diffs):
            ok += 1
        else:
            bad += 1
    print(f"{ok} passed, {bad} failed")
    sys.exit(1 if bad else 0)

if __name__ == "__main__":
    main()
