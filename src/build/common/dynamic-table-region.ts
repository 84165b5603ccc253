/**
 * hdmf-common DynamicTableRegion: a column of row indices into another table. Read as rows, each
 * value becomes that table's row (a record), unless `resolveRegions: false` asks for the indices.
 */
import type { RegionTable, TableOfRegion } from "./region-table.js";
import { VectorData, type RowOptions, type VectorDataInit } from "./vector-data.js";

/** What DynamicTableRegion constructors accept. */
export interface DynamicTableRegionInit extends VectorDataInit {
  /** The table the indices point into (a DynamicTable). */
  table?: TableOfRegion;
}

/** Row indices into a table. */
export class DynamicTableRegion extends VectorData {
  static override typeName = "DynamicTableRegion";
  static override namespace = "hdmf-common";

  constructor(init: DynamicTableRegionInit) {
    super(init);
    // The table is referenced, not owned.
    if (init.table !== undefined) this.set("table", init.table, { adopt: false });
  }

  /** The table the indices point into. */
  get table(): TableOfRegion | undefined {
    const t = this.fields.getExact("table");
    return t !== undefined && typeof (t as RegionTable).getRows === "function" ? (t as TableOfRegion) : undefined;
  }

  /** Rows [start, stop): the table's rows the indices name (or the indices themselves). */
  override async rows(start: number, stop: number, options: RowOptions = {}): Promise<unknown[]> {
    const indices = await super.rows(start, stop, options);
    const table = this.table;
    if (options.resolveRegions === false || table === undefined) return indices;
    return resolveIndices(indices, table, options);
  }
}

/** Indices (numbers, or nested lists of them for n-D regions) → the table's records. */
async function resolveIndices(indices: unknown[], table: RegionTable, options: RowOptions): Promise<unknown[]> {
  const flat: number[] = [];
  const collect = (v: unknown) => (Array.isArray(v) ? v.forEach(collect) : flat.push(Number(v)));
  indices.forEach(collect);
  if (!flat.length) return indices;
  const records = await table.getRows(flat, options);
  const byIndex = new Map(flat.map((i, k) => [i, records[k]]));
  const map = (v: unknown): unknown => (Array.isArray(v) ? v.map(map) : byIndex.get(Number(v)));
  return indices.map(map);
}
