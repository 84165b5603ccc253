"""Write one interop case (cases/<name>.json) with the Python hdmf-zarr, from hdmf builders.

Run it in the venv of the convention: v3 = hdmf-zarr 0.14 (Zarr v3), v2 = hdmf-zarr 0.13 (Zarr v2).
Writes DIR/<name>.zarr and, next to it, every store named in the case's "external".

    python write_case.py --case cases/links.json --out test-output/interop/py-v3 --convention v3
"""

import argparse
import json
import os
import shutil
import sys
import warnings
from pathlib import Path

import numpy as np
import zarr
import hdmf_zarr
from hdmf.build import DatasetBuilder, GroupBuilder, LinkBuilder, ReferenceBuilder
from hdmf_zarr import ZarrDataIO, ZarrIO

from case_values import Ref, decode

NUMERIC = {"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float32", "float64", "bool"}
# Case dtype -> the dtype string hdmf-zarr's ZarrIO understands on a DatasetBuilder.
BUILDER_DTYPE = {**{n: n for n in NUMERIC}, "text": "text", "bytes": "bytes", "isodatetime": "isodatetime",
                 "reference": DatasetBuilder.OBJECT_REF_TYPE}
IS_V3 = int(hdmf_zarr.__version__.split(".")[1]) >= 14
# zarr-python 3 says this on every consolidated write/open; hdmf-zarr 0.14 always consolidates.
warnings.filterwarnings("ignore", message="Consolidated metadata is currently not part")


class CaseError(Exception):
    pass


def builder_dtype(dtype):
    if isinstance(dtype, dict):
        return [{"name": f["name"], "dtype": builder_dtype(f["dtype"])} for f in dtype["compound"]]
    if dtype not in BUILDER_DTYPE:
        raise CaseError(f"unknown dtype {dtype!r}")
    return BUILDER_DTYPE[dtype]


CASE_KEYS = ({"name", "description", "root"}, {"external", "options", "conventions"})
GROUP_KEYS = (set(), {"attributes", "groups", "datasets", "links"})
DATASET_KEYS = ({"dtype", "shape", "data"}, {"attributes", "io"})
IO_KEYS = (set(), {"chunks", "fillvalue", "compressor", "dimension_labels"})
LINK_KEYS = ({"target"}, {"file"})


def check_keys(obj, keys, where):
    required, optional = keys
    if not isinstance(obj, dict):
        raise CaseError(f"{where}: expected an object")
    if required - obj.keys() or obj.keys() - required - optional:
        raise CaseError(f"{where}: keys {sorted(obj)}; required {sorted(required)}, optional {sorted(optional)}")


def validate_group(g, where):
    """The case schema of ../README.md, strictly: the TypeScript side reads the same files."""
    check_keys(g, GROUP_KEYS, where)
    for name, child in g.get("groups", {}).items():
        validate_group(child, f"{where}/{name}")
    for name, d in g.get("datasets", {}).items():
        check_keys(d, DATASET_KEYS, f"{where}/{name}")
        builder_dtype(d["dtype"])
        check_keys(d.get("io", {}), IO_KEYS, f"{where}/{name}.io")
    for name, link in g.get("links", {}).items():
        check_keys(link, LINK_KEYS, f"{where}/{name} (link)")


def validate_case(case):
    check_keys(case, CASE_KEYS, "case")
    validate_group(case["root"], case["name"] + ":")
    for file, g in case.get("external", {}).items():
        validate_group(g, file + ":")


class Tree:
    """The builders of one store: created in a first pass, filled in a second (references need targets)."""

    def __init__(self, group_json, source):
        self.source = source  # absolute store path for external stores; None for the main one
        self.by_path = {}
        self.pending = []  # (builder, json) pairs whose data/attributes/links are filled in pass 2
        self.root = self._group("root", group_json, None, "/")

    def _group(self, name, g, parent, path):
        b = GroupBuilder(name=name, parent=parent, source=self.source)
        self.by_path[path] = b
        self.pending.append((b, g))
        for child, cg in g.get("groups", {}).items():
            b.set_group(self._group(child, cg, b, join(path, child)))
        for child, dj in g.get("datasets", {}).items():
            d = DatasetBuilder(name=child, dtype=builder_dtype(dj["dtype"]), parent=b, source=self.source,
                               dimension_labels=tuple_or_none(dj.get("io", {}).get("dimension_labels")))
            self.by_path[join(path, child)] = d
            self.pending.append((d, dj))
            b.set_dataset(d)
        return b

    def target(self, path):
        if path not in self.by_path:
            raise CaseError(f"reference/link target {path} is not in the case")
        return self.by_path[path]


def join(parent, child):
    return parent.rstrip("/") + "/" + child


def tuple_or_none(v):
    return tuple(v) if v is not None else None


def to_builder_value(value, dtype, tree):
    """A decoded case value -> what hdmf-zarr expects for that element type."""
    if isinstance(value, Ref):
        return ReferenceBuilder(tree.target(value.path))
    if isinstance(dtype, dict):
        fields = dtype["compound"]
        if isinstance(value, list):
            return [to_builder_value(v, dtype, tree) for v in value]
        return tuple(to_builder_value(value[f["name"]], f["dtype"], tree) for f in fields)
    if isinstance(value, list):
        return [to_builder_value(v, dtype, tree) for v in value]
    if dtype == "bytes":
        return value.encode("utf-8")
    return value


