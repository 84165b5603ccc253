/**
 * Our reader's dump of a store, in the schema of ../python/dump_store.py, so the two readers can be
 * compared value by value on the same files.
 */
import { realpathSync } from "node:fs";
import { basename, join } from "node:path";
import {
  Builder, DatasetBuilder, GroupBuilder, LinkBuilder, ReferenceBuilder, ZarrDataset, ZarrIO, ZarrHierarchy, LocalStore,
} from "../../../src/index.js";
import { encodeValue, type Json } from "./case-values.js";
import { readJson } from "../../helpers/json-files.js";

const NUMPY = new Set(["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float32", "float64"]);
const LEGACY_FIELD: Record<string, string> = {
  str: "text", str_: "text", bytes: "bytes", bytes_: "bytes", object: "reference", bool_: "bool", bool: "bool", object_reference: "reference",
};
const V2_NUMERIC: Record<string, string> = {
  i1: "int8", i2: "int16", i4: "int32", i8: "int64", u1: "uint8", u2: "uint16", u4: "uint32", u8: "uint64", f2: "float16", f4: "float32", f8: "float64", b1: "bool",
};

type Dtype = string | { compound: { name: string; dtype: Dtype }[] };

function v3Dtype(dataType: unknown, refFields: string[] = [], isRef = false): Dtype {
  if (dataType && typeof dataType === "object") {
    const { name, configuration } = dataType as { name: string; configuration: { fields: unknown[] } };
    if (name === "struct" || name === "structured") {
      return {
        compound: configuration.fields.map((f) => {
          const [n, t] = Array.isArray(f) ? f : [(f as { name: string }).name, (f as { data_type: unknown }).data_type];
          return { name: n as string, dtype: refFields.includes(n as string) ? "reference" : v3Dtype(t) };
        }),
      };
    }
    if (name === "fixed_length_utf32") return "text";
  }
  if (dataType === "string" || dataType === "variable_length_utf8") return isRef ? "reference" : "text";
  if (dataType === "bool" || NUMPY.has(dataType as string)) return dataType as string;
  throw new Error(`unsupported Zarr v3 data_type ${JSON.stringify(dataType)}`);
}

function numpyName(typestr: string): string {
  const name = V2_NUMERIC[typestr.replace(/^[<>|=]/, "")];
  if (name) return name;
  if (/^[<>|=]U\d+$/.test(typestr)) return "text";
  throw new Error(`unsupported v2 dtype ${typestr}`);
}

function legacyField(spec: unknown): Dtype {
  if (Array.isArray(spec)) return { compound: spec.map((f: { name: string; dtype: unknown }) => ({ name: f.name, dtype: legacyField(f.dtype) })) };
  const s = String(spec);
  return LEGACY_FIELD[s] ?? (NUMPY.has(s) ? s : numpyName(s));
}

function v2Dtype(dtype: unknown, filters: { id: string }[] | null, marker: unknown): Dtype {
  if (Array.isArray(dtype)) {
    return {
      compound: dtype.map(([n, t]: [string, unknown]) => {
        if (t === "|O") {
          const spec = Array.isArray(marker) ? (marker as { name: string; dtype: unknown }[]).find((f) => f.name === n)?.dtype ?? "object" : "object";
          return { name: n, dtype: legacyField(spec) };
        }
        return { name: n, dtype: Array.isArray(t) ? v2Dtype(t, null, null) : numpyName(t as string) };
      }),
    };
  }
  if (dtype === "|O") {
    const ids = (filters ?? []).map((f) => f.id);
    if (ids.includes("vlen-utf8")) return "text";
    if (ids.includes("vlen-bytes")) return "bytes";
    if (Array.isArray(marker)) return legacyField(marker) as Dtype;
    if (marker === "object") return "reference";
    throw new Error(`object array with codecs ${ids} and zarr_dtype ${JSON.stringify(marker)}`);
  }
  return numpyName(dtype as string);
}


class Dumper {
  readonly externals = new Map<string, string>();
  private readonly self: string;
  constructor(private readonly store: string, private readonly root: GroupBuilder, private readonly fmt: 2 | 3) {
    this.self = realpathSync(store);
  }

  private nodeMeta(path: string): { meta: Record<string, unknown>; attrs: Record<string, unknown> } {
    const dir = join(this.store, path);
    if (this.fmt === 3) {
      const meta = readJson(join(dir, "zarr.json"), { exact: true });
      return { meta, attrs: (meta.attributes ?? {}) as Record<string, unknown> };
    }
    let attrs = {};
    try { attrs = readJson(join(dir, ".zattrs"), { exact: true }); } catch { /* no attributes */ }
    return { meta: readJson(join(dir, ".zarray"), { exact: true }), attrs };
  }

  private zarrFacts(meta: Record<string, unknown>): Json {
    if (this.fmt === 3) {
      return encodeValue({
        chunks: (meta.chunk_grid as { configuration: { chunk_shape: number[] } }).configuration.chunk_shape,
        fill_value: meta.fill_value, codecs: (meta.codecs as { name: string }[]).map((c) => c.name), data_type: meta.data_type,
      }, () => undefined);
    }
    const codecs = ((meta.filters as { id: string }[] | null) ?? []).map((f) => f.id);
    if (meta.compressor) codecs.push((meta.compressor as { id: string }).id);
    return encodeValue({ chunks: meta.chunks, fill_value: meta.fill_value, codecs, data_type: meta.dtype }, () => undefined);
  }

  private ref = (v: unknown): string | undefined => {
    if (v instanceof ReferenceBuilder) return v.builder.path;
    if (v instanceof Builder) return v.path;
    return undefined;
  };

