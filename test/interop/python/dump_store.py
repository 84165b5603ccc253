"""Read a store with the Python hdmf-zarr and print its builder tree as canonical JSON (case schema).

Which reader runs depends on the venv and the store:
  v3 venv (hdmf-zarr 0.14): ZarrIO for Zarr v3 stores, ZarrV2IO for Zarr v2 stores;
  v2 venv (hdmf-zarr 0.13): ZarrIO for Zarr v2 stores (v3 stores cannot be read there).

    python dump_store.py --store test-output/interop/py-v3/links.zarr [--convention v3] [--allow-pickle]
"""

import argparse
import json
import os
import posixpath
import sys
import warnings
from pathlib import Path

import numpy as np
import zarr
import hdmf_zarr
from hdmf.build import Builder, DatasetBuilder, GroupBuilder, ReferenceBuilder

from case_values import Ref, dumps, encode

IS_V3 = int(hdmf_zarr.__version__.split(".")[1]) >= 14
# zarr-python 3 says this on every consolidated write/open; hdmf-zarr 0.14 always consolidates.
warnings.filterwarnings("ignore", message="Consolidated metadata is currently not part")
# ZarrV2IO (0.14) announces every v2 object array it decodes itself; that is its normal path.
warnings.filterwarnings("ignore", message=r"Read '.*' via zarr v2 store fallback")
warnings.filterwarnings("ignore", message=r"Could not read spec dataset .* Falling back to raw chunk read")
# The numeric element types of the case schema (numpy names = Zarr v3 data_type names).
NUMPY_NAMES = {"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float32", "float64"}
# Legacy zarr_dtype field names (hdmf's __serial_dtype__) that are not numpy names.
LEGACY_FIELD = {"str": "text", "str_": "text", "bytes": "bytes", "bytes_": "bytes", "bool": "bool", "bool_": "bool",
                "object": "reference", "object_reference": "reference"}


def store_format(path: Path) -> int:
    if (path / "zarr.json").is_file():
        return 3
    if (path / ".zgroup").is_file():
        return 2
    raise ValueError(f"{path}: not a Zarr group (no zarr.json or .zgroup)")


def open_reader(path: Path, fmt: int, allow_pickle: bool):
    if fmt == 3:
        if not IS_V3:
            raise ValueError(f"{path}: Zarr v3 store, but hdmf-zarr {hdmf_zarr.__version__} reads only v2")
        return hdmf_zarr.ZarrIO(str(path), mode="r")
    if IS_V3:
        from hdmf_zarr import ZarrV2IO

        if allow_pickle:
            # numcodecs >= 0.15.2 has its own opt-in for Pickle.decode that ZarrV2IO(allow_pickle=True)
            # does not set; without it the pickled arrays are skipped (reported in skipped_entries).
            import numcodecs.pickles

            numcodecs.pickles.ALLOW_UNSAFE_PICKLE_DECODE = True
        return ZarrV2IO(str(path), mode="r", allow_pickle=allow_pickle)
    return hdmf_zarr.ZarrIO(str(path), mode="r")


def node_metadata(store: Path, fmt: int, path: str):
    """The array's own metadata JSON as stored (v2: .zarray plus .zattrs)."""
    node = store / path.lstrip("/")
    if fmt == 3:
        meta = json.loads((node / "zarr.json").read_text(encoding="utf-8"))
        return meta, meta.get("attributes", {})
    attrs_file = node / ".zattrs"
    attrs = json.loads(attrs_file.read_text(encoding="utf-8")) if attrs_file.is_file() else {}
    return json.loads((node / ".zarray").read_text(encoding="utf-8")), attrs


def root_attributes(store: Path, fmt: int):
    if fmt == 3:
        return json.loads((store / "zarr.json").read_text(encoding="utf-8")).get("attributes", {})
    attrs_file = store / ".zattrs"
    return json.loads(attrs_file.read_text(encoding="utf-8")) if attrs_file.is_file() else {}


def zarr_facts(meta, fmt):
    if fmt == 3:
        return {"chunks": meta["chunk_grid"]["configuration"]["chunk_shape"], "fill_value": meta["fill_value"],
                "codecs": [c["name"] for c in meta["codecs"]], "data_type": meta["data_type"]}
    codecs = [f["id"] for f in meta.get("filters") or []]
    if meta.get("compressor"):
        codecs.append(meta["compressor"]["id"])
    return {"chunks": meta["chunks"], "fill_value": meta["fill_value"], "codecs": codecs, "data_type": meta["dtype"]}


def v3_dtype(data_type, ref_fields=(), is_ref=False):
    """Case dtype from a Zarr v3 data_type (plus the hdmf reference markers)."""
    if isinstance(data_type, dict) and data_type["name"] in ("struct", "structured"):
        fields = data_type["configuration"]["fields"]
        pairs = [(f["name"], f["data_type"]) if isinstance(f, dict) else tuple(f) for f in fields]
        return {"compound": [{"name": n, "dtype": "reference" if n in ref_fields else v3_dtype(t)} for n, t in pairs]}
    if isinstance(data_type, dict) and data_type["name"] == "fixed_length_utf32":
        return "text"
    if data_type in ("string", "variable_length_utf8"):
        return "reference" if is_ref else "text"
    if data_type == "bool" or data_type in NUMPY_NAMES:
        return data_type
    raise ValueError(f"unsupported Zarr v3 data_type {data_type!r}")


