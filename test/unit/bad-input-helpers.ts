/**
 * Shared helpers of the bad-input suite (`bad-input-*.test.ts`): write a small good file with
 * ZarrIO, damage it with node:fs, and check that every reader answers with a typed error that
 * names the store and the object path.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HdmfZarrError } from "../../src/errors.js";
import { DatasetBuilder, GroupBuilder, LinkBuilder, ReferenceBuilder } from "../../src/format/builders.js";
import type { ZarrDataset } from "../../src/format/zarr-dataset.js";
import { ZarrIO, type ZarrIOOptions } from "../../src/io/zarr-io.js";
import type { Mode } from "../../src/io/modes.js";
import type { ZarrFormat } from "../../src/zarr/metadata-types.js";

/** Per-test timeout: a broken input must never make a reader hang. */
export const TIMEOUT = 20_000;

/** Both Zarr formats, current first. */
export const FORMATS: readonly ZarrFormat[] = [3, 2];

/** The two read modes: `r` uses consolidated metadata, `r-` reads each node's own documents. */
export const READ_MODES: readonly Mode[] = ["r", "r-"];

/** A fresh temporary folder (removed by `removeTemp`). */
export function makeTemp(label: string): string {
  return mkdtempSync(join(tmpdir(), `hdmf-zarr-bad-${label}-`));
}

