/**
 * hdmf-common DynamicTable: columns (VectorData) named by `colnames`, one `id` per row, ragged
 * columns through VectorIndex (an index of an index for doubly ragged ones), and regions into other
 * tables through DynamicTableRegion. Rows are read lazily: `getRow`, `getRows` and `toRecords` read
 * only the rows asked for, with ragged values split per row and regions resolved to the rows of
 * their tables.
 */
import { InvalidArgumentError } from "../../errors.js";
import { Container, type ContainerInit } from "../container.js";
import { appendValues, checkValues, rowError, splitRaggedRow, type AppendSite } from "./append-rows.js";
import { addRowInFile, isFileTable, plannedRows, refuseNewColumn, rowsWritten } from "./append-rows-in-file.js";
import { ContainerMap } from "../container-map.js";
import { DynamicTableRegion } from "./dynamic-table-region.js";
import { ElementIdentifiers } from "./element-identifiers.js";
import type { PredefinedColumn } from "./predefined-columns.js";
import { flattenOnce, indexArray } from "./ragged.js";
import { readRows } from "./read-rows.js";
import type { RegionTable } from "./region-table.js";
import { VectorData, type RowOptions } from "./vector-data.js";
import { VectorIndex } from "./vector-index.js";

/** What DynamicTable constructors accept. */
export interface DynamicTableInit extends ContainerInit {
  description?: string;
  /** Row ids (default 0, 1, … once the first column is added). */
  id?: ElementIdentifiers | number[];
}

/** Options of {@link DynamicTable.addColumn}. */
export interface AddColumnOptions {
  name: string;
  description: string;
  /** One value per row; with `index`, one list per row (lists of lists for `index: 2`). */
  data?: unknown;
  /** Ragged values: true (or 1) for one level of lists per row, 2 for lists of lists. */
  index?: boolean | number;
  /** Make a region column: `data` holds row indices into this table. */
  table?: DynamicTable;
  /** Use this column object as it is (its name must be `name`). */
  column?: VectorData;
  /** Make a region column whose table is set later (hdmf's `table=True`). */
  region?: boolean;
}

/** Options of {@link DynamicTable.addRow}. */
export interface AddRowOptions {
  /** The row's id (default: the number of rows so far). */
  id?: number;
  /** Refuse an id the table already has (default false, as in hdmf). */
  enforceUniqueId?: boolean;
}

/** One row: `id` plus a value per column. */
export type TableRecord = Record<string, unknown>;

/** A table of columns. */
// Regions point into DynamicTables: types `DynamicTableRegion.table` (see region-table.ts).
declare module "./region-table.js" {
  interface RegionTableClass {
    table: DynamicTable;
  }
}

export class DynamicTable extends Container implements RegionTable {
  static override typeName = "DynamicTable";
  static override namespace = "hdmf-common";
  /** Columns the type defines ahead (hdmf's `__columns__`): added when a row first gives a value. */
  static predefinedColumns: readonly PredefinedColumn[] = [];

  constructor(init: DynamicTableInit) {
    super(init);
    if (init.description !== undefined) this.set("description", init.description);
    if (!this.fields.hasExact("colnames") && !init.fromFile) this.fields.set("colnames", []);
    if (init.id !== undefined) this.set("id", init.id instanceof ElementIdentifiers ? init.id : new ElementIdentifiers({ name: "id", data: init.id }));
    if (init.fromFile) return;
    // As in hdmf, the required predefined columns exist (empty) from the start, in their order.
    for (const c of this.predefined) if (c.required && !this.colnames.includes(c.name) && this.length === 0) this.addPredefinedColumn(c);
  }

  /** The predefined columns of this table's class. */
  get predefined(): readonly PredefinedColumn[] {
    return (this.constructor as typeof DynamicTable).predefinedColumns;
  }