  private leaf(x: unknown, dtype: Dtype): Json {
    if (typeof dtype === "object" && x && typeof x === "object" && !(x instanceof Builder) && !(x instanceof ReferenceBuilder)) {
      const rec = Array.isArray(x) ? Object.fromEntries(dtype.compound.map((f, i) => [f.name, x[i]])) : (x as Record<string, unknown>);
      return Object.fromEntries(dtype.compound.map((f) => [f.name, this.leaf(rec[f.name], f.dtype)]));
    }
    return encodeValue(x, this.ref);
  }

  private async dataset(b: DatasetBuilder, path: string): Promise<Json> {
    const { meta, attrs } = this.nodeMeta(path);
    let dtype: Dtype;
    let shape: number[];
    if (this.fmt === 3) {
      dtype = v3Dtype(meta.data_type, (attrs._REFERENCE_FIELDS as string[]) ?? [], attrs._DTYPE === "object_reference");
      shape = meta.shape as number[];
    } else {
      dtype = v2Dtype(meta.dtype, meta.filters as { id: string }[] | null, attrs.zarr_dtype);
      shape = attrs.zarr_dtype === "scalar" ? [] : (meta.shape as number[]);
    }
    const ds = b.data as ZarrDataset;
    const nd = await ds.get();
    const flat = Array.from(nd.data as ArrayLike<unknown>, (v) => this.leaf(v, dtype));
    const nest = (vals: Json[], dims: number[]): Json => {
      if (dims.length <= 1) return vals;
      const step = vals.length / dims[0];
      return Array.from({ length: dims[0] }, (_, i) => nest(vals.slice(i * step, (i + 1) * step), dims.slice(1)));
    };
    const data = shape.length === 0 ? flat[0] : shape[0] === 0 ? [] : nest(flat, shape);
    const out: Record<string, Json> = { dtype: dtype as Json, shape, data, zarr: this.zarrFacts(meta) };
    if (Object.keys(b.attributes).length) out.attributes = encodeValue(b.attributes, this.ref);
    return out;
  }

  private async group(b: GroupBuilder, path: string): Promise<Json> {
    const out: Record<string, Json> = {};
    if (Object.keys(b.attributes).length) out.attributes = encodeValue(b.attributes, this.ref);
    if (b.groups.size) {
      const groups: Record<string, Json> = {};
      for (const [n, g] of b.groups) groups[n] = await this.group(g, `${path}/${n}`);
      out.groups = groups;
    }
    if (b.datasets.size) {
      const datasets: Record<string, Json> = {};
      for (const [n, d] of b.datasets) datasets[n] = await this.dataset(d, `${path}/${n}`);
      out.datasets = datasets;
    }
    if (b.links.size) {
      const links: Record<string, Json> = {};
      for (const [n, l] of b.links) links[n] = this.link(l);
      out.links = links;
    }
    return out;
  }

  private link(l: LinkBuilder): Json {
    const t = l.builder;
    const out: Record<string, Json> = { target: t.path };
    const source = t.source ? realpathSync(t.source) : this.self;
    if (source !== this.self) {
      out.file = basename(source);
      this.externals.set(out.file, source);
    }
    return out;
  }

  private async specifications(): Promise<Json | undefined> {
    const h = await ZarrHierarchy.open(new LocalStore(this.store), { consolidated: false });
    const root = await h.requireNode("");
    const loc = root.attributes[".specloc"];
    if (typeof loc !== "string") return undefined;
    const namespaces: Record<string, Record<string, Record<string, Json>>> = {};
    for (const ns of await h.listChildren(loc)) {
      for (const version of await h.listChildren(`${loc}/${ns}`)) {
        const files: Record<string, Json> = {};
        for (const name of await h.listChildren(`${loc}/${ns}/${version}`)) {
          const arr = await h.openArray(`${loc}/${ns}/${version}/${name}`);
          const nd = await arr.get();
          const text = nd.data[0];
          // as hdmf-zarr's spec reader returns it: the parsed JSON document
          files[name] = JSON.parse(text instanceof Uint8Array ? new TextDecoder().decode(text) : String(text));
        }
        (namespaces[ns] ??= {})[version] = files;
      }
    }
    return { location: loc, namespaces };
  }

  async dump(): Promise<Record<string, Json>> {
    const doc: Record<string, Json> = { name: basename(this.store).replace(/\.zarr$/, ""), zarr_format: this.fmt, root: await this.group(this.root, "") };
    const spec = await this.specifications();
    if (spec !== undefined) doc.specifications = spec;
    return doc;
  }
}

async function dumpOne(store: string, allowPickle: boolean) {
  const io = new ZarrIO(store, "r", { allowPickle });
  const root = await io.readBuilder();
  const fmt = io.zarrFormat;
  const d = new Dumper(store, root, fmt);
  const doc = await d.dump();
  return { doc, externals: d.externals, io };
}

/** Dump a store and every store its links reach, like dump_store.py. */
export async function dumpStore(store: string, allowPickle = true): Promise<Record<string, Json>> {
  const main = await dumpOne(store, allowPickle);
  const external: Record<string, Json> = {};
  const todo = new Map(main.externals);
  while (todo.size) {
    const [file, path] = todo.entries().next().value as [string, string];
    todo.delete(file);
    if (file in external) continue;
    const ext = await dumpOne(path, allowPickle);
    external[file] = ext.doc.root;
    for (const [f, p] of ext.externals) if (!(f in external) && f !== basename(store)) todo.set(f, p);
    await ext.io.close();
  }
  await main.io.close();
  if (Object.keys(external).length) main.doc.external = external;
  return main.doc;
}
