/**
 * Adding rows to a DynamicTable read from a file open in mode `a` or `r+` (hdmf's `add_row` on a
 * table whose columns are the file's Zarr arrays, grown with `append_data`). The row is checked and
 * planned at once, so `addRow` stays synchronous and a bad row is refused before anything changes:
 * every column's values must fit its stored dtype exactly (no widening), ragged rows are split
 * through the column's index chain, region rows must be rows of their table. The rows are then
 * queued on the ZarrIO that read the table, which grows every dataset of the row in place, writing
 * only the chunks of the new rows (format/append-values.ts, with the incomplete-write marks of every
 * write), and writes consolidated metadata again once no row is left queued: Python and mode `r`
 * readers, which trust consolidated metadata, see the rows as soon as they are written.
 *
 * The table counts queued rows at once (`length`, default ids, ragged ends); reading its rows, the
 * ZarrIO's `write()` and `close()` wait for them, and {@link rowsWritten} reports a row that failed.
 */
import { InvalidArgumentError, ReadOnlyError, UnsupportedWriteError } from "../../errors.js";
import { isContainer } from "../brands.js";
import { storedRows } from "../../format/append-values.js";
import { reportFailure } from "../../format/row-append-queue.js";
import type { DatasetOwner, RowValues, ZarrDataset } from "../../format/zarr-dataset.js";
import { GroupBuilder, DatasetBuilder } from "../../format/builders.js";
import { LazyData } from "../lazy-data.js";
import { rowError, splitRaggedRow, type AppendSite } from "./append-rows.js";
import type { Data } from "../data.js";
import type { VectorData } from "./vector-data.js";
import type { VectorIndex } from "./vector-index.js";

/** What this module needs of a table (a DynamicTable). */
export interface FileTable {
  readonly name: string;
  readonly containerPath: string;
  readonly colnames: string[];
  readonly id: Data | undefined;
  column(name: string): VectorData | undefined;
  indexesOf(name: string): VectorIndex[];
}

/** Options of {@link addRowInFile}. */
export interface FileRowOptions {
  /** The row's id (checked an integer by the caller). */
  id: number;
  /** Refuse an id the file's table already has (read from the file before anything changes). */
  enforceUniqueId?: boolean;
  /** The error site of a column. */
  site: (column: string) => AppendSite;
  /** Checks the rows of a column that needs more than its dtype (region rows in range). */
  checkColumn?: (column: VectorData, values: readonly unknown[], site: AppendSite) => void;
}

/** Lengths of datasets counting rows queued and not written yet. */
const planned = new WeakMap<ZarrDataset, number>();
/** Rows of a table queued and not settled yet, and the first failure not reported yet. */
const queued = new WeakMap<object, { pending: Set<Promise<void>>; failure?: unknown }>();

/** Whether a column's values are a file's dataset. */
function inFile(v: Data | undefined): boolean {
  return v?.data instanceof LazyData;
}

/** Whether any column of a table is read from a file (then rows go to the file). */
export function isFileTable(vectors: readonly (Data | undefined)[]): boolean {
  return vectors.some(inFile);
}

/** The number of rows of a file's column counting queued rows; undefined for other data. */
export function plannedRows(data: unknown): number | undefined {
  if (!(data instanceof LazyData)) return undefined;
  return planned.get(data.dataset) ?? data.length;
}

/**
 * Wait until every row queued for this table is in the file; the first failure since the last call
 * is thrown (an IncompleteWriteError when a stopped append left datasets marked incomplete).
 */
export async function rowsWritten(table: object): Promise<void> {
  const q = queued.get(table);
  if (!q) return;
  while (q.pending.size) await Promise.all(q.pending);
  const failure = q.failure;
  q.failure = undefined;
  if (failure !== undefined && reportFailure(failure)) throw failure;
}

/** The file's dataset of a column, refusing columns kept in memory (added since the read). */
function datasetOf(v: Data, site: AppendSite): ZarrDataset {
  if (!(v.data instanceof LazyData)) {
    throw new UnsupportedWriteError(
      `table '${site.table}', column '${v.name}': the table was read from a file but this column is not in it yet; ` +
        "write the file with the column before adding rows",
      { path: site.path },
    );
  }
  return v.data.dataset;
}