def v2_dtype(dtype, filters, marker):
    """Case dtype from a Zarr v2 .zarray dtype, its filters and the legacy zarr_dtype marker."""
    if isinstance(dtype, list):  # native structured array
        return {"compound": [{"name": f[0], "dtype": v2_field(f[0], f[1], marker)} for f in dtype]}
    if dtype == "|O":
        ids = [f["id"] for f in filters or []]
        if "vlen-utf8" in ids:
            return "text"
        if "vlen-bytes" in ids:
            return "bytes"
        if isinstance(marker, list):  # compound with text or reference fields, stored as whole objects
            return {"compound": [{"name": f["name"], "dtype": legacy_field(f["dtype"])} for f in marker]}
        if marker == "object":
            return "reference"
        raise ValueError(f"object array with codecs {ids} and zarr_dtype {marker!r}")
    np_dtype = np.dtype(dtype)
    return "bool" if np_dtype == np.bool_ else np_dtype.name


def v2_field(name, dtype, marker):
    if isinstance(dtype, list):
        return {"compound": [{"name": f[0], "dtype": v2_field(f[0], f[1], None)} for f in dtype]}
    if dtype == "|O":
        spec = next((f["dtype"] for f in marker or [] if f["name"] == name), "object")
        return legacy_field(spec)
    np_dtype = np.dtype(dtype)
    if np_dtype.kind == "U":
        return "text"
    return "bool" if np_dtype == np.bool_ else np_dtype.name


def legacy_field(spec):
    if isinstance(spec, list):
        return {"compound": [{"name": f["name"], "dtype": legacy_field(f["dtype"])} for f in spec]}
    if spec in LEGACY_FIELD:
        return LEGACY_FIELD[spec]
    return np.dtype(spec).name


