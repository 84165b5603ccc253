/**
 * Writing a builder tree with ZarrIO and reading it back: the tree, every dataset, and their
 * values as plain JavaScript (for deepEqual).
 */
import { DatasetBuilder, GroupBuilder, ReferenceBuilder } from "../../src/format/builders.js";
import { ZarrDataset } from "../../src/format/zarr-dataset.js";
import type { Mode } from "../../src/io/modes.js";
import { ZarrIO, type ZarrIOOptions } from "../../src/io/zarr-io.js";
import type { NdArray } from "../../src/zarr/dtype.js";
import type { Format } from "./store-files.js";

/** The two read modes: `r` uses consolidated metadata, `r-` reads each node's own documents. */
export const READ_MODES = ["r", "r-"] as const;

/** Write `root` as a new file at `path` in the given format, and close it (also when the write fails). */
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

/**
 * The values of the dataset at `path` of an open file, as stored (references resolved). `raw`
 * reads them without the file's dtype mapping (`ZarrDataset.getRaw`).
 */
export async function values(io: ZarrIO, path: string, options: { raw?: boolean } = {}): Promise<unknown[]> {
  const ds = (await io.getBuilder(path)) as DatasetBuilder;
  const data = ds.data as ZarrDataset;
  return Array.from((await (options.raw ? data.getRaw() : data.get())).data as ArrayLike<unknown>);
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
