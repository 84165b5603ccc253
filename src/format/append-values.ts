/**
 * Growing datasets of a file in place along their first axis (hdmf's `append_data` on a Zarr
 * array): values are converted to the array's stored type without widening it, the arrays are
 * resized in their metadata, and only the chunks holding the new rows are written. Every array of
 * one append carries the incomplete-write mark (incomplete.ts) from its resize until all of them
 * are written, so an append that stops part way never reads as fill values.
 */
import { UnsupportedWriteError, type ErrorLocation } from "../errors.js";
import type { ZarrHierarchy } from "../zarr/hierarchy.js";
import { integerRange, shapeSize, typedArrayClass, type DataType, type NdArray } from "../zarr/dtype.js";
import { flatten } from "../data/index.js";
import { checkedNumeric } from "./dataset-plan.js";
import { writeRegion } from "./write-region.js";
import type { ZarrDataset } from "./zarr-dataset.js";

const textEncoder = new TextEncoder();

/** Rows to add to the end of one dataset, already in its stored type ({@link storedRows}). */
export interface GrownDataset {
  dataset: ZarrDataset;
  rows: NdArray;
}

function whereOf(dataset: ZarrDataset): ErrorLocation {
  return { store: dataset.array.store.description, path: dataset.path };
}

/** Refuse, before any change, a dataset that cannot grow by rows: scalars and compounds. */
export function checkGrowable(dataset: ZarrDataset): void {
  const where = whereOf(dataset);
  if (dataset.isScalar) throw new UnsupportedWriteError("a scalar dataset has no rows to add to", where);
  const kind = dataset.array.dtype.kind;
  if (kind === "struct" || dataset.referenceFields.length || Array.isArray(dataset.dtype)) {
    throw new UnsupportedWriteError("adding rows to a compound dataset in place is not supported", where);
  }
}

/** One element in the array's stored type; a value the type cannot hold is refused (never widened). */
function storedElement(type: DataType, v: unknown, where: ErrorLocation): unknown {
  const bad = (what: string) => new UnsupportedWriteError(what, where);
  switch (type.kind) {
    case "numeric": {
      const range = integerRange(type.name);
      const big = typeof v === "number" && Number.isInteger(v) ? BigInt(v) : typeof v === "bigint" ? v : undefined;
      if (range && big !== undefined && (big < range[0] || big > range[1])) {
        throw bad(`${v} is out of range for ${type.name}: the dataset keeps its dtype, and this value would need a wider one`);
      }
      return checkedNumeric(type.name, v, where);
    }
    case "bool":
      if (typeof v !== "boolean") throw bad(`expected a bool, got ${JSON.stringify(v)}`);
      return v;
    case "string": case "object":
      if (typeof v !== "string") throw bad(`expected text, got ${typeof v} ${JSON.stringify(v) ?? String(v)}`);
      return v;
    case "fixed-utf32":
      if (typeof v !== "string") throw bad(`expected text, got ${typeof v}`);
      if ([...v].length > type.length) throw bad(`the text ${JSON.stringify(v)} is longer than the ${type.length} characters the dtype holds (it would need a wider dtype)`);
      return v;
    case "fixed-bytes": {
      const bytes = typeof v === "string" ? textEncoder.encode(v) : v instanceof Uint8Array ? v : undefined;
      if (bytes === undefined) throw bad(`expected text or bytes, got ${typeof v}`);
      if (bytes.length > type.length) throw bad(`${bytes.length} bytes are more than the ${type.length} the dtype holds (it would need a wider dtype)`);
      return typeof v === "string" ? v : bytes;
    }
    case "bytes":
      if (typeof v === "string") return textEncoder.encode(v);
      if (v instanceof Uint8Array) return v;
      throw bad(`expected bytes, got ${typeof v}`);
    default:
      throw new UnsupportedWriteError(`adding rows of dtype ${type.kind} in place is not supported`, where);
  }
}

/**
 * Rows for a dataset in its stored type: one value per row, each of the shape of the dataset's
 * rows (its shape after the first axis). For a reference dataset, `values` are the stored reference
 * elements already (formatted by the caller, who resolves targets).
 */
export function storedRows(dataset: ZarrDataset, values: readonly unknown[]): NdArray {
  checkGrowable(dataset);
  const where = whereOf(dataset);
  const type = dataset.array.dtype;
  const rowShape = dataset.shape.slice(1);
  const perRow = shapeSize(rowShape);
  const flat: unknown[] = [];
  for (const v of values) {
    if (rowShape.length === 0) {
      flat.push(dataset.isReference ? v : storedElement(type, v, where));
      continue;
    }
    const f = flatten(v, where);
    if (f.shape.join("x") !== rowShape.join("x")) {
      throw new UnsupportedWriteError(`every row must have the shape [${rowShape.join(", ")}], this one has [${f.shape.join(", ")}]`, where);
    }
    for (const x of Array.from(f.values)) flat.push(storedElement(type, x, where));
  }
  if (flat.length !== values.length * perRow) throw new UnsupportedWriteError("the rows do not fill the dataset's row shape", where);
  const data = type.kind === "numeric" ? (typedArrayClass(type.name) as unknown as { from(v: unknown[]): NdArray["data"] }).from(flat) : flat;
  return { dtype: type, shape: [values.length, ...rowShape], data } as NdArray;
}

/**
 * Grow datasets of one file in place by their rows, in `hierarchy` (the file's writable
 * hierarchy): every array is resized and marked incomplete first, then each one's new rows are
 * written (only the chunks they touch) and its mark removed, and each dataset reads its grown array.
 * A failure leaves the arrays not yet written marked incomplete; the caller reports it.
 */
export async function growDatasets(hierarchy: ZarrHierarchy, grown: readonly GrownDataset[]): Promise<void> {
  const todo = grown.filter((g) => g.rows.shape[0] > 0);
  for (const g of todo) checkGrowable(g.dataset);
  const starts = todo.map((g) => g.dataset.shape[0]);
  // Marked incomplete while grown and not yet written: a stopped append never reads as fill values.
  const arrays = [];
  for (const [i, g] of todo.entries()) {
    const shape = [starts[i] + g.rows.shape[0], ...g.dataset.shape.slice(1)];
    arrays.push(await hierarchy.resizeArray(g.dataset.array.path, shape, { incomplete: true }));
  }
  for (const [i, g] of todo.entries()) {
    const selection = [{ start: starts[i], stop: starts[i] + g.rows.shape[0] }, ...g.dataset.shape.slice(1).map(() => null)];
    await writeRegion(arrays[i], selection, { ...g.rows, dtype: arrays[i].dtype });
    await hierarchy.completeNode(g.dataset.array.path);
    g.dataset.useArray(await hierarchy.openArray(g.dataset.array.path));
  }
}