/** Check values against a dataset before queuing them (references: containers or builders). */
function checkStored(dataset: ZarrDataset, values: readonly unknown[], site: AppendSite): void {
  if (!dataset.isReference) {
    storedRows(dataset, values);
    return;
  }
  for (const v of values) {
    if (!isContainer(v) && !(v instanceof GroupBuilder) && !(v instanceof DatasetBuilder)) {
      throw rowError(site, `a reference column takes a container or a builder, got ${JSON.stringify(v) ?? String(v)}`);
    }
  }
}

/**
 * Plan one row of a file's table and queue it on the ZarrIO that read it. Throws at once (nothing
 * changed) for a read-only file, a column not in the file, or a value its column cannot hold.
 */
export function addRowInFile(table: FileTable, row: Record<string, unknown>, options: FileRowOptions): void {
  const { site } = options;
  const ids = table.id;
  if (ids === undefined) throw new UnsupportedWriteError(`table '${table.name}' has no ids in its file`, { path: table.containerPath });
  const idSet = datasetOf(ids, site("id"));
  const owner: DatasetOwner | undefined = idSet.owner;
  // The table's group in its file: the parent of its ids.
  const where = { store: idSet.array.store.description, path: idSet.path.slice(0, idSet.path.lastIndexOf("/")) || "/" };
  if (owner === undefined) throw new UnsupportedWriteError(`table '${table.name}' was not read by a ZarrIO, so nothing can write to it`, where);
  if (owner.mode === "r" || owner.mode === "r-") {
    throw new ReadOnlyError(`cannot add rows to table '${table.name}': the file is open in mode '${owner.mode}' (open it in mode 'a' or 'r+')`, where);
  }
  const rows = (data: unknown) => plannedRows(data)!;
  const columns: RowValues[] = [];
  const add = (v: Data, values: readonly unknown[], s: AppendSite) => {
    const dataset = datasetOf(v, s);
    if (dataset.owner !== owner) throw new UnsupportedWriteError(`table '${table.name}', column '${v.name}': its dataset was read by another ZarrIO`, where);
    checkStored(dataset, values, s);
    columns.push({ dataset, values });
  };
  for (const name of table.colnames) {
    const column = table.column(name);
    if (column === undefined) throw rowError(site(name), "the table has no such column object");
    const chain = table.indexesOf(name);
    for (const v of [column, ...chain]) datasetOf(v, site(name));
    const split = chain.length
      ? splitRaggedRow(chain, row[name], site(name), (v) => rows(v.data))
      : { values: [row[name]], ends: [] as number[][] };
    options.checkColumn?.(column, split.values, site(name));
    add(column, split.values, site(name));
    chain.forEach((index, level) => add(index, split.ends[level], site(index.name)));
  }
  add(ids, [options.id], site("id"));
  const check = options.enforceUniqueId ? () => checkUniqueId(idSet, options.id, site("id")) : undefined;
  // Count the rows at once, so the next row is planned after this one.
  for (const { dataset, values } of columns) planned.set(dataset, (planned.get(dataset) ?? dataset.shape[0]) + values.length);
  let q = queued.get(table);
  if (!q) queued.set(table, (q = { pending: new Set() }));
  const entry = q;
  const done: Promise<void> = owner.appendRows(columns, check)
    .catch((e: unknown) => {
      // The row is not in the file (or only marked incomplete): count the datasets as they are.
      for (const { dataset } of columns) planned.delete(dataset);
      entry.failure ??= e;
    })
    .finally(() => entry.pending.delete(done));
  entry.pending.add(done);
}

/** hdmf's `enforce_unique_id`: the id must not be in the file's ids (read when the row's turn comes). */
async function checkUniqueId(ids: ZarrDataset, id: number, site: AppendSite): Promise<void> {
  const stored = Array.from((await ids.get()).data as ArrayLike<unknown>, Number);
  if (stored.includes(id)) throw rowError(site, `id ${id} is already in the table`);
}

/** A column added in code to a file's table, refused: only columns in the file can grow there. */
export function refuseNewColumn(table: FileTable, name: string): InvalidArgumentError {
  return rowError({ table: table.name, column: name, path: table.containerPath }, "the table was read from a file without this column; rows can only give values for the columns in the file");
}
