/**
 * The byte layer: a store maps string keys (`"acquisition/ts/data/.zarray"`, `"data/c/0/0"`) to bytes.
 * Keys never start with "/". Stores know nothing about Zarr.
 */
import type { GetOptions } from "./capped-read.js";

/** Entries directly below a prefix: leaf keys and child "folders". */
export interface StoreListing {
  /** Keys directly under the prefix that hold bytes (names only, no prefix). */
  keys: string[];
  /** Names of child prefixes (sub-folders), without trailing "/". */
  prefixes: string[];
}

/** A store that can be read. */
export interface ReadableStore {
  /** Human-readable location (a path or URL) used in error messages. */
  readonly description: string;
  /**
   * The bytes of `key`, or `undefined` when the key does not exist. With `options.limit`, a larger
   * value is a StoreError; stores that can tell (HTTP, zip, memory) stop before reading past it.
   */
  get(key: string, options?: GetOptions): Promise<Uint8Array | undefined>;
  /** `length` bytes of `key` from `offset` (negative offset: from the end), or `undefined` when missing. */
  getRange?(key: string, offset: number, length?: number): Promise<Uint8Array | undefined>;
  /** Whether `key` exists. */
  has?(key: string): Promise<boolean>;
  /** Size in bytes of `key` without reading it, or `undefined` when missing (for "bytes stored" facts). */
  getSize?(key: string): Promise<number | undefined>;
  /**
   * What lies directly under `prefix` ("" for the root); a missing prefix lists as empty. Absent
   * when the store cannot list (HTTP with `listing: "none"`); over HTTP it may also throw
   * StoreError when the server turns out to show no directory index.
   */
  list?(prefix: string): Promise<StoreListing>;
  /** Release handles and sockets. */
  close?(): Promise<void>;
  /**
   * How many reads a caller may usefully ask for at once (chunks of one array read): set by stores
   * that bound their own requests in flight and pay a latency per request (HttpStore), so that one
   * read keeps the link busy. Callers use their own bound when it is absent.
   */
  readonly readConcurrency?: number;
}

/** A store that can also be written. */
export interface WritableStore extends ReadableStore {
  set(key: string, value: Uint8Array): Promise<void>;
  /** Delete one key; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Delete every key under `prefix` ("" deletes everything). */
  deletePrefix(prefix: string): Promise<void>;
}

/** Whether a store can be written. */
export function isWritable(store: ReadableStore): store is WritableStore {
  return typeof (store as WritableStore).set === "function" && typeof (store as WritableStore).delete === "function";
}

/** Join key parts with "/", dropping empty parts and stray slashes. */
export function joinKey(...parts: string[]): string {
  return parts
    .flatMap((p) => p.split("/"))
    .filter((p) => p !== "" && p !== ".")
    .join("/");
}
