/**
 * Whole files through ZarrIO, in memory: small files of both formats (every codec the writer
 * uses, compound, scalar, bool, links, references, a pickled legacy array) are damaged and read
 * whole — tree and every value — with consolidated metadata (`r`) and without (`r-`).
 * - `metadata`: the documents (.zarray, .zattrs, .zgroup, .zmetadata, zarr.json) get values
 *   replaced, members deleted or added, are replaced by random JSON, or have their text damaged;
 * - `store`: any file (chunks included) gets bytes flipped, cut, inserted or replaced.
 * Every failure must be a typed error that names the store and a node path; undamaged files read
 * to the values the writer wrote.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import fc from "fast-check";
import { HdmfZarrError } from "../../../src/errors.js";
import { DatasetBuilder, GroupBuilder } from "../../../src/format/builders.js";
import type { ZarrDataset } from "../../../src/format/zarr-dataset.js";
import { ZarrDataIO } from "../../../src/io/zarr-data-io.js";
import { ZarrIO, type ZarrIOOptions } from "../../../src/io/zarr-io.js";
import type { Mode } from "../../../src/io/modes.js";
import { MemoryStore } from "../../../src/store/memory.js";
import type { ZarrFormat } from "../../../src/zarr/metadata-types.js";
import { OBJECT_ARRAY_BY_PROTOCOL } from "../../unit/codecs/pickle-streams.js";
import { writeFileSync } from "node:fs";
import { byteMutation, jsonMutation, mutateBytes, mutateJson, typedOr, UntypedError, type ByteMutation, type JsonMutation, type Target } from "./common.js";
import { allDatasets, plainValues } from "../../helpers/zarr-files.js";
import { chunkFile, editNodeMetadata } from "../../helpers/store-files.js";
import { tempFolder, removeFolder } from "../../helpers/temp-folders.js";
import { sampleTree, writeStore } from "../../helpers/sample-tree.js";

/** The sample tree plus one dataset of each kind the format can hold. */
function fuzzTree(format: ZarrFormat): GroupBuilder {
  const root = sampleTree();
  const grid = { dtype: { kind: "numeric", name: "int16", endian: "little" } as const, shape: [4, 3], data: Int16Array.from([1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12]) };
  const codecs: [string, object][] = format === 3
    ? [["gz", { compressors: [{ name: "gzip", configuration: { level: 1 } }] }], ["crc", { compressors: [{ name: "crc32c", configuration: {} }] }],
      ["bl", { compressors: [{ name: "blosc", configuration: { cname: "zstd", clevel: 3, shuffle: "bitshuffle", typesize: 2, blocksize: 0 } }] }]]
    : [["gz", { compressor: { id: "gzip", level: 1 } }], ["zs", { compressor: { id: "zstd", level: 1 } }], ["lz", { compressor: { id: "lz4", acceleration: 1 } }]];
  root.setDataset(new DatasetBuilder("grid", new ZarrDataIO(grid, { chunks: [2, 2] }), { dtype: "int16" }));
  for (const [name, opts] of codecs) root.setDataset(new DatasetBuilder(name, new ZarrDataIO([10, 20, 30, 40], opts), { dtype: "int16" }));
  root.setDataset(new DatasetBuilder("table", [{ id: 1, label: "one" }, { id: 2, label: "two" }], { dtype: [{ name: "id", dtype: "int32" }, { name: "label", dtype: "text" }] }));
  root.setDataset(new DatasetBuilder("flags", [true, false, true], { dtype: "bool" }));
  root.setDataset(new DatasetBuilder("scalar", 2.5, { dtype: "float64" }));
  if (format === 2) root.setDataset(new DatasetBuilder("pk", Array.from({ length: 13 }, (_, i) => `p${i}`), { dtype: "text" }));
  return root;
}

