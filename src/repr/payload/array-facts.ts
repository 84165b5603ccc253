/**
 * The facts of a Zarr array that zarr-python's `info` lists (and hdmf-zarr's
 * `generate_dataset_html` shows), from metadata plus a listing of the array's keys.
 */
import { isWritable } from "../../store/types.js";
import type { ZarrArray } from "../../zarr/array.js";
import { dtypeName, itemSize } from "../../zarr/dtype.js";
import { displayValue } from "../../zarr/dtype-display.js";
import { summarizeCodecs } from "./codec-summary.js";
import { toJsonValue } from "./json-value.js";
import type { ArrayFacts, JsonValue } from "./types.js";
import { storageStats, type StorageStatsOptions } from "./storage-stats.js";

/** Options of {@link arrayFacts}. */
export interface ArrayFactsOptions extends StorageStatsOptions {
  /** List the store for the chunk count and bytes stored (default true); false leaves them null. */
  storage?: boolean;
}

/** The metadata's own spelling of the type when it differs from ours (v2 `<f8`, `|O`). */
function storedDataType(array: ZarrArray): string | null {
  const v2 = array.metadata.v2?.dtype;
  if (typeof v2 === "string") return v2;
  if (v2 !== undefined && v2 !== null) return JSON.stringify(v2);
  return null;
}

function fillValue(array: ZarrArray): JsonValue {
  // Complex and datetime fills show as their values do (`1+2j`, `NaT`).
  const f = displayValue(array.dtype, array.metadata.fillValue);
  return toJsonValue(f, { maxItems: 16, maxString: 200 });
}

/** The class name of a store (`LocalStore`, `HttpStore`), or null for a plain object. */
export function storeType(store: object): string | null {
  // A read-only view (files opened in mode "r") names the store it wraps.
  const inner = (store as { innerStore?: object }).innerStore;
  if (inner) return `${storeType(inner) ?? "store"} (read-only)`;
  const name = (store as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name !== "Object" ? name : null;
}

/** An array's facts; the storage rows come from listing its keys (no chunk is read). */
export async function arrayFacts(array: ZarrArray, options: ArrayFactsOptions = {}): Promise<ArrayFacts> {
  const meta = array.metadata;
  const codecs = summarizeCodecs(meta);
  const item = itemSize(array.dtype);
  const stats = options.storage === false ? { bytesStored: null, chunksInitialized: null } : await storageStats(array, options);
  return {
    zarrFormat: meta.zarrFormat,
    dataType: dtypeName(array.dtype),
    storedDataType: storedDataType(array),
    fillValue: fillValue(array),
    shape: array.shape.slice(),
    chunkShape: codecs.innerChunkShape ?? array.chunkShape.slice(),
    shardShape: codecs.innerChunkShape ? array.chunkShape.slice() : null,
    order: meta.order,
    readOnly: !isWritable(array.store),
    filters: codecs.filters,
    serializer: codecs.serializer,
    compressors: codecs.compressors,
    chunkCount: array.chunkCount,
    nbytes: item === undefined ? null : array.size * item,
    nbytesStored: stats.bytesStored,
    chunksInitialized: stats.chunksInitialized,
  };
}