  /** Add a predefined column, empty (its class from the type map when it names one). */
  protected addPredefinedColumn(c: PredefinedColumn): VectorData {
    let column: VectorData | undefined;
    if (c.columnType !== undefined) {
      const map = (this.constructor as { typeMap?: { getClass?(ns: string, t: string): unknown } }).typeMap;
      const Cls = map?.getClass?.(c.columnType.namespace, c.columnType.typeName) as (new (init: { name: string; description: string; data: unknown[] }) => VectorData) | undefined;
      if (Cls === undefined) throw new InvalidArgumentError(`column '${c.name}' needs the type ${c.columnType.namespace}/${c.columnType.typeName}, which is not loaded`, { path: this.containerPath });
      column = new Cls({ name: c.name, description: c.description, data: [] });
    }
    return this.addColumn({ name: c.name, description: c.description, data: [], index: c.index, column, ...(c.table ? { region: true } : {}) });
  }

  /** What the table holds. */
  get description(): string | undefined {
    return this.fields.getExact("description") as string | undefined;
  }

  /** The column names, in order. */
  get colnames(): string[] {
    const v = this.fields.getExact("colnames");
    if (v === undefined || v === null) return [];
    if (typeof v === "string") return [v];
    return Array.from(v as ArrayLike<unknown>, String);
  }

  /** The row ids. */
  get id(): ElementIdentifiers | undefined {
    const v = this.fields.getExact("id");
    return v instanceof ElementIdentifiers ? v : undefined;
  }

  /** Number of rows (metadata only). */
  get length(): number {
    const id = this.id;
    // A table read from a file counts the rows queued for it (append-rows-in-file.ts).
    if (id !== undefined) return plannedRows(id.data) ?? id.length;
    const first = this.colnames[0];
    return first === undefined ? 0 : this.columnEntry(first)?.length ?? 0;
  }

  /** Every column object (data columns and indexes), by name. */
  private vectors(): Map<string, VectorData> {
    const out = new Map<string, VectorData>();
    for (const c of this.children) if (c instanceof VectorData) out.set(c.name, c);
    return out;
  }

  /** The data column of that name (for a ragged column, the values, not the index). */
  column(name: string): VectorData | undefined {
    return this.vectors().get(name);
  }

  /** The indexes of a column, outermost first ([] for a plain column). */
  indexesOf(name: string): VectorIndex[] {
    const all = [...this.vectors().values()];
    const chain: VectorIndex[] = [];
    let target: VectorData | undefined = this.column(name);
    while (target !== undefined) {
      const t = target;
      const index = all.find((v): v is VectorIndex => v instanceof VectorIndex && v.target === t);
      if (index === undefined) break;
      chain.unshift(index);
      target = index;
    }
    return chain;
  }

  /** What a row of a column is read from: its outermost index, else the column itself. */
  columnEntry(name: string): VectorData | undefined {
    return this.indexesOf(name)[0] ?? this.column(name);
  }

  /** The data columns in `colnames` order. */
  get columns(): VectorData[] {
    return this.colnames.map((n) => this.column(n)).filter((c): c is VectorData => c !== undefined);
  }

  /** The field key columns go under: the spec's unnamed VectorData member, or the named member of that name. */
  private columnKey(name: string): string {
    const slots = this.slots ?? [];
    const named = slots.find((s) => s.kind === "child" && s.name === name);
    if (named) return named.key;
    const many = slots.find((s) => s.kind === "child" && s.name === undefined && s.dataType === "VectorData");
    return many?.key ?? "vector_datas";
  }

  private place(v: VectorData): void {
    const key = this.columnKey(v.name);
    const slot = this.slots?.find((s) => s.key === key);
    if (slot?.kind === "child" && !slot.many) {
      this.set(key, v);
      return;
    }
    let map = this.fields.getExact(key);
    if (!(map instanceof ContainerMap)) this.fields.set(key, (map = new ContainerMap()));
    (map as ContainerMap).add(v);
    if (v.parent === undefined) v.parent = this;
  }