/** Every file of a folder, by store key, sorted. */
function files(dir: string): [string, Uint8Array][] {
  const out: [string, Uint8Array][] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push([relative(dir, p).split("\\").join("/"), new Uint8Array(readFileSync(p))]);
    }
  };
  walk(dir);
  return out.sort(([a], [b]) => (a < b ? -1 : 1));
}

interface Base {
  label: string;
  files: [string, Uint8Array][];
  metadataKeys: string[];
  options: ZarrIOOptions;
  /** What the undamaged file reads to, by dataset path (JSON text, for comparison). */
  values: string;
}

const isMetadata = (key: string) => /(^|\/)(zarr\.json|\.zarray|\.zgroup|\.zattrs|\.zmetadata)$/.test(key);
const MODES: Mode[] = ["r", "r-"];

/** Datasets up to this many elements are read whole; larger ones (a damaged shape) by a first slice. */
const WHOLE_READ_ELEMENTS = 1 << 20;

/** Read a whole file: tree and every dataset's values, as JSON text by path. */
async function readAll(store: MemoryStore, mode: Mode, options: ZarrIOOptions): Promise<string> {
  const io = new ZarrIO(store, mode, options);
  try {
    const root = await io.readBuilder();
    const values: Record<string, unknown[]> = {};
    for (const ds of allDatasets(root)) {
      const data = ds.data as ZarrDataset;
      // A damaged shape may state a legitimately huge array: its values are checked on a first
      // slice, since turning a gigabyte of values into JSON text would measure this harness, not the reader.
      const size = data.shape.reduce((a, b) => a * b, 1);
      const selection = size > WHOLE_READ_ELEMENTS && data.shape.length > 0 ? [{ start: 0, stop: Math.min(data.shape[0], 16) }] : undefined;
      values[ds.path] = plainValues((await data.get(selection)).data);
    }
    return JSON.stringify(values, (_k, v) => (typeof v === "bigint" ? `${v}n` : v));
  } finally {
    await io.close();
  }
}

/** Read `store` in both modes; a typed error must name the store and a node path. */
async function readBoth(base: Base, store: MemoryStore, intact: boolean): Promise<string> {
  const outcomes: string[] = [];
  for (const mode of MODES) {
    try {
      const outcome = await typedOr(() => readAll(store, mode, base.options), (values) => {
        if (intact) assert.equal(values, base.values, `${base.label} ${mode}: undamaged file reads as written`);
      });
      outcomes.push(outcome);
    } catch (e) {
      if (e instanceof UntypedError) throw new UntypedError(`${base.label} ${mode}: ${e.message}`);
      throw e;
    }
    if (intact) assert.equal(outcomes.at(-1), "ok", `${base.label} ${mode}: undamaged file must read`);
  }
  return outcomes.find((o) => o !== "ok") ?? "ok";
}

/** The same, checking where typed errors point: the caught error is re-examined here. */
async function readLocated(base: Base, store: MemoryStore, intact: boolean): Promise<string> {
  for (const mode of MODES) {
    try {
      await readAll(store, mode, base.options);
    } catch (e) {
      if (e instanceof HdmfZarrError) {
        assert.equal(e.store, store.description, `${base.label} ${mode}: error names the store: ${e.message}`);
        assert.ok(e.path !== undefined && e.message.includes(`'${store.description}'`), `${base.label} ${mode}: error names a node path and the store: ${e.message}`);
      }
    }
  }
  return readBoth(base, store, intact);
}

