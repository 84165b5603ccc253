/**
 * A read-only view of a store that fetched some keys up front, in parallel, and serves them from
 * memory. Opening a store must cost one round trip: the v3 root `zarr.json` and the v2
 * `.zmetadata` are asked for at once instead of one after the other.
 */
import type { ReadableStore, StoreListing } from "../../store/browser.js";
import { checkValueSize, type ByteLimit, type GetOptions } from "../../store/capped-read.js";
import { metadataLimit } from "../../zarr/limits.js";

export class PreloadedStore implements ReadableStore {
  /** The wrapped store (named by `storeType` in facts). */
  readonly innerStore: ReadableStore;
  private readonly cache: Map<string, Uint8Array | undefined>;

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
    if (this.cache.has(key)) return checkValueSize(this.cache.get(key), options?.limit, `'${key}'`, { store: this.description, path: key });
    return this.innerStore.get(key, options);
  }

  async has(key: string): Promise<boolean> {
    if (this.cache.has(key)) return this.cache.get(key) !== undefined;
    if (this.innerStore.has) return this.innerStore.has(key);
    return (await this.innerStore.get(key)) !== undefined;
  }

  getRange? = (key: string, offset: number, length?: number): Promise<Uint8Array | undefined> =>
    this.innerStore.getRange!(key, offset, length);

  getSize? = (key: string): Promise<number | undefined> => this.innerStore.getSize!(key);

  list? = (prefix: string): Promise<StoreListing> => this.innerStore.list!(prefix);

  async close(): Promise<void> {
    await this.innerStore.close?.();
  }
}
