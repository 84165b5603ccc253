/**
 * Data: the object of a typed dataset (hdmf's Data) — a container whose value is an array. Read
 * from a file, `data` is a LazyData (nothing loaded); built in code it is anything a dataset
 * builder takes (arrays, typed arrays, NdArrays, scalars, a ZarrDataIO).
 */
import { shapeOf } from "../data/index.js";
import { Container, type ContainerInit } from "./container.js";

/** What Data constructors accept. */
export interface DataInit extends ContainerInit {
  data?: unknown;
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
    return shapeOf(this.data);
  }

  /** Length of the first dimension (1 for a scalar). */
  get length(): number {
    const s = this.shape;
    return s.length === 0 ? 1 : s[0];
  }
}
