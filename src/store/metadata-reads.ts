/**
 * A view of a store whose reads are all marked as metadata (`GetOptions.metadata`): for values that
 * are documents of the file rather than its data, such as the cached specifications, so that a
 * store bounding its requests in flight (HttpStore `metadataConcurrency`) asks for all of them at
 * once. Keys can be read ahead, before the reader knows it needs them (a chunk key guessed from a
 * layout the writer always uses), so that their round trip overlaps the one of their metadata.
 */
import { checkValueSize, type ByteLimit, type GetOptions } from "./capped-read.js";
import type { ReadableStore } from "./types.js";

/** A store view of metadata reads, with read-ahead. */
export interface MetadataReads extends ReadableStore {
  /**
   * Ask for `key` now (under `limit`); the first `get` of it takes the answer, checked against its
   * own limit, and the view forgets it. A failed read-ahead is met by that `get`, not before.
   */
  readAhead(key: string, limit: ByteLimit): void;
}

/** `store`, with every `get` asked as a metadata read. Range reads and listings pass through. */
export function metadataReads(store: ReadableStore): MetadataReads {
  const ahead = new Map<string, Promise<Uint8Array | undefined>>();
  return {
    description: store.description,
    get: (key: string, options?: GetOptions) => {
      const early = ahead.get(key);
      if (!early) return store.get(key, { ...options, metadata: true });
      ahead.delete(key);
      return early.then((bytes) => checkValueSize(bytes, options?.limit, `'${key}'`, { store: store.description, path: key }));
    },
    readAhead: (key: string, limit: ByteLimit) => {
      if (ahead.has(key)) return;
      const early = store.get(key, { limit, metadata: true });
      early.catch(() => undefined);
      ahead.set(key, early);
    },
    ...(store.getRange ? { getRange: store.getRange.bind(store) } : {}),
    ...(store.list ? { list: store.list.bind(store) } : {}),
  };
}