def dataset_data(dj, tree):
    dtype, shape = dj["dtype"], dj["shape"]
    value = decode(dj["data"])
    if isinstance(dtype, str) and dtype in NUMERIC and shape:
        data = np.array(value, dtype=np.dtype(dtype)).reshape(shape)  # reshape keeps shape [0, n]
    elif isinstance(dtype, dict) and not shape:
        # A 0-d structured array: a bare tuple would be taken for a list of rows.
        data = np.array(to_builder_value(value, dtype, tree), dtype=numpy_compound(dtype))
    else:
        data = to_builder_value(value, dtype, tree)
    io = dj.get("io", {})
    settings = io_settings(io, dtype)
    if settings:
        if not shape:
            raise CaseError("io settings need a non-scalar dataset")
        return ZarrDataIO(data=data, **settings)
    return data


def numpy_compound(dtype):
    """Numpy structured dtype for a case compound; text fields are objects (hdmf-zarr sizes them)."""
    if isinstance(dtype, dict):
        return np.dtype([(f["name"], numpy_compound(f["dtype"])) for f in dtype["compound"]])
    return np.dtype(dtype) if dtype in NUMERIC else np.dtype(object)


def io_settings(io, dtype):
    """Case "io" -> ZarrDataIO keyword arguments for the installed hdmf-zarr."""
    kw = {}
    if "chunks" in io:
        kw["chunks"] = tuple(io["chunks"])
    if "fillvalue" in io:
        fill = decode(io["fillvalue"])
        kw["fillvalue"] = np.dtype(dtype).type(fill) if isinstance(dtype, str) and dtype in NUMERIC else fill
    comp = io.get("compressor", "default")
    if comp == "default":
        pass
    elif IS_V3:
        from zarr.codecs.numcodecs import Zlib

        kw["compressors"] = {"none": False, "zlib": Zlib(level=4),
                             "blosc": zarr.codecs.BloscCodec(cname="lz4", clevel=5, shuffle="shuffle")}[comp]
    else:
        import numcodecs

        kw["compressor"] = {"none": False, "zlib": numcodecs.Zlib(level=4),
                            "blosc": numcodecs.Blosc(cname="lz4", clevel=5, shuffle=numcodecs.Blosc.SHUFFLE)}[comp]
    return kw


def attribute_value(value, tree):
    if isinstance(value, Ref):
        return ReferenceBuilder(tree.target(value.path))
    if isinstance(value, list) and any(isinstance(v, Ref) for v in value):
        raise CaseError("hdmf-zarr supports only a single reference per attribute")
    return value


def fill(tree, trees, out_dir):
    """Pass 2: data, attributes and links, now that every target builder exists."""
    for b, j in tree.pending:
        for name, v in j.get("attributes", {}).items():
            b.set_attribute(name, attribute_value(decode(v), tree))
        if isinstance(b, DatasetBuilder):
            b.data = dataset_data(j, tree)
            continue
        for name, link in j.get("links", {}).items():
            if b is tree.root:
                raise CaseError("hdmf-zarr's write_builder does not write links on the root group")
            other = trees[link["file"]] if "file" in link else tree
            target = other.target(link["target"])
            if other is not tree and isinstance(target, DatasetBuilder):
                # An external dataset link goes through ZarrDataIO(link_data=True) on an open zarr.Array,
                # the way hdmf-zarr links existing arrays; groups use a LinkBuilder.
                array = zarr.open_group(str(out_dir / link["file"]), mode="r")[link["target"].lstrip("/")]
                b.set_dataset(DatasetBuilder(name=name, data=ZarrDataIO(data=array, link_data=True), parent=b))
            else:
                b.set_link(LinkBuilder(builder=target, name=name, parent=b))


def write_store(path, root, options):
    if path.exists():
        shutil.rmtree(path)
    kwargs = {}
    if not IS_V3 and options.get("objectCodec") == "json2":
        import numcodecs

        kwargs["object_codec_class"] = numcodecs.JSON
    ZarrIO(str(path), mode="w", **kwargs).write_builder(root)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--case", required=True, type=Path, nargs="+", help="one or more case files")
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--convention", required=True, choices=["v2", "v3"])
    args = ap.parse_args()
    if (args.convention == "v3") != IS_V3:
        sys.exit(f"convention {args.convention} needs the other venv (hdmf-zarr {hdmf_zarr.__version__} is installed)")

    failed = []
    for case_file in args.case:
        try:
            write_case(json.loads(case_file.read_text(encoding="utf-8")), args.out.resolve(), args.convention)
        except Exception as e:  # report every case, then fail
            failed.append(case_file.name)
            print(f"FAILED {case_file.name} ({args.convention}): {type(e).__name__}: {e}", file=sys.stderr)
    if failed:
        sys.exit(f"{len(failed)} case(s) failed: {' '.join(failed)}")


def write_case(case, out, convention):
    validate_case(case)
    if convention not in case.get("conventions", ["v2", "v3"]):
        print(f"skip {case['name']}: not written in {convention}")
        return
    out.mkdir(parents=True, exist_ok=True)
    options = case.get("options", {})
    trees = {}
    # External stores first: the main store's links to their datasets open them as zarr arrays.
    for file, group in case.get("external", {}).items():
        trees[file] = Tree(group, os.path.abspath(out / file))
    for file, tree in trees.items():
        fill(tree, trees, out)
        write_store(out / file, tree.root, options)
    main_tree = Tree(case["root"], None)
    fill(main_tree, trees, out)
    write_store(out / f"{case['name']}.zarr", main_tree.root, options)
    print(f"wrote {case['name']} ({convention})")


if __name__ == "__main__":
    main()
