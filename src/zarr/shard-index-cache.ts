/**
 * The checked shard indexes one array's reader has read (shard-read.ts), so that windows over the
 * same shards fetch only their inner chunks, not the index again. Bounded by entries and by bytes
 * (an index takes 16 bytes per inner chunk), least recently used first out.
 *
 * Writes through the same `ZarrArray` drop the entry of each shard they write (`forget`). Changes
 * by another writer (another array object, another process) are seen once the entry is dropped:
 * evicted, or the array opened again; or at once when the old index no longer fits the rewritten
 * shard (a decode error or a short read makes ShardReader read the index again, once). Until then,
 * a rewrite whose old byte ranges still decode (uncompressed inner chunks of unchanged sizes, say)
 * reads whatever those ranges hold now.
 * zarr-python 3 (3.4) keeps no such cache: it reads a shard's index before every partial read.
 *
 * Bytes are counted as the index takes on disk (16 per inner chunk); the JavaScript arrays that
 * hold it take a few times that.
 */
import type { ShardIndex } from "./codecs/index.js";

/** The most indexes kept per array. */
export const SHARD_INDEX_CACHE_ENTRIES = 4096;
/** The most index bytes (16 per inner chunk) kept per array. */
export const SHARD_INDEX_CACHE_BYTES = 4 << 20;

/** Bytes an index takes in memory, counted as on disk: 16 per inner chunk. */
function indexBytes(index: ShardIndex): number {
  return 16 * index.length;
}

/** An LRU of checked shard indexes by store key, bounded by count and bytes. */
export class ShardIndexCache {
  // A Map iterates in insertion order: the first key is the least recently used.
  private readonly entries = new Map<string, ShardIndex>();
  private bytes = 0;
  /** Bumped by every `forget`, so that a read begun before a write does not store the old index. */
  private generation = 0;

  constructor(
    readonly maxEntries: number = SHARD_INDEX_CACHE_ENTRIES,
    readonly maxBytes: number = SHARD_INDEX_CACHE_BYTES,
  ) {}

  /** Indexes held now. */
  get size(): number {
    return this.entries.size;
  }

  /** Index bytes held now. */
  get heldBytes(): number {
    return this.bytes;
  }

  /** A token to pass to `set`: the cache's state before a read of an index starts. */
  get epoch(): number {
    return this.generation;
  }

  /** The cached index of the shard at `key` (now the most recently used), or `undefined`. */
  get(key: string): ShardIndex | undefined {
    const index = this.entries.get(key);
    if (index !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, index);
    }
    return index;
  }

  /**
   * Keep `index` for `key`, unless a shard was written since `epoch` was taken (the index read may
   * be older than the write) or the index alone exceeds the byte cap.
   */
  set(key: string, index: ShardIndex, epoch: number): void {
    if (epoch !== this.generation) return;
    const size = indexBytes(index);
    if (size > this.maxBytes) return;
    this.forgetEntry(key);
    this.entries.set(key, index);
    this.bytes += size;
    for (const [oldest, old] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= indexBytes(old);
    }
  }

  /** Drop the index of the shard at `key`: it is being written. */
  forget(key: string): void {
    this.generation++;
    this.forgetEntry(key);
  }

  private forgetEntry(key: string): void {
    const old = this.entries.get(key);
    if (old === undefined) return;
    this.entries.delete(key);
    this.bytes -= indexBytes(old);
  }
}