async function setupBases(): Promise<Base[]> {
  const tmp = tempFolder("hdmf-zarr-bad-fuzz-store");
  try {
    const v3 = await writeStore(join(tmp, "v3.zarr"), 3, fuzzTree(3));
    const v2 = await writeStore(join(tmp, "v2.zarr"), 2, fuzzTree(2));
    // v2 `/pk` as a pickle-coded object array (as hdmf-zarr <= 0.13 wrote some), so the unpickler is read too.
    editNodeMetadata(v2, 2, "pk", (d) => {
      d.filters = [{ id: "pickle", protocol: 2 }];
      d.compressor = null;
    });
    writeFileSync(chunkFile(v2, "pk", 2), Buffer.from(OBJECT_ARRAY_BY_PROTOCOL[2], "hex"));
    const bases: Base[] = [];
    for (const [label, dir, options] of [["v3", v3, {}], ["v2", v2, { allowPickle: true }]] as const) {
      const all = files(dir);
      const base: Base = { label, files: all, metadataKeys: all.map(([k]) => k).filter(isMetadata), options, values: "" };
      base.values = await readAll(storeOf(base, new Map()), "r", options);
      bases.push(base);
    }
    return bases;
  } finally {
    removeFolder(tmp);
  }
}

function storeOf(base: Base, replaced: Map<string, Uint8Array | null>): MemoryStore {
  const entries: [string, Uint8Array][] = [];
  for (const [key, bytes] of base.files) {
    const r = replaced.get(key);
    if (r === null) continue;
    entries.push([key, r ?? bytes]);
  }
  return new MemoryStore(entries, `fuzz://${base.label}.zarr`);
}

type DocDamage =
  | { kind: "json"; mutations: JsonMutation[] }
  | { kind: "replace"; value: unknown }
  | { kind: "text"; mutations: ByteMutation[] }
  | { kind: "remove" };

interface MetadataInput {
  base: number;
  docs: { file: number; damage: DocDamage }[];
}

const docDamage: fc.Arbitrary<DocDamage> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("json" as const), mutations: fc.array(jsonMutation, { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("replace" as const), value: fc.jsonValue({ maxDepth: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("text" as const), mutations: fc.array(byteMutation, { minLength: 1, maxLength: 2 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "remove" as const }) },
);

const text = new TextDecoder();
const utf8 = new TextEncoder();

export const metadataTarget: Target<Base[], MetadataInput> = {
  setup: setupBases,
  arbitrary() {
    return fc.record({ base: fc.nat({ max: 1 }), docs: fc.array(fc.record({ file: fc.nat(), damage: docDamage }), { maxLength: 2 }) });
  },
  async check(bases, input) {
    const base = bases[input.base];
    const replaced = new Map<string, Uint8Array | null>();
    for (const { file, damage } of input.docs) {
      const key = base.metadataKeys[file % base.metadataKeys.length];
      const bytes = replaced.get(key) ?? base.files.find(([k]) => k === key)![1];
      if (damage.kind === "remove") replaced.set(key, null);
      else if (damage.kind === "text") replaced.set(key, mutateBytes(bytes, damage.mutations));
      else if (damage.kind === "replace") replaced.set(key, utf8.encode(JSON.stringify(damage.value)));
      else {
        // A document whose text was damaged by an earlier change may no longer parse: it stays as it is.
        let doc: unknown;
        try {
          doc = JSON.parse(text.decode(bytes));
        } catch {
          continue;
        }
        replaced.set(key, utf8.encode(JSON.stringify(mutateJson(doc, damage.mutations))));
      }
    }
    return readLocated(base, storeOf(base, replaced), input.docs.length === 0);
  },
};

interface StoreInput {
  base: number;
  files: { file: number; mutations: ByteMutation[] }[];
}

export const storeTarget: Target<Base[], StoreInput> = {
  setup: setupBases,
  arbitrary() {
    return fc.record({
      base: fc.nat({ max: 1 }),
      files: fc.array(fc.record({ file: fc.nat(), mutations: fc.array(byteMutation, { minLength: 1, maxLength: 3 }) }), { maxLength: 3 }),
    });
  },
  async check(bases, input) {
    const base = bases[input.base];
    const replaced = new Map<string, Uint8Array | null>();
    for (const { file, mutations } of input.files) {
      const [key, bytes] = base.files[file % base.files.length];
      replaced.set(key, mutateBytes((replaced.get(key) as Uint8Array | undefined) ?? bytes, mutations));
    }
    return readLocated(base, storeOf(base, replaced), input.files.length === 0);
  },
};
