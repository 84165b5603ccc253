import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { ChunkDecodeError, InvalidArgumentError } from "../../../src/errors.js";
import { MemoryStore } from "../../../src/store/memory.js";
import { BytesCodecChain } from "../../../src/zarr/codecs/index.js";
import {
  BrowserDecodePool, defaultBrowserPoolSize, sharedBrowserDecodePool, useBrowserDecodeWorkers,
  type WebWorkerLike, type WorkerEventLike,
} from "../../../src/zarr/browser-decode-pool.js";
import { DECODE_INTO_MIN_BYTES } from "../../../src/zarr/array.js";
import { handleDecodeRequest, type DecodeIntoRequest, type DecodeRequest } from "../../../src/zarr/decode-protocol.js";
import { defaultDecoder } from "../../../src/zarr/default-decoder.js";
import { ZarrHierarchy } from "../../../src/zarr/hierarchy.js";
import { parseV3Node } from "../../../src/zarr/metadata-v3.js";
import type { ArrayMetadata } from "../../../src/zarr/metadata-types.js";

/**
 * A Web Worker run on this thread: what the pool posts goes, on a later turn, to the same request
 * handler browser-decode-worker.ts runs, and the answers come back as message events.
 */
class InProcessWorker implements WebWorkerLike {
  private readonly listeners = new Map<string, ((event: WorkerEventLike) => void)[]>();
  terminated = false;
  postMessage(message: unknown): void {
    setImmediate(() => handleDecodeRequest(message as DecodeRequest | DecodeIntoRequest, (data) => this.emit("message", { data })));
  }
  terminate(): void {
    this.terminated = true;
  }
  addEventListener(type: string, listener: (event: WorkerEventLike) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, event: WorkerEventLike): void {
    for (const l of this.listeners.get(type) ?? []) l(event);
  }
}

// 16 MiB of float32: the smallest read that decodes in workers (DECODE_INTO_MIN_BYTES).
const SHAPE = [4096, 1024];
const CHUNKS = [1024, 1024];

const meta = parseV3Node({
  zarr_format: 3, node_type: "array", shape: SHAPE, data_type: "float32",
  chunk_grid: { name: "regular", configuration: { chunk_shape: CHUNKS } },
  chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
  fill_value: 0, codecs: [{ name: "bytes", configuration: { endian: "little" } }, { name: "zstd", configuration: { level: 1, checksum: false } }],
}, {}) as ArrayMetadata;

const values = Float32Array.from({ length: SHAPE[0] * SHAPE[1] }, (_, i) => (i % 1000) / 8);

async function stored() {
  const store = new MemoryStore();
  const h = await ZarrHierarchy.create(store, 3, {});
  const arr = await h.createArray("data", meta);
  await arr.set(null, { dtype: meta.dtype, shape: SHAPE, data: values });
  return store;
}

