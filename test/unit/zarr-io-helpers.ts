/**
 * Shared helpers of the ZarrIO behaviour tests (test/unit/zarr-io-*.test.ts): temporary folders,
 * a small sample tree, and readers of the metadata JSON a write left on disk.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatasetBuilder, GroupBuilder, LinkBuilder, ReferenceBuilder, ZarrDataset, ZarrIO, type NdArray } from "../../src/index.js";

/** Both conventions: Zarr v3 (the default, hdmf-zarr 0.14) and legacy Zarr v2. */
export const FORMATS = [3, 2] as const;
export type Format = (typeof FORMATS)[number];

/** A fresh temporary folder; `cleanup()` removes every folder made so far. */
export function tempFolders(prefix: string): { make(): string; cleanup(): void } {
  const made: string[] = [];
  return {
    make() {
      const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
      made.push(dir);
      return dir;
    },
    cleanup() {
      for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** Every file under `dir`, relative and sorted. */
export function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

export function readJson(file: string): any {
  return JSON.parse(readFileSync(file, "utf8"));
}

/** The attributes of a node as stored in its own metadata document (not the consolidated copy). */
export function diskAttributes(store: string, node: string, format: Format): Record<string, unknown> {
  if (format === 3) return readJson(join(store, node, "zarr.json")).attributes ?? {};
  try {
    return readJson(join(store, node, ".zattrs"));
  } catch {
    return {};
  }
}

/** The array metadata document of a node (v3 `zarr.json`, v2 `.zarray`). */
export function diskArrayMeta(store: string, node: string, format: Format): any {
  return readJson(join(store, node, format === 3 ? "zarr.json" : ".zarray"));
}

/** Change a node's attributes in its own metadata document only, as a person editing the file would. */
export function editDiskAttributes(store: string, node: string, format: Format, edit: (attrs: Record<string, any>) => void): void {
  if (format === 3) {
    const file = join(store, node, "zarr.json");
    const doc = readJson(file);
    doc.attributes ??= {};
    edit(doc.attributes);
    writeFileSync(file, JSON.stringify(doc, null, 2));
  } else {
    const file = join(store, node, ".zattrs");
    const attrs = diskAttributes(store, node, format);
    edit(attrs);
    writeFileSync(file, JSON.stringify(attrs, null, 4));
  }
}

/** The relative key of chunk `index` of an array as each convention's writer names it. */
export function chunkFile(node: string, index: number[], format: Format): string {
  return format === 3 ? `${node}/c/${index.join("/")}` : `${node}/${index.join(".")}`;
}

/** Values of an NdArray as plain numbers (int64 data come back as bigints). */
export function numbers(nd: NdArray): number[] {
  return Array.from(nd.data as ArrayLike<unknown>, (v) => Number(v));
}

/** All values of a read dataset builder, as stored (references resolved). */
export async function datasetValues(b: unknown): Promise<unknown[]> {
  if (!(b instanceof DatasetBuilder) || !(b.data instanceof ZarrDataset)) throw new Error("not a dataset read from a file");
  return Array.from((await b.data.get()).data as ArrayLike<unknown>);
}

/** All values of a read dataset builder, as plain numbers. */
export async function datasetNumbers(b: unknown): Promise<number[]> {
  if (!(b instanceof DatasetBuilder) || !(b.data instanceof ZarrDataset)) throw new Error("not a dataset read from a file");
  return numbers(await b.data.get());
}

/**
 * A small tree: `/sub` (attribute a=1) holding `/sub/data` (2×3 ints, unit "m"), a text dataset
 * `/names`, a root attribute referencing `/sub/data`, and soft links `/link_group` → `/sub` and
 * `/link_data` → `/sub/data`.
 */
export function sampleTree(): { root: GroupBuilder; sub: GroupBuilder; data: DatasetBuilder; names: DatasetBuilder } {
  const data = new DatasetBuilder("data", [[1, 2, 3], [4, 5, 6]], { attributes: { unit: "m" } });
  const sub = new GroupBuilder("sub", { datasets: [data], attributes: { a: 1 } });
  const names = new DatasetBuilder("names", ["x", "y"]);
  const root = new GroupBuilder("root", { groups: [sub], datasets: [names], attributes: { ref: new ReferenceBuilder(data) } });
  root.setLink(new LinkBuilder(sub, "link_group"));
  root.setLink(new LinkBuilder(data, "link_data"));
  return { root, sub, data, names };
}

/** Write `root` as a new file at `path` in the given format, and close it. */
export async function writeFile(path: string, root: GroupBuilder, format: Format, options: Parameters<ZarrIO["writeBuilder"]>[1] = {}): Promise<void> {
  const io = new ZarrIO(path, "w", { zarrFormat: format });
  try {
    await io.writeBuilder(root, options);
  } finally {
    await io.close();
  }
}

/** Read the builder tree of `path` in `mode` (a new ZarrIO, closed afterwards: for checks of the tree and attributes). */
export async function readTree(path: string, mode: "r" | "r-" = "r"): Promise<GroupBuilder> {
  const io = new ZarrIO(path, mode);
  try {
    return await io.readBuilder();
  } finally {
    await io.close();
  }
}
