/**
 * What a viewer needs to plot a TimeSeries without reading its file: the first samples of its
 * first few channels and how their times are known (a rate and a start, or the timestamps of those
 * samples). Read by slice: never more than `samples × channels` values of the data.
 */
import { readRows } from "../../build/common/read-rows.js";
import type { Container } from "../../build/container.js";
import type { LazyData } from "../../build/lazy-data.js";
import { isNdArray, isTypedArray, shapeOf, unwrapData } from "../../data/index.js";
import type { ZarrDataset } from "../../format/zarr-dataset.js";
import { ZarrArray } from "../../zarr/array.js";
import { slice } from "../../zarr/indexing.js";
import { storedData } from "./container-items.js";
import { toJsonValue } from "./json-value.js";
import type { JsonValue, SeriesPreview } from "./types.js";

/** Limits of a series preview. */
export interface SeriesPreviewOptions {
  /** Samples (first dimension) read. Default 500. */
  samples?: number;
  /** Channels (second dimension) read. Default 4. */
  channels?: number;
}

type Stored = LazyData | ZarrDataset | ZarrArray;

/** Shape of a field value: a Zarr array's own, else the shape src/data gives any data. */
function valueShape(value: unknown): number[] {
  const data = unwrapData(value).data;
  return data instanceof ZarrArray ? data.shape : shapeOf(data);
}

function pathOf(s: Stored): string {
  return s.path.startsWith("/") ? s.path : `/${s.path}`;
}

const NUMERIC_DTYPE = /^(u?int(8|16|32|64)|float(16|32|64)|bool)$/;

function isNumeric(value: unknown): boolean {
  const s = storedData(value);
  if (s instanceof ZarrArray) return s.dtype.kind === "numeric" || s.dtype.kind === "bool";
  if (s) return typeof s.dtype === "string" && NUMERIC_DTYPE.test(s.dtype);
  let cur: unknown = unwrapData(value).data;
  if (isNdArray(cur)) cur = cur.data;
  if (isTypedArray(cur)) return true;
  while (Array.isArray(cur) && cur.length) cur = cur[0];
  return typeof cur === "number";
}

/** Rows [0, n) of the first `k` columns of a 1-d or 2-d value, as one list per column. */
async function firstColumns(value: unknown, n: number, k: number): Promise<JsonValue[][]> {
  const s = storedData(value);
  const shape = valueShape(value);
  const rows = s
    ? await readNd(s, shape.length === 1 ? [slice(0, n)] : [slice(0, n), slice(0, k)])
    : await readRows(unwrapData(value).data, 0, n);
  if (shape.length === 1) return [rows.map((v) => toJsonValue(v))];
  return Array.from({ length: Math.min(k, shape[1]) }, (_, c) => rows.map((r) => toJsonValue(Array.isArray(r) ? r[c] : null)));
}

/** A stored selection as rows (one value per row of a 1-d selection, a list per row of a 2-d one). */
async function readNd(s: Stored, selection: ReturnType<typeof slice>[]): Promise<unknown[]> {
  const nd = await s.get(selection);
  const flat = Array.from(nd.data as ArrayLike<unknown>, (v) => (typeof v === "bigint" ? Number(v) : v));
  if (nd.shape.length <= 1) return flat;
  const width = nd.shape[1];
  return Array.from({ length: nd.shape[0] }, (_, i) => flat.slice(i * width, (i + 1) * width));
}

/**
 * The plot preview of a container that is a TimeSeries (numeric 1-d or 2-d `data`, with a rate
 * or timestamps); undefined for anything else, or when its data cannot be read.
 */
export async function seriesPreview(c: Container, options: SeriesPreviewOptions = {}): Promise<SeriesPreview | undefined> {
  if (!c.fields.has("data")) return undefined;
  const data = c.fields.get("data");
  const shape = valueShape(data);
  if (shape.length < 1 || shape.length > 2 || !isNumeric(data)) return undefined;
  const rate = c.fields.get("starting_time__rate");
  const timestamps = c.fields.has("timestamps") ? c.fields.get("timestamps") : undefined;
  if (typeof rate !== "number" && (timestamps === undefined || valueShape(timestamps).length !== 1)) return undefined;
  const n = Math.min(shape[0], options.samples ?? 500);
  const k = Math.min(shape[1] ?? 1, options.channels ?? 4);
  try {
    const channels = await firstColumns(data, n, k);
    let time: SeriesPreview["time"];
    if (typeof rate === "number") {
      const start = c.fields.get("starting_time");
      time = { kind: "rate", rate, start: typeof start === "number" ? start : 0 };
    } else {
      time = { kind: "timestamps", values: (await firstColumns(timestamps, n, 1))[0] };
    }
    const unit = c.fields.get("data__unit");
    const s = storedData(data);
    return { data: s ? pathOf(s) : null, shape, unit: typeof unit === "string" ? unit : null, samples: n, channels, time };
  } catch {
    // Not readable (pickled, unknown codec, …): the data field still shows its error in the fields.
    return undefined;
  }
}