describe("BrowserDecodePool", () => {
  const workers: InProcessWorker[] = [];
  const pool = new BrowserDecodePool({ size: 2, worker: () => { const w = new InProcessWorker(); workers.push(w); return w; } });
  after(() => pool.close());

  it("decodes a large read in its workers into a shared output, a small one's chunks sent back", async () => {
    const arr = await (await ZarrHierarchy.open(await stored(), { decodePool: pool })).openArray("data");
    assert.equal(SHAPE[0] * SHAPE[1] * 4, DECODE_INTO_MIN_BYTES);
    // 16 rows: a small read; a pool passed as decodePool decompresses its one chunk and sends it back.
    const small = await arr.get([{ start: 0, stop: 16 }, null]);
    assert.deepEqual(Array.from(small.data as Float32Array).slice(0, 3), [0, 0.125, 0.25]);
    assert.deepEqual([pool.stats.chunksInto, pool.stats.chunksBack], [0, 1]);
    // The whole array: its 4 chunks decoded in the workers into a SharedArrayBuffer.
    const whole = await arr.get();
    assert.ok((whole.data as Float32Array).buffer instanceof SharedArrayBuffer);
    assert.deepEqual(whole.data, new Float32Array(values));
    assert.equal(pool.stats.chunksInto, 4);
    assert.equal(pool.stats.workersStarted, 2);
  });

  it("brings a worker's decoding error back typed, naming the store, the array and the chunk", async () => {
    const store = await stored();
    await store.set("data/c/1/0", new Uint8Array([40, 181, 47, 253, 0, 1, 2, 3]));
    const arr = await (await ZarrHierarchy.open(store, { decodePool: pool })).openArray("data");
    const err = await arr.get().then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof ChunkDecodeError, String(err));
    assert.equal(err.path, "/data");
    assert.equal(err.store, store.description);
    assert.match(err.message, /chunk 'data\/c\/1\/0': codec 'zstd' could not decode/);
  });

  it("sends decompressed chunks back (decodeBytes), as a page that is not isolated uses it", async () => {
    const codecs = [{ name: "zstd", configuration: { level: 1, checksum: false } }];
    const raw = new Uint8Array(4096).map((_, i) => i % 7);
    const packed = await BytesCodecChain.create(codecs).encode(raw);
    const before = pool.stats.chunksBack;
    assert.deepEqual(await pool.decodeBytes(codecs, packed), raw);
    assert.equal(pool.stats.chunksBack, before + 1);
  });

  it("fails the chunks of a worker that cannot load, and starts a new one for the next request", async () => {
    let started = 0;
    const broken = new BrowserDecodePool({
      size: 1,
      worker: () => {
        const w = new InProcessWorker();
        if (++started === 1) w.postMessage = () => setImmediate(() => w.emit("error", { message: "404 browser-decode-worker.js" }));
        return w;
      },
    });
    const codecs = [{ name: "zstd", configuration: { level: 1, checksum: false } }];
    const packed = await BytesCodecChain.create(codecs).encode(new Uint8Array(100));
    await assert.rejects(broken.decodeBytes(codecs, packed.slice()), (e: unknown) => e instanceof ChunkDecodeError && /decode worker failed: 404 browser-decode-worker\.js/.test(e.message));
    assert.deepEqual(await broken.decodeBytes(codecs, packed.slice()), new Uint8Array(100));
    assert.equal(broken.stats.workersStarted, 2);
    broken.close();
    await assert.rejects(broken.decodeBytes(codecs, packed.slice()), InvalidArgumentError);
  });

  it("sizes itself from the browser's cores, capped, and refuses a bad size or worker", () => {
    assert.equal(defaultBrowserPoolSize(16), 8);
    assert.equal(defaultBrowserPoolSize(4), 4);
    assert.equal(defaultBrowserPoolSize(undefined), 2);
    assert.throws(() => new BrowserDecodePool({ size: 0, worker: "w.js" }), InvalidArgumentError);
    assert.throws(() => new BrowserDecodePool({ worker: 42 as unknown as string }), /must be a function that starts a Worker, or the URL/);
  });
});

describe("the default browser pool", () => {
  const g = globalThis as { crossOriginIsolated?: boolean };
  after(() => {
    useBrowserDecodeWorkers(undefined);
    delete g.crossOriginIsolated;
  });

  it("is there only once workers are set and the page is cross-origin isolated", async () => {
    assert.equal(sharedBrowserDecodePool(), undefined);
    useBrowserDecodeWorkers(() => new InProcessWorker(), { size: 3 });
    assert.equal(sharedBrowserDecodePool(), undefined, "not isolated: no SharedArrayBuffer output");
    g.crossOriginIsolated = true;
    const pool = sharedBrowserDecodePool();
    assert.equal(pool?.size, 3);
    assert.equal(pool?.stats.workersStarted, 0);
    // In Node the default decoder stays Node's own pool.
    assert.notEqual(await defaultDecoder(), pool);
    useBrowserDecodeWorkers(undefined);
    assert.equal(sharedBrowserDecodePool(), undefined);
  });
});