class Dumper:
    def __init__(self, store: Path, fmt: int, allow_pickle: bool):
        self.store, self.fmt, self.allow_pickle = store, fmt, allow_pickle
        self.io = open_reader(store, fmt, allow_pickle)
        self.root = self.io.read_builder()
        for path, reason in getattr(self.io, "skipped_entries", []):
            print(f"warning: {store.name}: the reader skipped {path}: {reason}", file=sys.stderr)
        self.source = os.path.realpath(store)
        self.externals = {}  # file name -> absolute store path, found through links

    def path_of(self, b):
        if b is self.root:
            return "/"
        return posixpath.join(b.location or "/", b.name)

    def ref(self, b):
        return Ref(self.path_of(b.builder if isinstance(b, ReferenceBuilder) else b))

    def leaf(self, x, dtype):
        """One element, as the case schema spells it."""
        if isinstance(x, (Builder, ReferenceBuilder)):
            return self.ref(x)
        if isinstance(dtype, dict):
            fields = dtype["compound"]
            if isinstance(x, np.ndarray):
                x = x[()]
            if isinstance(x, np.void):
                x = tuple(x[f["name"]] for f in fields)
            if isinstance(x, dict):
                x = tuple(x[f["name"]] for f in fields)
            return {f["name"]: self.leaf(v, f["dtype"]) for f, v in zip(fields, x)}
        if isinstance(x, np.generic):
            x = x.item()
        if isinstance(x, bytes):
            x = x.decode("utf-8")
        return x

    def nested(self, x, depth, dtype):
        if depth == 0:
            return self.leaf(x, dtype)
        return [self.nested(v, depth - 1, dtype) for v in x]

    def values(self, data, shape, dtype):
        """The dataset's elements, fully read, as nested lists (bare value for scalars)."""
        if not shape:
            if isinstance(data, ReferenceBuilder):
                return self.ref(data)
            raw = data if not hasattr(data, "shape") else np.asarray(data[...])
            if isinstance(raw, np.ndarray):
                raw = raw.reshape(-1)[0] if raw.ndim else raw[()]  # legacy scalars are one-element arrays
            return self.leaf(raw, dtype)
        if 0 in shape:
            return []
        if hasattr(data, "invert"):  # hdmf-zarr's reference-resolving datasets: resolve row by row
            rows = [data[i] for i in range(len(data))]
        else:
            rows = np.asarray(data[...]).tolist()
        return self.nested(rows, len(shape), dtype)

    def dataset(self, b: DatasetBuilder, path: str):
        meta, attrs = node_metadata(self.store, self.fmt, path)
        if self.fmt == 3:
            ref_fields = attrs.get("_REFERENCE_FIELDS", [])
            dtype = v3_dtype(meta["data_type"], ref_fields, attrs.get("_DTYPE") == "object_reference")
            shape = list(meta["shape"])
        else:
            marker = attrs.get("zarr_dtype")
            dtype = v2_dtype(meta["dtype"], meta.get("filters"), marker)
            shape = [] if marker == "scalar" else list(meta["shape"])
        value = self.values(b.data, shape, dtype)
        out = {"dtype": dtype, "shape": shape, "data": value, "zarr": zarr_facts(meta, self.fmt)}
        self.add_attributes(out, b.attributes)
        return out

    def add_attributes(self, out, attributes):
        if attributes:
            out["attributes"] = {k: self.attribute(v) for k, v in attributes.items()}

    def attribute(self, v):
        if isinstance(v, (Builder, ReferenceBuilder)):
            return self.ref(v)
        if isinstance(v, np.ndarray):
            v = v.tolist()
        if isinstance(v, (list, tuple)):
            return [self.attribute(i) for i in v]
        return self.leaf(v, None)

    def group(self, b: GroupBuilder, path: str):
        out = {}
        self.add_attributes(out, b.attributes)
        if b.groups:
            out["groups"] = {n: self.group(g, posixpath.join(path, n)) for n, g in b.groups.items()}
        if b.datasets:
            out["datasets"] = {n: self.dataset(d, posixpath.join(path, n)) for n, d in b.datasets.items()}
        if b.links:
            out["links"] = {n: self.link(lb) for n, lb in b.links.items()}
        return out

    def link(self, lb):
        target = lb.builder
        out = {"target": self.path_of(target)}
        source = os.path.realpath(target.source) if target.source else self.source
        if source != self.source:
            out["file"] = os.path.basename(source)
            self.externals[out["file"]] = source
        return out

    def specifications(self):
        """The cached spec as hdmf-zarr's spec reader returns it: ns -> version -> source -> parsed JSON.

        read_builder() skips the spec group, so it is read here through the same reader classes
        that load_namespaces uses (ZarrV2SpecReader for v2 stores in 0.14)."""
        loc = root_attributes(self.store, self.fmt).get(".specloc")
        if loc is None:
            return None
        if IS_V3 and self.fmt == 2:
            from hdmf_zarr.backend_zarrv2 import ZarrV2SpecReader as Reader

            # zarr 3 cannot parse the object arrays in v2 consolidated metadata; the reader decodes them
            root = zarr.open_group(str(self.store), mode="r", use_consolidated=False)
        else:
            from hdmf_zarr.utils import ZarrSpecReader as Reader

            root = zarr.open_group(str(self.store), mode="r")
        namespaces = {}
        spec_dir = self.store / loc
        for ns_dir in sorted(p for p in spec_dir.iterdir() if p.is_dir()):
            for version_dir in sorted(p for p in ns_dir.iterdir() if p.is_dir()):
                reader = Reader(group=root[f"{loc}/{ns_dir.name}/{version_dir.name}"])
                files = {p.name: reader.read_spec(p.name) for p in sorted(version_dir.iterdir()) if p.is_dir()}
                namespaces.setdefault(ns_dir.name, {})[version_dir.name] = files
        return {"location": loc, "namespaces": namespaces}

    def dump(self):
        doc = {"name": self.store.name.removesuffix(".zarr"), "zarr_format": self.fmt,
               "root": self.group(self.root, "/")}
        spec = self.specifications()
        if spec is not None:
            doc["specifications"] = spec
        return doc


def dump_with_externals(store: Path, allow_pickle: bool, convention):
    fmt = store_format(store)
    if convention and fmt != {"v2": 2, "v3": 3}[convention]:
        raise ValueError(f"{store}: Zarr v{fmt} store, not {convention}")
    main = Dumper(store, fmt, allow_pickle)
    doc = main.dump()
    externals, todo = {}, dict(main.externals)
    while todo:
        file, path = todo.popitem()
        if file in externals:
            continue
        ext = Dumper(Path(path), store_format(Path(path)), allow_pickle)
        externals[file] = ext.dump()["root"]
        todo.update({f: p for f, p in ext.externals.items() if f not in externals and f != store.name})
    if externals:
        doc["external"] = externals
    return doc


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", required=True, type=Path, nargs="+", help="one or more stores")
    ap.add_argument("--convention", choices=["v2", "v3"], help="fail unless each store has this Zarr format")
    ap.add_argument("--allow-pickle", action="store_true", help="let ZarrV2IO (0.14) decode pickle-coded arrays")
    ap.add_argument("--suffix", help="write each dump to <store><suffix> (e.g. .dump.json) instead of stdout")
    args = ap.parse_args()
    failed = []
    for store in args.store:
        try:
            text = dumps(encode(dump_with_externals(store.resolve(), args.allow_pickle, args.convention)))
        except Exception as e:  # report every store, then fail
            failed.append(store.name)
            print(f"FAILED {store}: {type(e).__name__}: {e}", file=sys.stderr)
            continue
        if args.suffix:
            Path(str(store) + args.suffix).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    if failed:
        sys.exit(f"{len(failed)} store(s) failed: {' '.join(failed)}")

if __name__ == "__main__":
    main()
