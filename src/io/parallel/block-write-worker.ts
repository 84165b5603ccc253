/**
 * Worker side of parallel block writes (Node only): receives a block of values with the array's
 * metadata and the store folder, and writes it there; or, for an export's copy, the stored chunks
 * of a source array that a block covers, which it decodes here before writing the block. The main
 * thread sends only blocks of whole chunks, and never two blocks sharing a chunk at once, so
 * workers never write the same chunk.
 */
import { parentPort } from "node:worker_threads";
import { ChunkLocks } from "../../store/file-lock.js";
import { LocalStore } from "../../store/local.js";
import { MemoryStore } from "../../store/memory.js";
import { HdmfZarrError } from "../../errors.js";
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

/** The stored chunks of a source array that one block of a copy covers. */
export interface CopySource {
  /** The source store's description (named by errors). */
  description: string;
  /** Array path in the source store. */
  path: string;
  /** The source array's metadata (attributes left out). */
  metadata: ArrayMetadata;
  /** The source array's cap on decoded variable-size chunks, if set. */
  maxChunkBytes?: number;
  /** Store keys and stored bytes of the source chunks the block covers (missing ones left out). */
  chunks: [string, Uint8Array][];
}

/** One block of a copy: decode `source` over `selection`, then write it as a {@link BlockWriteRequest} would. */
export interface BlockCopyRequest extends Omit<BlockWriteRequest, "value"> {
  source: CopySource;
}

/**
 * The answer: done, or the error's class name, message and location (an error of this package
 * names the store and the array; its message names the chunk).
 */
export type BlockWriteResponse =
  | { id: number; ok: true }
  | { id: number; ok: false; name: string; message: string; store?: string; path?: string };

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

/** The block's values, decoded from the source chunks sent (under the source's caps, named as the source). */
function decodeSource(msg: BlockCopyRequest): Promise<NdArray> {
  const { description, path, metadata, maxChunkBytes, chunks } = msg.source;
  const source = new ZarrArray({ store: new MemoryStore(chunks, description), path, metadata, maxChunkBytes, concurrency: msg.concurrency });
  return source.get(msg.selection);
}

if (parentPort) {
  const port = parentPort;
  port.on("message", (msg: BlockWriteRequest | BlockCopyRequest) => {
    void (async () => {
      try {
        const array = new ZarrArray({ store: storeFor(msg.root, msg.locks), path: msg.path, metadata: msg.metadata, concurrency: msg.concurrency });
        await writeRegion(array, msg.selection, "source" in msg ? await decodeSource(msg) : msg.value);
        port.postMessage({ id: msg.id, ok: true } satisfies BlockWriteResponse);
      } catch (err) {
        const e = err as Error;
        const where = err instanceof HdmfZarrError ? { store: err.store, path: err.path } : {};
        port.postMessage({ id: msg.id, ok: false, name: e?.name ?? "Error", message: e?.message ?? String(err), ...where } satisfies BlockWriteResponse);
      }
    })();
  });
}
