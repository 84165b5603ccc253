/**
 * Worker side of parallel block writes (Node only): receives a block of values with the array's
 * metadata and the store folder, and writes it there. The main thread sends only blocks of whole
 * chunks, and never two blocks sharing a chunk at once, so workers never write the same chunk.
 */
import { parentPort } from "node:worker_threads";
import { ChunkLocks } from "../../store/file-lock.js";
import { LocalStore } from "../../store/local.js";
import { ZarrArray } from "../../zarr/array.js";
import type { NdArray } from "../../zarr/dtype.js";
import type { Slice } from "../../zarr/indexing.js";
import type { ArrayMetadata } from "../../zarr/metadata-types.js";
import { writeRegion } from "../../format/write-region.js";

/** One block to write. */
export interface BlockWriteRequest {
  id: number;
  /** Folder of the LocalStore. */
  root: string;
  /** Folder of the chunk locks shared with other processes, when the store has them. */
  locks?: string;
  /** Array path in the store. */
  path: string;
  /** The array's metadata (attributes left out), with its shape when the block was made. */
  metadata: ArrayMetadata;
  /** Chunks encoded and stored at once by this worker. */
  concurrency: number;
  selection: Slice[];
  value: NdArray;
}

/** The answer: done, or the name and message of the error. */
export type BlockWriteResponse = { id: number; ok: true } | { id: number; ok: false; name: string; message: string };

const stores = new Map<string, LocalStore>();

function storeFor(root: string, locks: string | undefined): LocalStore {
  const key = `${root}\n${locks ?? ""}`;
  let store = stores.get(key);
  if (!store) {
    store = new LocalStore(root, locks ? { synchronizer: new ChunkLocks(locks) } : {});
    stores.set(key, store);
  }
  return store;
}

if (parentPort) {
  const port = parentPort;
  port.on("message", (msg: BlockWriteRequest) => {
    void (async () => {
      try {
        const array = new ZarrArray({ store: storeFor(msg.root, msg.locks), path: msg.path, metadata: msg.metadata, concurrency: msg.concurrency });
        await writeRegion(array, msg.selection, msg.value);
        port.postMessage({ id: msg.id, ok: true } satisfies BlockWriteResponse);
      } catch (err) {
        const e = err as Error;
        port.postMessage({ id: msg.id, ok: false, name: e?.name ?? "Error", message: e?.message ?? String(err) } satisfies BlockWriteResponse);
      }
    })();
  });
}