  /**
   * Add a column (with its indexes for ragged values, or as a region into another table). The first
   * column sets the number of rows and, when no ids were given, the ids 0…n−1.
   */
  addColumn(options: AddColumnOptions): VectorData {
    const { name, description } = options;
    if (this.colnames.includes(name)) throw new InvalidArgumentError(`column '${name}' already exists`, { path: this.containerPath });
    const levels = options.index === true ? 1 : options.index === false || options.index === undefined ? 0 : options.index;
    let values: unknown = options.data ?? [];
    const ends: number[][] = [];
    for (let level = 0; level < levels; level++) {
      const split = flattenOnce(values as unknown[]);
      ends.push(split.ends);
      values = split.values;
    }
    const column = options.column
      ?? (options.table !== undefined || options.region
        ? new DynamicTableRegion({ name, description, data: values, table: options.table })
        : new VectorData({ name, description, data: values }));
    if (column.name !== name) throw new InvalidArgumentError(`the column object is named '${column.name}', not '${name}'`, { path: this.containerPath });
    this.place(column);
    // ends[0] splits the rows of the table; deeper levels split the level below.
    let target: VectorData = column;
    let indexName = name;
    for (let level = levels - 1; level >= 0; level--) {
      indexName += "_index";
      const index = new VectorIndex({ name: indexName, description: `Index for VectorData '${target.name}'`, data: indexArray(ends[level]), target });
      this.place(index);
      target = index;
    }
    const rows = target.length;
    if (this.id === undefined) {
      this.set("id", new ElementIdentifiers({ name: "id", data: Array.from({ length: rows }, (_, i) => i) }));
    } else if (this.colnames.length && rows !== this.length) {
      throw new InvalidArgumentError(`column '${name}' has ${rows} rows, the table ${this.length}`, { path: this.containerPath });
    }
    this.fields.set("colnames", [...this.colnames, name]);
    return column;
  }

  /**
   * Append one row (hdmf `add_row`): a value for every column (a list per row for ragged columns, a
   * list of lists for doubly ragged ones, row indices for region columns). A value for a predefined
   * column not added yet adds it. The id defaults to the number of rows so far. Every value is
   * checked before anything changes; errors name the table and the column.
   *
   * On a table read from a file open in mode `a` or `r+`, the row goes to the file: checked at once
   * against the stored dtypes (never widened), then written in place by the ZarrIO that read the
   * table, only the new rows' chunks, with consolidated metadata written again once no row is left
   * queued (so Python sees the rows without `io.write`). Reading rows, `io.write()` and `io.close()`
   * wait for it; `await table.rowsWritten()` does too and reports a row that failed. Mode `r`
   * refuses with a ReadOnlyError.
   */
  addRow(values: Record<string, unknown>, options: AddRowOptions = {}): this {
    const row: Record<string, unknown> = { ...values };
    let id = options.id ?? row.id;
    delete row.id;
    const site = (column: string): AppendSite => ({ table: this.name, column, path: this.containerPath });
    const names = new Set(this.colnames);
    const extra = Object.keys(row).filter((k) => !names.has(k));
    const toAdd = this.predefined.filter((c) => extra.includes(c.name) && row[c.name] !== undefined && row[c.name] !== null);
    const unknown = extra.filter((k) => !this.predefined.some((c) => c.name === k));
    if (unknown.length) {
      throw new InvalidArgumentError(`table '${this.name}': row data keys don't match the columns: ${unknown.length} extra key(s) ${unknown.map((k) => `'${k}'`).join(", ")} (columns: ${this.colnames.join(", ") || "none"})`, { path: this.containerPath });
    }
    for (const n of this.colnames) if (row[n] === undefined || row[n] === null) throw rowError(site(n), "missing from the row");
    const ids = this.id;
    const rowId = id === undefined || id === null ? this.length : Number(id);
    if (!Number.isInteger(rowId)) throw rowError(site("id"), `an id must be an integer, got ${JSON.stringify(id)}`);
    if (isFileTable([...this.columns, ...this.colnames.flatMap((n) => this.indexesOf(n)), ids])) {
      if (toAdd.length) throw refuseNewColumn(this, toAdd[0].name);
      addRowInFile(this, row, {
        id: rowId, enforceUniqueId: options.enforceUniqueId, site,
        checkColumn: (column, rows, s) => column instanceof DynamicTableRegion && checkRegionRows(column, rows, s),
      });
      return this;
    }
    if (options.enforceUniqueId && ids !== undefined && Array.from(ids.data as ArrayLike<unknown>, Number).includes(rowId)) {
      throw rowError(site("id"), `id ${rowId} is already in the table`);
    }
    for (const c of toAdd) this.addPredefinedColumn(c);
    // Plan every column first, so a bad value leaves the table as it was (bar new empty columns).
    const plans = this.colnames.map((name) => {
      const chain = this.indexesOf(name);
      const column = this.column(name)!;
      const split = chain.length ? splitRaggedRow(chain, row[name], site(name)) : { values: [row[name]], ends: [] };
      checkValues(column, split.values, site(name));
      if (column instanceof DynamicTableRegion) checkRegionRows(column, split.values, site(name));
      return { column, chain, split };
    });
    for (const { column, chain, split } of plans) {
      appendValues(column, split.values, site(column.name));
      chain.forEach((index, level) => appendValues(index, split.ends[level], site(index.name)));
    }
    if (ids === undefined) this.set("id", new ElementIdentifiers({ name: "id", data: [rowId] }));
    else appendValues(ids, [rowId], site("id"));
    return this;
  }

