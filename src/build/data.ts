/**
 * Data: the object of a typed dataset (hdmf's Data) — a container whose value is an array. Read
 * from a file, `data` is a {@link LazyData} (nothing loaded); built in code it is anything a dataset
 * builder takes (arrays, typed arrays, NdArrays, scalars, a ZarrDataIO).
 */
import { DataIOBase } from "../format/data-io.js";
import { isNdArray, isTypedArray } from "../format/values.js";
import { Container, type ContainerInit } from "./container.js";
import { LazyData } from "./lazy-data.js";

/** What Data constructors accept. */
export interface DataInit extends ContainerInit {
  data?: unknown;
}

/** The shape of in-memory data (nested lists, typed arrays, NdArrays; `[]` for a scalar). */
export function shapeOfData(data: unknown): number[] {
  if (data instanceof LazyData) return data.shape;
  if (isNdArray(data)) return [...data.shape];
  if (isTypedArray(data)) return [data.length];
  if (data instanceof DataIOBase) return shapeOfData(data.data);
  const shape: number[] = [];
  for (let cur: unknown = data; Array.isArray(cur); cur = cur[0]) {
    shape.push(cur.length);
    if (cur.length === 0) break;
  }
  return shape;
}

/** The object of a typed dataset. */
export class Data extends Container {
  static override typeName = "Data";
  static override storage: "group" | "dataset" = "dataset";
  /** The values: a LazyData when read from a file. */
  data: unknown;

  constructor(init: DataInit) {
    super(init);
    this.data = init.data;
  }

  /** Shape of the values (metadata only for data read from a file). */
  get shape(): number[] {
    return shapeOfData(this.data);
  }

  /** Length of the first dimension (1 for a scalar). */
  get length(): number {
    const s = this.shape;
    return s.length === 0 ? 1 : s[0];
  }
}
