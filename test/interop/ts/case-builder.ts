/** Case file (language-neutral builder tree, see ../README.md) → builders and ZarrDataIO settings. */
import {
  DatasetBuilder, GroupBuilder, LinkBuilder, ReferenceBuilder, ZarrDataIO, type BuilderDtype,
} from "../../../src/index.js";
import { CaseRef, decodeValue, type Json } from "./case-values.js";

export interface CaseGroup {
  attributes?: Record<string, Json>;
  groups?: Record<string, CaseGroup>;
  datasets?: Record<string, CaseDataset>;
  links?: Record<string, { target: string; file?: string }>;
}
export interface CaseDataset {
  dtype: string | { compound: { name: string; dtype: CaseDataset["dtype"] }[] };
  shape: number[];
  data: Json;
  attributes?: Record<string, Json>;
  io?: { chunks?: number[]; fillvalue?: Json; compressor?: "default" | "none" | "zlib" | "blosc"; dimension_labels?: string[] };
}
export interface CaseFile {
  name: string;
  description: string;
  root: CaseGroup;
  external?: Record<string, CaseGroup>;
  options?: { objectCodec?: "pickle" | "json2" };
  /** Conventions the case applies to (all when absent). */
  conventions?: ("v2" | "v3")[];
}

function builderDtype(d: CaseDataset["dtype"]): BuilderDtype {
  if (typeof d === "string") return d === "reference" ? "object" : d;
  return d.compound.map((f) => ({ name: f.name, dtype: builderDtype(f.dtype) }));
}

const ITEM_SIZE: Record<string, number> = { int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, float32: 4 };

/** ZarrDataIO settings for a case's `io`, matching what the Python writer asks of zarr-python. */
function ioSettings(ds: CaseDataset, format: 2 | 3) {
  const io = ds.io ?? {};
  const typesize = typeof ds.dtype === "string" ? ITEM_SIZE[ds.dtype] ?? 8 : 8;
  const settings: ConstructorParameters<typeof ZarrDataIO>[1] = {};
  if (io.chunks) settings.chunks = io.chunks;
  if (io.fillvalue !== undefined) settings.fillValue = decodeValue(io.fillvalue);
  const comp = io.compressor ?? "default";
  if (format === 3) {
    if (comp === "none") settings.compressors = false;
    if (comp === "zlib") settings.compressors = [{ name: "numcodecs.zlib", configuration: { level: 4 } }];
    if (comp === "blosc") {
      settings.compressors = [{ name: "blosc", configuration: { typesize, cname: "lz4", clevel: 5, shuffle: "shuffle", blocksize: 0 } }];
    }
  } else {
    if (comp === "none") settings.compressor = false;
    if (comp === "zlib") settings.compressor = { id: "zlib", level: 4 };
    if (comp === "blosc") settings.compressor = { id: "blosc", cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 };
  }
  return settings;
}

/** Builds the trees of a case: the main root and one root per external file, with references and links resolved. */
export function caseToBuilders(c: CaseFile, format: 2 | 3, locationOf: (file: string) => string) {
  const roots = new Map<string, GroupBuilder>();
  const fixups: (() => void)[] = [];
  const resolve = (file: string, path: string) => {
    const root = roots.get(file)!;
    const b = path === "/" ? root : root.get(path.slice(1));
    if (!(b instanceof GroupBuilder || b instanceof DatasetBuilder)) throw new Error(`case ${c.name}: no target ${file}:${path}`);
    return b;
  };
  const withRefs = (file: string, v: unknown): unknown => {
    if (v instanceof CaseRef) return new ReferenceBuilder(resolve(file, v.path));
    if (Array.isArray(v)) return v.map((x) => withRefs(file, x));
    if (v && typeof v === "object" && !(typeof v === "bigint")) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withRefs(file, x)]));
    }
    return v;
  };
  const attrs = (file: string, owner: GroupBuilder | DatasetBuilder, a?: Record<string, Json>) => {
    for (const [k, v] of Object.entries(a ?? {})) fixups.push(() => owner.setAttribute(k, withRefs(file, decodeValue(v))));
  };
  const group = (file: string, name: string, g: CaseGroup): GroupBuilder => {
    const b = new GroupBuilder(name, { source: locationOf(file) });
    attrs(file, b, g.attributes);
    for (const [n, sub] of Object.entries(g.groups ?? {})) b.setGroup(group(file, n, sub));
    for (const [n, d] of Object.entries(g.datasets ?? {})) {
      const ds = new DatasetBuilder(n, undefined, { dtype: builderDtype(d.dtype), dimensionLabels: d.io?.dimension_labels });
      b.setDataset(ds);
      attrs(file, ds, d.attributes);
      fixups.push(() => {
        // Empty data cannot show its shape as nested lists (a 0×3 array is []), so pass it as an NdArray.
        const values = d.shape.includes(0) ? { shape: d.shape, data: [], dtype: { kind: "object" } } : withRefs(file, decodeValue(d.data));
        ds.data = new ZarrDataIO(values, ioSettings(d, format));
      });
    }
    for (const [n, l] of Object.entries(g.links ?? {})) {
      fixups.push(() => { b.setLink(new LinkBuilder(resolve(l.file ?? file, l.target), n)); });
    }
    return b;
  };
  for (const [file, g] of Object.entries(c.external ?? {})) roots.set(file, group(file, "root", g));
  roots.set("", group("", "root", c.root));
  for (const f of fixups) f();
  return { main: roots.get("")!, externals: [...roots].filter(([f]) => f !== "") };
}