  /** Wait until the rows added to this table in its file are written; throws the first that failed. */
  async rowsWritten(): Promise<void> {
    await rowsWritten(this);
  }

  /** The values of one column for rows [start, stop) (ragged rows as lists, regions as records). */
  async readColumn(name: string, start = 0, stop = this.length, options: RowOptions = {}): Promise<unknown[]> {
    await rowsWritten(this);
    const entry = this.columnEntry(name);
    if (entry === undefined) throw new InvalidArgumentError(`no column '${name}' (columns: ${this.colnames.join(", ")})`, { path: this.containerPath });
    return entry.rows(start, stop, options);
  }

  /** Rows [start, stop) as records `{id, <column>: value, …}`; reads only those rows. */
  async toRecords(start = 0, stop = this.length, options: RowOptions = {}): Promise<TableRecord[]> {
    await rowsWritten(this);
    const end = Math.min(stop, this.length);
    if (end <= start) return [];
    const names = this.colnames;
    const [ids, ...columns] = await Promise.all([
      this.id ? readRows(this.id.data, start, end) : Promise.resolve(Array.from({ length: end - start }, (_, i) => start + i)),
      ...names.map((n) => this.readColumn(n, start, end, options)),
    ]);
    return ids.map((id, r) => {
      const rec: TableRecord = { id };
      names.forEach((n, j) => (rec[n] = columns[j][r]));
      return rec;
    });
  }

  /** Row `i` (negative counts from the end). */
  async getRow(i: number, options: RowOptions = {}): Promise<TableRecord> {
    const n = this.length;
    const row = i < 0 ? n + i : i;
    if (!Number.isInteger(row) || row < 0 || row >= n) throw new InvalidArgumentError(`row ${i} is out of range (the table has ${n} rows)`, { path: this.containerPath });
    return (await this.toRecords(row, row + 1, options))[0];
  }

  /**
   * Several rows: a list of row numbers (read as one range from the smallest to the largest), or
   * a `{start, stop}` range.
   */
  async getRows(rows: readonly number[] | { start?: number; stop?: number }, options: RowOptions = {}): Promise<TableRecord[]> {
    if (!Array.isArray(rows)) {
      const r = rows as { start?: number; stop?: number };
      return this.toRecords(r.start ?? 0, r.stop ?? this.length, options);
    }
    const list = rows as readonly number[];
    if (!list.length) return [];
    const n = this.length;
    for (const i of list) {
      if (!Number.isInteger(i) || i < 0 || i >= n) throw new InvalidArgumentError(`row ${i} is out of range (the table has ${n} rows)`, { path: this.containerPath });
    }
    const lo = Math.min(...list);
    const records = await this.toRecords(lo, Math.max(...list) + 1, options);
    return list.map((i) => records[i - lo]);
  }
}

/** Region values must be row numbers of the table they point into (when it is known). */
function checkRegionRows(column: DynamicTableRegion, rows: readonly unknown[], site: AppendSite): void {
  const n = column.table?.length;
  for (const r of rows) {
    const i = Number(r);
    if (!Number.isInteger(i) || i < 0) throw rowError(site, `a region value must be a row number (an integer >= 0), got ${JSON.stringify(r)}`);
    if (n !== undefined && i >= n) throw rowError(site, `row ${i} is out of range of table '${column.table!.name}' (${n} rows)`);
  }
}
