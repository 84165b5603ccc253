/**
 * hdmf-common VectorData: one column of a DynamicTable (its values, first dimension = rows), with a
 * description. `rows()` reads a row range; VectorIndex and DynamicTableRegion refine what a row is.
 */
import { Data, type DataInit } from "../data.js";
import { readRows } from "./read-rows.js";

/** How table rows are read. */
export interface RowOptions {
  /** Resolve DynamicTableRegion values to the rows of their table (default true); else keep the indices. */
  resolveRegions?: boolean;
}

/** What VectorData constructors accept. */
export interface VectorDataInit extends DataInit {
  description?: string;
}

/** A table column. */
export class VectorData extends Data {
  static override typeName = "VectorData";
  static override namespace = "hdmf-common";

  constructor(init: VectorDataInit) {
    super(init);
    if (init.description !== undefined) this.set("description", init.description);
  }

  /** What the column holds. */
  get description(): string | undefined {
    return this.fields.getExact("description") as string | undefined;
  }

  /** Rows [start, stop) (reads only those rows of a file's dataset). */
  async rows(start: number, stop: number, _options: RowOptions = {}): Promise<unknown[]> {
    return readRows(this.data, start, Math.min(stop, this.length));
  }
}
