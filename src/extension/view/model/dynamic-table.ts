/**
 * A DynamicTable read through a provider, a page of rows at a time: `colnames` order, ragged
 * columns (a `<name>_index` VectorIndex, possibly doubly ragged) cut by their index ends, and
 * region columns (DynamicTableRegion) shown as row indices with their target table.
 */
import { PickleNotAllowedError } from "../../../errors.js";
import type { JsonValue } from "../../../repr/payload/types.js";
import { QUERY_ROW_CAP, filterRows, rowRuns, sortRows, type FilterCondition, type SortState } from "./table-query.js";
import { childPath, type DataProvider, type Entity, type Target } from "../../provider/data-provider.js";

/** How a column is stored. */
export interface TableColumnModel {
  name: string;
  /** Path of the column's values. */
  dataPath: string;
  /** VectorIndex paths, outermost first (empty for a plain column). */
  indexPaths: string[];
  /** Target table of a DynamicTableRegion column. */
  region: Target | null;
  /** One value per row (1-d, not ragged, not a region): the columns a table sorts and filters by. */
  scalar?: boolean;
}

/** A table's columns and row count. */
export interface TableModel {
  path: string;
  rowCount: number;
  /** Rows the provider can give (fewer than `rowCount` when a payload holds only the first ones). */
  readableRows: number;
  columns: TableColumnModel[];
}

/** Whether an entity is a DynamicTable (it lists `colnames`). */
export function isDynamicTable(e: Entity): boolean {
  return e.kind === "group" && Array.isArray(e.attributes.colnames);
}

async function tryEntity(provider: DataProvider, path: string): Promise<Entity | undefined> {
  try {
    return await provider.getEntity(path);
  } catch {
    return undefined;
  }
}

