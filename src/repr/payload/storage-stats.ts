/**
 * What an array takes in its store, from the store's key listing and key sizes; no chunk is read.
 * Stores that cannot list give no counts; stores that cannot tell a key's size give no byte total.
 */
import { StoreError } from "../../errors.js";
import type { ReadableStore } from "../../store/types.js";
import type { ZarrArray } from "../../zarr/array.js";
import { parseChunkKey } from "../../zarr/chunk-key.js";
import { mapConcurrent } from "../../zarr/concurrency.js";

/** The size in bytes of a store key, or undefined when it does not exist. */
export type SizeOf = (key: string) => Promise<number | undefined>;

/** Options of {@link storageStats}. */
export interface StorageStatsOptions {
  /**
   * How to learn a key's size. Default: the store's own `getSize(key)` or `size(key)` method when
   * it has one (HttpStore asks the server with HEAD), else sizes are unknown.
   */
  sizeOf?: SizeOf;
  /** Most keys sized one by one (each may be a request); above it the byte total is unknown. Default 1000. */
  maxSizedKeys?: number;
  /** Most keys listed; above it nothing is counted. Default 100000. */
  maxListedKeys?: number;
  /** Listing and size requests in flight at once. Default 8. */
  concurrency?: number;
}

/** The storage an array takes. */
export interface StorageStats {
  /** Bytes of every key under the array (metadata included), null when unknown. */
  bytesStored: number | null;
  /** Stored chunks (shards when sharded) inside the grid, null when the store cannot list. */
  chunksInitialized: number | null;
}

/** The store's own size method, if it has one (MemoryStore's `size` is a key count, not a method). */
export function storeSizeOf(store: ReadableStore): SizeOf | undefined {
  const s = store as { getSize?: unknown; size?: unknown };
  if (typeof s.getSize === "function") return (key) => (s.getSize as SizeOf).call(store, key);
  if (typeof s.size === "function") return (key) => (s.size as SizeOf).call(store, key);
  return undefined;
}

class TooManyKeys extends Error {}

/** Every key under `prefix`, relative to it, walking child prefixes. */
async function listAll(store: ReadableStore, prefix: string, limit: number, concurrency: number): Promise<string[]> {
  const keys: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const listing = await store.list!(rel === "" ? prefix : prefix === "" ? rel : `${prefix}/${rel}`);
    for (const k of listing.keys) keys.push(rel === "" ? k : `${rel}/${k}`);
    if (keys.length > limit) throw new TooManyKeys();
    await mapConcurrent(listing.prefixes, concurrency, (p) => walk(rel === "" ? p : `${rel}/${p}`));
  };
  await walk("");
  return keys;
}

/** The bytes and chunks an array has in its store, from listing and key sizes only. */
export async function storageStats(array: ZarrArray, options: StorageStatsOptions = {}): Promise<StorageStats> {
  const store = array.store;
  const unknown: StorageStats = { bytesStored: null, chunksInitialized: null };
  if (typeof store.list !== "function") return unknown;
  const concurrency = options.concurrency ?? 8;
  let keys: string[];
  try {
    keys = await listAll(store, array.path, options.maxListedKeys ?? 100_000, concurrency);
  } catch (e) {
    // An HTTP server without a directory index, or a folder too big to count: say "unknown".
    if (e instanceof StoreError || e instanceof TooManyKeys) return unknown;
    throw e;
  }
  const grid = array.chunkGrid;
  const enc = array.metadata.chunkKeyEncoding;
  const chunksInitialized = grid.some((n) => n === 0)
    ? 0
    : keys.filter((k) => parseChunkKey(k, enc, array.ndim)?.every((c, d) => c < grid[d]) ?? false).length;

  const sizeOf = options.sizeOf ?? storeSizeOf(store);
  let bytesStored: number | null = null;
  if (sizeOf && keys.length <= (options.maxSizedKeys ?? 1000)) {
    try {
      const full = (k: string) => (array.path === "" ? k : `${array.path}/${k}`);
      const sizes = await mapConcurrent(keys, concurrency, (k) => sizeOf(full(k)));
      bytesStored = sizes.every((s) => typeof s === "number") ? (sizes as number[]).reduce((a, b) => a + b, 0) : null;
    } catch (e) {
      if (!(e instanceof StoreError)) throw e;
    }
  }
  return { bytesStored, chunksInitialized };
}
