/**
 * An in-memory store over a Map: for tests, scratch stores and building a file before saving it.
 */
import { checkValueSize, type GetOptions } from "./capped-read.js";
import { checkKey, checkPrefix } from "./keys.js";
import { sliceRange } from "./range.js";
import type { StoreListing, WritableStore } from "./types.js";

/**
 * A writable store held in a Map. Bytes are copied on the way in and on the way out, so neither
 * the writer nor a reader can change what the store holds by mutating their array.
 */
export class MemoryStore implements WritableStore {
  readonly description: string;
  private readonly map = new Map<string, Uint8Array>();

  /**
   * @param entries initial key/value pairs (copied)
   * @param description name used in error messages (default `"memory"`)
   */
  constructor(entries?: Iterable<[string, Uint8Array]>, description = "memory") {
    this.description = description;
    if (entries) for (const [k, v] of entries) this.setSync(k, v);
  }

  /** Number of keys held. */
  get size(): number {
    return this.map.size;
  }

  /** All keys, in insertion order. */
  keys(): string[] {
    return [...this.map.keys()];
  }

  async get(key: string, options: GetOptions = {}): Promise<Uint8Array | undefined> {
    checkKey(key, this.description);
    // Checked before the copy, so a value over the limit costs nothing more.
    return checkValueSize(this.map.get(key), options.limit, `'${key}'`, { store: this.description, path: key })?.slice();
  }

  async getSize(key: string): Promise<number | undefined> {
    checkKey(key, this.description);
    return this.map.get(key)?.byteLength;
  }

  async getRange(key: string, offset: number, length?: number): Promise<Uint8Array | undefined> {
    checkKey(key, this.description);
    const value = this.map.get(key);
    return value === undefined ? undefined : sliceRange(value, offset, length).slice();
  }

  async has(key: string): Promise<boolean> {
    checkKey(key, this.description);
    return this.map.has(key);
  }

  async list(prefix: string): Promise<StoreListing> {
    const segments = checkPrefix(prefix, this.description);
    const head = segments.length ? segments.join("/") + "/" : "";
    const keys: string[] = [];
    const prefixes = new Set<string>();
    for (const key of this.map.keys()) {
      if (!key.startsWith(head)) continue;
      const rest = key.slice(head.length);
      const slash = rest.indexOf("/");
      if (slash < 0) keys.push(rest);
      else prefixes.add(rest.slice(0, slash));
    }
    return { keys: keys.sort(), prefixes: [...prefixes].sort() };
  }

  async set(key: string, value: Uint8Array): Promise<void> {
    this.setSync(key, value);
  }

  async delete(key: string): Promise<void> {
    checkKey(key, this.description);
    this.map.delete(key);
  }

  async deletePrefix(prefix: string): Promise<void> {
    const segments = checkPrefix(prefix, this.description);
    if (segments.length === 0) {
      this.map.clear();
      return;
    }
    const head = segments.join("/") + "/";
    for (const key of [...this.map.keys()]) if (key.startsWith(head)) this.map.delete(key);
  }

  async close(): Promise<void> {}

  private setSync(key: string, value: Uint8Array): void {
    checkKey(key, this.description);
    // Copy so later writes to the caller's buffer cannot change stored bytes.
    this.map.set(key, new Uint8Array(value));
  }
}