/** The columns of the table at `path` (metadata only). */
export async function loadTable(provider: DataProvider, table: Entity): Promise<TableModel> {
  const names = (table.attributes.colnames as JsonValue[]).filter((n): n is string => typeof n === "string");
  const id = await tryEntity(provider, childPath(table.path, "id"));
  const columns: TableColumnModel[] = [];
  if (id) columns.push({ name: "id", dataPath: id.path, indexPaths: [], region: null, scalar: id.shape?.length === 1 });
  for (const name of names) {
    const data = await tryEntity(provider, childPath(table.path, name));
    if (!data) continue;
    const indexPaths: string[] = [];
    // `<name>_index` indexes the data; `<name>_index_index` indexes that index (doubly ragged).
    for (let idx = `${name}_index`; ; idx += "_index") {
      const e = await tryEntity(provider, childPath(table.path, idx));
      if (!e) break;
      indexPaths.unshift(e.path);
    }
    const region = data.type?.name === "DynamicTableRegion" ? data.references.find((r) => r.name === "table")?.target ?? null : null;
    // References and compound rows do not order or compare as values.
    const scalar = !indexPaths.length && !region && data.shape?.length === 1 && !/reference|\{/.test(data.dtype ?? "");
    columns.push({ name, dataPath: data.path, indexPaths, region, scalar });
  }
  const rowSource = columns[0] ? (columns[0].indexPaths[0] ?? columns[0].dataPath) : undefined;
  const rows = rowSource ? await provider.getEntity(rowSource) : undefined;
  const rowCount = rows?.shape?.[0] ?? 0;
  // Every column must be readable for a row to show; a payload's columns all hold the same first rows.
  const readableRows = Math.min(rowCount, rows?.readable?.[0] ?? rowCount);
  return { path: table.path, rowCount, readableRows, columns };
}

/** Index ends of rows `[start, stop)` and where the first row starts, from one read of the index. */
async function ends(provider: DataProvider, indexPath: string, start: number, stop: number): Promise<{ first: number; ends: number[] }> {
  const from = Math.max(0, start - 1);
  const block = await provider.getValues(indexPath, [[from, stop]]);
  const v = Array.from(block.numbers ?? block.values.map(Number));
  return start === 0 ? { first: 0, ends: v } : { first: v[0], ends: v.slice(1) };
}

/** Rows `[start, stop)` of a column, each cell a value or a list (ragged). Reads only those rows. */
async function columnCells(provider: DataProvider, col: TableColumnModel, start: number, stop: number, level = 0): Promise<JsonValue[]> {
  if (stop <= start) return [];
  if (level === col.indexPaths.length) {
    const block = await provider.getValues(col.dataPath, [[start, stop]]);
    const rowSize = block.shape.slice(1).reduce((a, b) => a * b, 1);
    if (rowSize === 1 && block.shape.length === 1) return block.values;
    return Array.from({ length: stop - start }, (_, i) => block.values.slice(i * rowSize, (i + 1) * rowSize));
  }
  const { first, ends: e } = await ends(provider, col.indexPaths[level], start, stop);
  const last = e.length ? e[e.length - 1] : first;
  const inner = await columnCells(provider, col, first, last, level + 1);
  let prev = first;
  return e.map((end) => {
    const cell = inner.slice(prev - first, end - first);
    prev = end;
    return cell;
  });
}

/** What a cell of a column that cannot be read shows: the fix first, since cells are cut short. */
function cellError(err: Error): string {
  if (err instanceof PickleNotAllowedError) return "⚠ pickled values: turn on “Read legacy pickled columns” (allowPickle) in the settings";
  return `⚠ ${err.message}`;
}

/** Rows `[start, stop)` of the table: one array of cells per row, in column order. */
export async function readTableRows(provider: DataProvider, model: TableModel, start: number, stop: number): Promise<JsonValue[][]> {
  const s = Math.max(0, start), e = Math.min(model.rowCount, stop);
  const cols = await Promise.all(model.columns.map((c) => columnCells(provider, c, s, e).catch((err: Error) => new Array(e - s).fill(cellError(err)))));
  return Array.from({ length: Math.max(0, e - s) }, (_, r) => cols.map((c) => c[r] ?? null));
}

/** All readable rows of a scalar column (one 1-d read), for sorting and filtering. */
export async function readColumn(provider: DataProvider, model: TableModel, name: string): Promise<JsonValue[]> {
  const col = model.columns.find((c) => c.name === name && c.scalar);
  if (!col) throw new Error(`no scalar column “${name}”`);
  return (await provider.getValues(col.dataPath, [[0, model.readableRows]])).values;
}

/** The rows listed (in that order; e.g. a page of a sorted or filtered table), reading each contiguous run once. */
export async function readTableRowsAt(provider: DataProvider, model: TableModel, rows: readonly number[]): Promise<JsonValue[][]> {
  const byRow = new Map<number, JsonValue[]>();
  await Promise.all(rowRuns(rows).map(async ([start, stop]) => {
    (await readTableRows(provider, model, start, stop)).forEach((r, i) => byRow.set(start + i, r));
  }));
  return rows.map((r) => byRow.get(r) ?? model.columns.map(() => null));
}

/** Columns already read whole for sorting or filtering, by name (kept while the table is shown). */
export type ColumnCache = Map<string, Promise<JsonValue[]>>;

/**
 * The rows of a sorted and/or filtered table, in display order, reading only the sort column and
 * the filtered columns (each once, cached); null when neither applies (rows in stored order).
 * Refused beyond `QUERY_ROW_CAP` rows, since each such column is read whole.
 */
export async function queryRows(provider: DataProvider, model: TableModel, sort: SortState, filters: readonly FilterCondition[], cache: ColumnCache): Promise<number[] | null> {
  if (!sort && !filters.length) return null;
  if (model.readableRows > QUERY_ROW_CAP) throw new Error(`sorting and filtering read whole columns, so they stop at ${QUERY_ROW_CAP.toLocaleString("en-US")} rows (this table has ${model.readableRows.toLocaleString("en-US")})`);
  const column = (name: string): Promise<JsonValue[]> => {
    let c = cache.get(name);
    if (!c) {
      cache.set(name, (c = readColumn(provider, model, name)));
      c.catch(() => cache.delete(name)); // a failed read is retried next time
    }
    return c;
  };
  const names = [...new Set(filters.map((f) => f.column))];
  const values = new Map(await Promise.all(names.map(async (n) => [n, await column(n)] as const)));
  const rows = filters.length ? filterRows(model.readableRows, filters, values) : Array.from({ length: model.readableRows }, (_, i) => i);
  return sort ? sortRows(rows, await column(sort.column), sort.direction) : rows;
}
