/**
 * The values a store answered most recently, up to a byte budget: the store browser's views (plot,
 * heatmap, table, Inspect) read the same chunks of the array on show, and each chunk should cross
 * the network once. Least recently used values leave first.
 */

/** What {@link RecentValues.get} answers for a key it does not hold. */
export const NOT_HELD = Symbol("not held");

export class RecentValues {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  private readonly values = new Map<string, Uint8Array | undefined>();
  private bytes = 0;

  /**
   * @param maxBytes most bytes held; a value larger than a quarter of it is not kept
   * @param maxEntries most keys held (missing keys, which hold no bytes, count here)
   */
  constructor(
    readonly maxBytes: number,
    readonly maxEntries = 100_000,
  ) {}

  /** The value of `key` (`undefined` for a key the store did not have), or NOT_HELD. */
  get(key: string): Uint8Array | undefined | typeof NOT_HELD {
    if (!this.values.has(key)) return NOT_HELD;
    const value = this.values.get(key);
    this.values.delete(key);
    this.values.set(key, value);
    return value;
  }

  /** Keep `value` as the most recent, dropping the least recent ones over the budget. */
  set(key: string, value: Uint8Array | undefined): void {
    const size = value?.byteLength ?? 0;
    if (size > this.maxBytes / 4) return;
    this.drop(key);
    this.values.set(key, value);
    this.bytes += size;
    for (const [oldest, old] of this.values) {
      if (this.bytes <= this.maxBytes && this.values.size <= this.maxEntries) break;
      this.values.delete(oldest);
      this.bytes -= old?.byteLength ?? 0;
    }
  }

  /** Bytes held now. */
  get size(): number {
    return this.bytes;
  }

  private drop(key: string): void {
    if (!this.values.has(key)) return;
    this.bytes -= this.values.get(key)?.byteLength ?? 0;
    this.values.delete(key);
  }
}
