/**
 * The data of a series, read by selection whether it came from a file (a LazyData: only the chunks
 * needed are read) or was given in code (nested lists, typed arrays, NdArrays: sliced in memory).
 */
import { LazyData } from "../build/lazy-data.js";
import { toNested } from "../build/nd-values.js";
import { flatten, shapeOf, typedArrayDtype, unwrapData } from "../data/index.js";
import { allocate, type DataType, type NdArray } from "../zarr/dtype.js";
import { copyRegion, normaliseEntry, wholeRegion, type Selection } from "../zarr/indexing.js";

/** What `TimeSeries.data` gives: shape, selections, the whole as nested lists. */
export interface SeriesData {
  readonly shape: number[];
  /** Values of a selection (`[slice(a, b), null]`), as an NdArray. */
  get(selection?: Selection): Promise<NdArray>;
  /** Values of a selection as nested JS lists. */
  toList(selection?: Selection): Promise<unknown>;
}

/** In-memory values with the LazyData selection API. */
export class MemoryData implements SeriesData {
  readonly value: unknown;
  constructor(value: unknown) {
    this.value = unwrapData(value).data;
  }

  get shape(): number[] {
    return shapeOf(this.value);
  }

  async get(selection: Selection = []): Promise<NdArray> {
    const where = { path: "(in-memory data)" };
    const flat = flatten(this.value, where);
    const src = (flat.typed ?? Array.from(flat.values)) as NdArray["data"];
    const dims = flat.shape.map((n, d) => normaliseEntry(selection[d], n, d, where));
    const outShape = dims.filter((s) => !s.dropped).map((s) => s.count);
    const count = dims.map((s) => s.count);
    const dtype: DataType = flat.typed ? { kind: "numeric", name: typedArrayDtype(flat.typed), endian: "little" } : { kind: "object" };
    const dst = flat.typed
      ? new (flat.typed.constructor as new (n: number) => NdArray["data"])(count.reduce((a, b) => a * b, 1))
      : allocate(dtype, count.reduce((a, b) => a * b, 1));
    copyRegion(src, flat.shape, dims, dst, count, wholeRegion(count));
    return { dtype, shape: outShape, data: dst };
  }

  async toList(selection?: Selection): Promise<unknown> {
    return toNested(await this.get(selection));
  }
}

/** The data of a field as {@link SeriesData} (undefined when the field is empty). */
export function seriesData(value: unknown): SeriesData | undefined {
  if (value === undefined || value === null) return undefined;
  return value instanceof LazyData ? value : new MemoryData(value);
}