export function removeTemp(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** Copy a store folder to a new place (every damage happens on a copy). */
export function copyStore(from: string, to: string): string {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  return to;
}

/**
 * The sample tree used by most cases: `/x` int32 in two chunks, `/s` text, `/g` (attributes, a
 * link `lnk` → `/x`), `/g/y` float64, `/refs` a reference dataset → `/x`, and a root attribute
 * reference `ref` → `/x`.
 */
export function sampleTree(): GroupBuilder {
  const x = new DatasetBuilder("x", [1, 2, 3, 4, 5, 6], { dtype: "int32", chunks: [4] });
  const s = new DatasetBuilder("s", ["alpha", "beta", "gamma"], { dtype: "text" });
  const y = new DatasetBuilder("y", [1.5, -2.25], { dtype: "float64" });
  const g = new GroupBuilder("g", { datasets: [y], attributes: { note: "group g" } });
  g.setLink(new LinkBuilder(x, "lnk"));
  const refs = new DatasetBuilder("refs", [new ReferenceBuilder(x)], { dtype: "object" });
  return new GroupBuilder("root", { datasets: [x, s, refs], groups: [g], attributes: { ref: new ReferenceBuilder(x) } });
}

/** What the sample tree's datasets hold, by path. */
export const SAMPLE_VALUES: Record<string, unknown[]> = {
  "/x": [1, 2, 3, 4, 5, 6],
  "/s": ["alpha", "beta", "gamma"],
  "/g/y": [1.5, -2.25],
};

/** Write `tree` (default: the sample tree) as a new file in `dir`. */
export async function writeStore(dir: string, format: ZarrFormat, tree: GroupBuilder = sampleTree(), options: ZarrIOOptions = {}): Promise<string> {
  const io = new ZarrIO(dir, "w", { ...options, zarrFormat: format });
  await io.writeBuilder(tree);
  await io.close();
  return dir;
}

/** Store key of a node's chunk as the writer names it (`coords` of the chunk grid; `[]` for a 0-d array). */
export function chunkKey(node: string, format: ZarrFormat, coords: number[] = [0]): string {
  if (format === 3) return [node, "c", ...coords.map(String)].join("/");
  return `${node}/${coords.length ? coords.join(".") : "0"}`;
}

/** File of a node's chunk. */
export function chunkFile(dir: string, node: string, format: ZarrFormat, coords: number[] = [0]): string {
  return join(dir, ...chunkKey(node, format, coords).split("/"));
}

/** A node's own metadata document: v3 `zarr.json`, v2 `.zarray` / `.zgroup` / `.zattrs`. */
export function metadataFile(dir: string, node: string, name: "zarr.json" | ".zarray" | ".zgroup" | ".zattrs"): string {
  return join(dir, node, name);
}

type Json = Record<string, any>;

export function readJson(file: string): Json {
  return JSON.parse(readFileSync(file, "utf8"));
}

export function editJson(file: string, edit: (doc: Json) => void): void {
  const doc = readJson(file);
  edit(doc);
  writeFileSync(file, JSON.stringify(doc, null, 2));
}

/**
 * Edit a node's metadata document (v3 `zarr.json`, v2 `.zarray`/`.zgroup`) in its own file and in
 * the consolidated copy, so that readers in `r` and in `r-` see the same damage. `node` is ""
 * for the root.
 */
export function editNodeMetadata(dir: string, format: ZarrFormat, node: string, edit: (doc: Json) => void): void {
  if (format === 3) {
    editJson(join(dir, node, "zarr.json"), edit);
    if (node !== "") editJson(join(dir, "zarr.json"), (root) => edit(root.consolidated_metadata.metadata[node]));
    return;
  }
  const own = readJson(join(dir, ".zmetadata")).metadata[`${node ? node + "/" : ""}.zarray`] ? ".zarray" : ".zgroup";
  editJson(join(dir, node, own), edit);
  editJson(join(dir, ".zmetadata"), (z) => edit(z.metadata[`${node ? node + "/" : ""}${own}`]));
}

/** Edit a node's attributes (v3 `attributes` of `zarr.json`, v2 `.zattrs`), in its own file and in the consolidated copy. */
export function editNodeAttributes(dir: string, format: ZarrFormat, node: string, edit: (attrs: Json) => void): void {
  if (format === 3) {
    editNodeMetadata(dir, 3, node, (doc) => edit(doc.attributes));
    return;
  }
  // A node without attributes has no .zattrs: start from none.
  const own = join(dir, node, ".zattrs");
  if (!existsSync(own)) writeFileSync(own, "{}");
  editJson(own, edit);
  editJson(join(dir, ".zmetadata"), (z) => {
    const key = `${node ? node + "/" : ""}.zattrs`;
    z.metadata[key] ??= {};
    edit(z.metadata[key]);
  });
}

/** Every file under `dir` (relative path → sha256), to show a store was not touched. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (sub: string) => {
    for (const e of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else out.set(rel, createHash("sha256").update(readFileSync(join(dir, rel))).digest("hex"));
    }
  };
  walk("");
  return out;
}

/** Plain values of a dataset (typed arrays and bigints as numbers, references as target paths). */
export function plainValues(data: ArrayLike<unknown>): unknown[] {
  return Array.from(data, (v) => {
    if (typeof v === "bigint") return Number(v);
    if (v instanceof ReferenceBuilder) return `ref:${v.builder.path}`;
    return v;
  });
}

/** Every dataset of a tree, depth first, with its path. */
export function allDatasets(root: GroupBuilder): DatasetBuilder[] {
  const out: DatasetBuilder[] = [];
  const walk = (g: GroupBuilder) => {
    for (const d of g.datasets.values()) out.push(d);
    for (const c of g.groups.values()) walk(c);
  };
  walk(root);
  return out;
}

/** Open a file, read its whole tree and every value of every dataset; returns values by path. */
export async function readEverything(dir: string, mode: Mode = "r", options: ZarrIOOptions = {}): Promise<Map<string, unknown[]>> {
  const io = new ZarrIO(dir, mode, options);
  try {
    const root = await io.readBuilder();
    const values = new Map<string, unknown[]>();
    for (const ds of allDatasets(root)) {
      const nd = await (ds.data as ZarrDataset).get();
      values.set(ds.path, plainValues(nd.data));
    }
    return values;
  } finally {
    await io.close();
  }
}

/** Open a file and read the values of one dataset (the tree is read first). */
export async function readDataset(dir: string, path: string, mode: Mode = "r", options: ZarrIOOptions = {}): Promise<unknown[]> {
  const io = new ZarrIO(dir, mode, options);
  try {
    const ds = (await io.getBuilder(path)) as DatasetBuilder;
    return plainValues((await (ds.data as ZarrDataset).get()).data);
  } finally {
    await io.close();
  }
}

/** What a typed error must say: its class, the store and node path it names, and other words. */
export interface Expected {
  store: string;
  /** Node path named in the message (`'/x'`), as the error's `path`; a list accepts any of them. */
  path: string | readonly string[];
  /** More text the message must contain (codec name, option name, link target…). */
  mentions?: string[];
}

/**
 * Await `run` and check that it fails with an instance of `cls` whose message names the store
 * and the node path (and any `mentions`). Returns the error for further checks.
 */
export async function expectTyped<E extends HdmfZarrError>(
  run: () => Promise<unknown>,
  cls: abstract new (...args: never[]) => E,
  expected: Expected,
): Promise<E> {
  let caught: unknown;
  try {
    await run();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught !== undefined, `expected ${cls.name}, but nothing was thrown`);
  const err = caught as Error;
  assert.ok(
    err instanceof cls,
    `expected ${cls.name}, got ${err?.constructor?.name}: ${err?.message}\n${err instanceof HdmfZarrError ? "" : err?.stack}`,
  );
  const typed = err as E;
  assert.equal(typed.store, expected.store, `error names store '${typed.store}': ${typed.message}`);
  const paths = typeof expected.path === "string" ? [expected.path] : expected.path;
  assert.ok(typed.path !== undefined && paths.includes(typed.path), `error names path '${typed.path}', expected ${paths.join(" or ")}: ${typed.message}`);
  assert.ok(typed.message.includes(`'${typed.path}'`), `message names '${typed.path}': ${typed.message}`);
  assert.ok(typed.message.includes(`'${expected.store}'`), `message names the store '${expected.store}': ${typed.message}`);
  for (const m of expected.mentions ?? []) assert.ok(typed.message.includes(m), `message mentions '${m}': ${typed.message}`);
  return typed;
}
