/**
 * Shared helpers of the build-layer tests (test/unit/build-*.test.ts): where the Python-written
 * and fixture files are, a store that counts chunk reads, and a structural comparison of two
 * container trees (values of datasets read and compared element by element).
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { LocalStore, type ReadableStore, type StoreListing } from "../../src/index.js";
import {
  ContainerMap, Data, DynamicTable, LazyData, isContainer, isUntypedGroup, loadBundledTypeMap, plainValue, toNested, type Container, type FieldHolder,
} from "../../src/build/index.js";
import { isNdArray } from "../../src/format/values.js";
import { ZARR_V2_FIXTURES } from "../helpers/fixture-paths.js";

export const ROOT = resolve(__dirname, "../..");
export const FIXTURES = ZARR_V2_FIXTURES;
export const ECEPHYS = join(FIXTURES, "ecephys_tutorial.nwb.zarr");
export const ZARR_TUTORIAL = join(FIXTURES, "zarr_tutorial.nwb.zarr");
export const VENVS = process.env.INTEROP_VENV_DIR ?? join(ROOT, ".venv-interop");

/** The hdmf-common file `test/interop/generate.sh` has Python write, per convention. */
export function pythonCommonFile(conv: "v2" | "v3"): string {
  return join(ROOT, "test-output", "interop", `py-${conv}`, "hdmf_common.zarr");
}

/** A skip reason when the Python-written files are missing. */
export function pythonFilesSkip(): string | false {
  return existsSync(pythonCommonFile("v3")) && existsSync(pythonCommonFile("v2"))
    ? false
    : "SKIP: run `bash test/interop/generate.sh` first (writes test-output/interop/py-v*/hdmf_common.zarr)";
}

const METADATA = /(^|\/)(zarr\.json|\.zarray|\.zattrs|\.zgroup|\.zmetadata)$/;

/** A local store that records the chunk keys read (metadata and the spec cache are not chunks of data). */
export class CountingStore implements ReadableStore {
  readonly inner: LocalStore;
  readonly chunkReads: string[] = [];
  constructor(path: string) {
    this.inner = new LocalStore(path);
  }
  get description(): string {
    return this.inner.description;
  }
  private note(key: string): void {
    if (!METADATA.test(key) && !key.startsWith("specifications/")) this.chunkReads.push(key);
  }
  async get(key: string): Promise<Uint8Array | undefined> {
    this.note(key);
    return this.inner.get(key);
  }
  async getRange(key: string, offset: number, length?: number): Promise<Uint8Array | undefined> {
    this.note(key);
    return this.inner.getRange(key, offset, length);
  }
  async has(key: string): Promise<boolean> {
    return this.inner.has(key);
  }
  async list(prefix: string): Promise<StoreListing> {
    return this.inner.list(prefix);
  }
}

/** Values as plain JS for comparison: arrays nested, int64 as numbers, bytes as text, objects as `<Type path>`. */
export async function plain(v: unknown): Promise<unknown> {
  if (v instanceof LazyData) return plain(await v.toList());
  if (isNdArray(v)) return plain(toNested(v));
  if (ArrayBuffer.isView(v) && !(v instanceof Uint8Array)) return Array.from(v as unknown as ArrayLike<unknown>, plainValue);
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  if (Array.isArray(v)) return Promise.all(v.map(plain));
  if (isContainer(v)) return `<${v.typeName} ${v.containerPath}>`;
  if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = await plain(x);
    return out;
  }
  return plainValue(v);
}

/**
 * Assert two container trees hold the same: types, names, object ids, every field (children
 * compared recursively, links and references by the path of their target), dataset values.
 * `ignore` lists field paths (`/units@colnames`) that may differ.
 */
export async function assertSameTree(a: Container, b: Container, ignore: Set<string> = new Set(), path = ""): Promise<number> {
  const here = path || "/";
  assert.equal(b.typeName, a.typeName, `${here}: type`);
  assert.equal(b.namespace, a.namespace, `${here}: namespace`);
  assert.equal(b.name, a.name, `${here}: name`);
  assert.equal(b.objectId, a.objectId, `${here}: object_id`);
  let compared = 1;
  if (a instanceof Data) {
    assert.ok(b instanceof Data, `${here}: Data`);
    assert.deepEqual(await plain(b.data), await plain(a.data), `${here}: data`);
  }
  compared += await assertSameFields(a, b, a, b, ignore, here);
  return compared;
}

async function assertSameFields(a: FieldHolder, b: FieldHolder, ownerA: Container, ownerB: Container, ignore: Set<string>, here: string): Promise<number> {
  const keysA = [...a.fields.keys()].filter((k) => !ignore.has(`${here}@${k}`)).sort();
  const keysB = [...b.fields.keys()].filter((k) => !ignore.has(`${here}@${k}`)).sort();
  assert.deepEqual(keysB, keysA, `${here}: field names`);
  let compared = 0;
  for (const k of keysA) {
    const va = a.fields.getExact(k);
    const vb = b.fields.getExact(k);
    const where = `${here}@${k}`;
    if (isContainer(va)) {
      assert.ok(isContainer(vb), `${where}: a container`);
      if (va.parent === ownerA) {
        assert.equal(vb.parent, ownerB, `${where}: child of its owner`);
        compared += await assertSameTree(va, vb, ignore, `${here === "/" ? "" : here}/${va.name}`);
      } else {
        assert.equal(await plain(vb), await plain(va), `${where}: link/reference target`);
      }
    } else if (va instanceof ContainerMap) {
      assert.ok(vb instanceof ContainerMap, `${where}: a ContainerMap`);
      assert.deepEqual([...vb.keys()].sort(), [...va.keys()].sort(), `${where}: names`);
      for (const [name, ca] of va) {
        const cb: Container = (vb as ContainerMap).get(name)!;
        if (ca.parent === ownerA) compared += await assertSameTree(ca, cb, ignore, `${here === "/" ? "" : here}/${name}`);
        else assert.equal(await plain(cb), await plain(ca), `${where}/${name}: link target`);
      }
    } else if (isUntypedGroup(va)) {
      assert.ok(isUntypedGroup(vb), `${where}: an untyped group`);
      compared += await assertSameFields(va, vb, ownerA, ownerB, ignore, `${here === "/" ? "" : here}/${va.name}`);
    } else {
      assert.deepEqual(await plain(vb), await plain(va), `${where}: value`);
    }
  }
  return compared;
}

/** The tables of test/interop/python/write_hdmf_common.py, built with our API (text, float with NaN, ragged and region columns). */
export async function buildCommonTables(): Promise<{ root: Container; trials: DynamicTable; targets: DynamicTable }> {
  const tm = await loadBundledTypeMap();
  const targets = new DynamicTable({ name: "targets", description: "rows that the region column points at" });
  targets.addColumn({ name: "label", description: "a label per row", data: ["alpha", "beta", "gamma"] });
  const trials = new DynamicTable({ name: "trials", description: "a table with every common column kind" });
  trials.addColumn({ name: "text", description: "a text column", data: ["first", "zweite Zeile ü", ""] });
  trials.addColumn({ name: "value", description: "a float column", data: [0.5, -1.25, NaN] });
  trials.addColumn({ name: "spikes", description: "a ragged float column", data: [[1.0, 2.0, 3.0], [], [4.5]], index: true });
  trials.addColumn({ name: "target", description: "a region into targets", data: [0, 2, 1], table: targets });
  const root = new (tm.getClass("hdmf-common", "SimpleMultiContainer"))({ name: "root" });
  root.add(trials);
  root.add(targets);
  return { root, trials, targets };
}
