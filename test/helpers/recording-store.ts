/** A LocalStore that records the keys it reads and writes, to check which chunks a call touches. */
import { LocalStore } from "../../src/store/local.js";

export interface RecordingStore {
  store: LocalStore;
  /** Keys read with `get`, in order. */
  reads: string[];
  /** Keys written with `set`, in order. */
  writes: string[];
}

/** A LocalStore over `dir` recording its reads and writes. */
export function recordingStore(dir: string): RecordingStore {
  const store = new LocalStore(dir);
  const reads: string[] = [];
  const writes: string[] = [];
  const get = store.get.bind(store);
  const set = store.set.bind(store);
  store.get = (key, options) => (reads.push(key), get(key, options));
  store.set = (key, value) => (writes.push(key), set(key, value));
  return { store, reads, writes };
}

/** The chunk keys (v3 `c/<i>`, v2 `<i>` of 1-d arrays) of the array at `path` among `keys`, as chunk numbers. */
export function chunksOf(keys: readonly string[], path: string): string[] {
  const pattern = new RegExp(`^${path.replace(/^\//, "")}/(?:c/)?(\\d+)$`);
  return keys.flatMap((k) => pattern.exec(k)?.[1] ?? []);
}
