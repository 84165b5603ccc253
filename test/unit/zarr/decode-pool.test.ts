import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it, after } from "node:test";
import { ChunkDecodeError } from "../../../src/errors.js";
import { MemoryStore } from "../../../src/store/memory.js";
import { BytesCodecChain } from "../../../src/zarr/codecs/index.js";
import { DecodePool } from "../../../src/zarr/decode-pool.js";
import { ZarrHierarchy } from "../../../src/zarr/hierarchy.js";
import { parseV2Array } from "../../../src/zarr/metadata-v2.js";
import { parseV3Node } from "../../../src/zarr/metadata-v3.js";
import type { ArrayMetadata } from "../../../src/zarr/metadata-types.js";

/** A float32 signal that compresses but is not trivial: a random walk from a fixed LCG. */
function signal(n: number): Float32Array {
  const out = new Float32Array(n);
  let s = 12345;
  let v = 0;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    v += ((s >>> 8) / 2 ** 24 - 0.5) * 4;
    out[i] = Math.round(v * 8) / 8;
  }
  return out;
}

const SHAPE = [300, 40];
const CHUNKS = [64, 16];

const v3Zstd = parseV3Node({
  zarr_format: 3, node_type: "array", shape: SHAPE, data_type: "float32",
  chunk_grid: { name: "regular", configuration: { chunk_shape: CHUNKS } },
  chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
  fill_value: 0, codecs: [{ name: "bytes", configuration: { endian: "little" } }, { name: "zstd", configuration: { level: 3, checksum: false } }],
}, {}) as ArrayMetadata;

const v2Blosc = parseV2Array({
  zarr_format: 2, shape: SHAPE, chunks: CHUNKS, dtype: "<f4", fill_value: 0, order: "C", filters: null,
  compressor: { id: "blosc", cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 },
}, {}, {});

async function written(format: 2 | 3, meta: ArrayMetadata, pool?: DecodePool) {
  const store = new MemoryStore();
  const h = await ZarrHierarchy.create(store, format, {}, { decodePool: pool });
  const arr = await h.createArray("ephys/data", meta);
  await arr.set(null, { dtype: meta.dtype, shape: SHAPE, data: signal(SHAPE[0] * SHAPE[1]) });
  return { store, h, arr };
}

describe("DecodePool", () => {
  const pool = new DecodePool({ size: 2 });
  after(() => pool.close());

  for (const [label, format, meta] of [["v3 zstd", 3, v3Zstd], ["v2 blosc lz4", 2, v2Blosc]] as const) {
    it(`decodes ${label} chunks to the same values as the main thread`, async () => {
      const { store } = await written(format, meta);
      const plain = await (await ZarrHierarchy.open(store)).openArray("ephys/data");
      const pooled = await (await ZarrHierarchy.open(store, { decodePool: pool })).openArray("ephys/data");
      const expected = signal(SHAPE[0] * SHAPE[1]);
      const whole = await pooled.get();
      assert.deepEqual(whole.shape, SHAPE);
      assert.deepEqual(Array.from(whole.data as Float32Array), Array.from(expected));
      assert.deepEqual(whole, await plain.get());
      // A window across chunk boundaries in both dimensions.
      const sel = [{ start: 50, stop: 200 }, { start: 5, stop: 37 }];
      const a = await pooled.get(sel);
      assert.deepEqual(a.shape, [150, 32]);
      assert.equal((a.data as Float32Array)[0], expected[50 * 40 + 5]);
      assert.deepEqual(a, await plain.get(sel));
    });
  }

  it("matches BytesCodecChain on raw chunk bytes, including views into a larger buffer", async () => {
    const { store } = await written(3, v3Zstd);
    const raw = (await store.get("ephys/data/c/1/2"))!;
    const codecs = [{ name: "zstd", configuration: { level: 3, checksum: false } }];
    const expected = await BytesCodecChain.create(codecs).decode(raw.slice());
    assert.equal(expected.length, CHUNKS[0] * CHUNKS[1] * 4);
    // A view: the pool must copy it, leaving the caller's buffer in place.
    const big = new Uint8Array(raw.length + 10);
    big.set(raw, 7);
    const view = big.subarray(7, 7 + raw.length);
    assert.deepEqual(await pool.decodeBytes(codecs, view), expected);
    assert.equal(big.buffer.byteLength, raw.length + 10);
    // A whole buffer is moved to the worker (detached here), not copied.
    const owned = raw.slice();
    assert.deepEqual(await pool.decodeBytes(codecs, owned), expected);
    assert.equal(owned.byteLength, 0);
  });

  it("many chunks in flight over both workers, results matched to their requests", async () => {
    const codecs = [{ name: "zstd", configuration: { level: 1, checksum: false } }];
    const chain = BytesCodecChain.create(codecs);
    const inputs = await Promise.all(Array.from({ length: 40 }, (_, k) => chain.encode(new Uint8Array(1000 + k).fill(k))));
    const outs = await Promise.all(inputs.map((b) => pool.decodeBytes(codecs, b)));
    outs.forEach((o, k) => {
      assert.equal(o.length, 1000 + k);
      assert.ok(o.every((x) => x === k));
    });
  });

  it("a corrupt chunk is a ChunkDecodeError naming the chunk key", async () => {
    const { store } = await written(3, v3Zstd);
    const bad = (await store.get("ephys/data/c/0/1"))!;
    bad.fill(0x55, 4, 40);
    await store.set("ephys/data/c/0/1", bad);
    const arr = await (await ZarrHierarchy.open(store, { decodePool: pool })).openArray("ephys/data");
    await assert.rejects(arr.get([{ start: 0, stop: 10 }, { start: 16, stop: 20 }]), (e: unknown) => {
      assert.ok(e instanceof ChunkDecodeError, String(e));
      assert.match((e as Error).message, /c\/0\/1/);
      return true;
    });
    // The pool still works afterwards.
    assert.equal((await arr.get([{ start: 0, stop: 10 }, { start: 0, stop: 4 }])).data.length, 40);
  });

  it("close() rejects further work", async () => {
    const p = new DecodePool({ size: 1 });
    await p.decodeBytes([{ name: "zstd", configuration: { level: 0, checksum: false } }],
      await BytesCodecChain.create([{ name: "zstd", configuration: { level: 0, checksum: false } }]).encode(new Uint8Array(8)));
    await p.close();
    await assert.rejects(p.decodeBytes([], new Uint8Array(1)));
  });

  it("an idle pool that was never closed does not keep the process alive", () => {
    const script = [
      'const { DecodePool } = require("./src/zarr/decode-pool.ts");',
      'const { BytesCodecChain } = require("./src/zarr/codecs/index.ts");',
      "const c = [{ name: 'zstd', configuration: { level: 0, checksum: false } }];",
      "(async () => { const p = new DecodePool({ size: 1 });",
      "  const out = await p.decodeBytes(c, await BytesCodecChain.create(c).encode(new Uint8Array(5).fill(3)));",
      "  console.log('decoded', out.join(',')); })();",
    ].join("\n");
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: process.cwd(), encoding: "utf8", timeout: 20000 });
    assert.equal(r.signal, null, "the process had to be killed");
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /decoded 3,3,3,3,3/);
  });
});
