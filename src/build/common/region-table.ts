/**
 * What a DynamicTableRegion uses of the table its indices point into. DynamicTable implements it;
 * naming the interface instead of the class keeps dynamic-table-region.ts from importing
 * dynamic-table.ts, which creates regions.
 */
import type { Container } from "../container.js";
import type { RowOptions } from "./vector-data.js";

/** A table a region points into: a container with rows that can be read by number. */
export interface RegionTable extends Container {
  /** The number of rows. */
  readonly length: number;
  /** The rows of those numbers, as records of column values. */
  getRows(rows: readonly number[], options?: RowOptions): Promise<Record<string, unknown>[]>;
}

/**
 * The class of the tables regions point into, filled in by `dynamic-table.ts` through declaration
 * merging (`interface RegionTableClass { table: DynamicTable }`), so `DynamicTableRegion.table` is
 * typed as a DynamicTable without this module importing it (which would be an import loop).
 */
export interface RegionTableClass {}

/** `DynamicTable` once `dynamic-table.ts` is part of the program (always, through the entry). */
export type TableOfRegion = RegionTableClass extends { table: infer T extends RegionTable } ? T : RegionTable;
