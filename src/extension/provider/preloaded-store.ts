/**
 * A read-only view of a store that fetched some keys up front, in parallel, and serves them from
 * memory. Opening a store must cost one round trip: the v3 root `zarr.json` and the v2
 * `.zmetadata` are asked for at once instead of one after the other. Later values are kept for a
 * while (64 MiB, least recently used first out), and a key asked for again while its first read is
 * on the way waits for that read: the views of one array share its chunks instead of each
 * fetching them; byte ranges are kept the same way.
 */
import type { ReadableStore, StoreListing } from "../../store/browser.js";
import { checkValueSize, type ByteLimit, type GetOptions } from "../../store/capped-read.js";
import { metadataLimit } from "../../zarr/limits.js";
import { NOT_HELD, RecentValues } from "./recent-values.js";

/** Most bytes of values read after opening that the view keeps. */
export const RECENT_VALUE_BYTES = 64 << 20;

export class PreloadedStore implements ReadableStore {
  /** The wrapped store (named by `storeType` in facts). */
  readonly innerStore: ReadableStore;
  private readonly cache: Map<string, Uint8Array | undefined>;
  private readonly recent = new RecentValues(RECENT_VALUE_BYTES);
  private readonly reading = new Map<string, Promise<Uint8Array | undefined>>();

  private constructor(inner: ReadableStore, cache: Map<string, Uint8Array | undefined>) {
    this.innerStore = inner;
    this.cache = cache;
    // Only offer what the inner store offers: callers test for these methods.
    if (!inner.list) this.list = undefined;
    if (!inner.getRange) this.getRange = undefined;
    if (!inner.getSize) this.getSize = undefined;
  }

  /**
   * Fetch the metadata documents `keys` in parallel, each under `limit` (default: the metadata
   * limit); a key that fails to load (one over the limit too) is left to a later `get`.
   */
  static async open(inner: ReadableStore, keys: readonly string[], limit: ByteLimit = metadataLimit({})): Promise<PreloadedStore> {
    const cache = new Map<string, Uint8Array | undefined>();
    const results = await Promise.allSettled(keys.map((k) => inner.get(k, { limit })));
    results.forEach((r, i) => {
      if (r.status === "fulfilled") cache.set(keys[i], r.value);
    });
    return new PreloadedStore(inner, cache);
  }

  get description(): string {
    return this.innerStore.description;
  }

  async get(key: string, options?: GetOptions): Promise<Uint8Array | undefined> {
    // A preloaded value still answers to the caller's limit.
    const check = (value: Uint8Array | undefined) => checkValueSize(value, options?.limit, `'${key}'`, { store: this.description, path: key });
    if (this.cache.has(key)) return check(this.cache.get(key));
    const recent = this.recent.get(key);
    if (recent !== NOT_HELD) return check(recent);
    const pending = this.reading.get(key);
    // The first read may have failed under its caller's tighter limit: read again under ours.
    if (pending) return check(await pending.catch(() => this.innerStore.get(key, options)));
    const read = this.innerStore.get(key, options).then((value) => {
      this.recent.set(key, value);
      return value;
    });
    this.reading.set(key, read);
    try {
      return await read;
    } finally {
      this.reading.delete(key);
    }
  }

  async has(key: string): Promise<boolean> {
    if (this.cache.has(key)) return this.cache.get(key) !== undefined;
    if (this.innerStore.has) return this.innerStore.has(key);
    return (await this.innerStore.get(key)) !== undefined;
  }

  /**
   * A byte range: cut from the whole value when it is held or on its way (a chunk another view reads
   * whole), else read once and kept like a value, so views reading the same slice of an uncompressed
   * chunk share it.
   */
  getRange? = async (key: string, offset: number, length?: number): Promise<Uint8Array | undefined> => {
    const pending = this.reading.get(key);
    const whole = pending ? await pending.catch((): typeof NOT_HELD => NOT_HELD) : this.cache.has(key) ? this.cache.get(key) : this.recent.get(key);
    if (whole === undefined) return undefined;
    if (whole !== NOT_HELD) {
      const start = offset < 0 ? Math.max(0, whole.byteLength + offset) : Math.min(offset, whole.byteLength);
      return whole.subarray(start, length === undefined ? undefined : Math.min(whole.byteLength, start + length));
    }
    const rangeKey = `${key}\u0000${offset}:${length ?? ""}`;
    const held = this.recent.get(rangeKey);
    if (held !== NOT_HELD) return held;
    const value = await this.innerStore.getRange!(key, offset, length);
    this.recent.set(rangeKey, value);
    return value;
  };

  getSize? = (key: string): Promise<number | undefined> => this.innerStore.getSize!(key);

  list? = (prefix: string): Promise<StoreListing> => this.innerStore.list!(prefix);

  async close(): Promise<void> {
    await this.innerStore.close?.();
  }
}
