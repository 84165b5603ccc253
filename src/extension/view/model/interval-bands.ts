/**
 * The TimeIntervals tables of an NWB file (`/intervals/*`: trials, epochs, …) as bands over a time
 * axis: only their `start_time` and `stop_time` columns are read, and only the rows whose
 * interval overlaps the range shown are drawn.
 */
import { MetadataError, NodeNotFoundError } from "../../../errors.js";
import { childPath, type DataProvider } from "../../provider/data-provider.js";

/** Where intervals tables live in an NWB file. */
export const INTERVALS_GROUP = "/intervals";
/** Most rows read of one table (the band list of a very long table stops there, and says so). */
export const MAX_INTERVAL_ROWS = 100_000;

/** One intervals table. */
export interface IntervalTable {
  name: string;
  path: string;
}

/** Start and stop of each row read, and how many rows the table has. */
export interface IntervalBands {
  x0: Float64Array;
  x1: Float64Array;
  rows: number;
}

/** The groups under `/intervals` holding `start_time` and `stop_time` (none when the file has no such group). */
export async function intervalTables(provider: DataProvider): Promise<IntervalTable[]> {
  let page;
  try {
    page = await provider.getChildren(INTERVALS_GROUP, 0, 200);
  } catch (err) {
    // No intervals group: nothing to list.
    if (err instanceof NodeNotFoundError) return [];
    throw err;
  }
  const out: IntervalTable[] = [];
  for (const e of page.entries) {
    if (e.kind !== "group") continue;
    const cols = Array.isArray(e.attributes.colnames) ? e.attributes.colnames : [];
    if (cols.includes("start_time") && cols.includes("stop_time")) out.push({ name: e.name, path: e.path });
  }
  return out;
}

/** Read the start and stop times of `table` (the first MAX_INTERVAL_ROWS rows). */
export async function readIntervalBands(provider: DataProvider, table: IntervalTable, store = provider.location): Promise<IntervalBands> {
  const column = async (name: string) => {
    const e = await provider.getEntity(childPath(table.path, name));
    if (e.kind !== "dataset" || (e.shape?.length ?? 0) !== 1) throw new MetadataError(`column '${name}' of the intervals table is not a 1-d dataset`, { store, path: table.path });
    return e;
  };
  const [start, stop] = await Promise.all([column("start_time"), column("stop_time")]);
  const rows = Math.min(start.shape![0], stop.shape![0]);
  const n = Math.min(rows, start.readable?.[0] ?? rows, stop.readable?.[0] ?? rows, MAX_INTERVAL_ROWS);
  if (n === 0) return { x0: new Float64Array(0), x1: new Float64Array(0), rows };
  const [a, b] = await Promise.all([provider.getValues(start.path, [[0, n]]), provider.getValues(stop.path, [[0, n]])]);
  if (!a.numbers || !b.numbers) throw new MetadataError("start_time and stop_time of the intervals table are not numbers", { store, path: table.path });
  return { x0: a.numbers, x1: b.numbers, rows };
}

/** Rows whose `[start, stop)` overlaps `[min, max]`. */
export function bandsInRange(bands: { x0: ArrayLike<number>; x1: ArrayLike<number> }, min: number, max: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < bands.x0.length; i++) if (bands.x1[i] > min && bands.x0[i] < max) out.push(i);
  return out;
}
