import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { ChunkDecodeError, InvalidArgumentError } from "../../../src/errors.js";
import { MemoryStore } from "../../../src/store/memory.js";
import { DECODE_INTO_MIN_BYTES } from "../../../src/zarr/array.js";
import { ZarrHierarchy } from "../../../src/zarr/hierarchy.js";
import { parseV2Array } from "../../../src/zarr/metadata-v2.js";
import { parseV3Node } from "../../../src/zarr/metadata-v3.js";
import type { ArrayMetadata } from "../../../src/zarr/metadata-types.js";
import { defaultPoolSize } from "../../../src/zarr/shared-decode-pool.js";

// Large reads decode in the process's default pool (shared-decode-pool.ts) straight into a
// SharedArrayBuffer; these arrays are just big enough (16 MiB) to take that path.
const ROWS = 2048;
const COLS = 2048;
const CHUNKS = [512, 700]; // partial edge chunks in the second dimension

/** Element i of the test arrays: exact in float32 and int32. */
const value = (i: number): number => (i * 7919) % 30011 - 15000;

const ZSTD = { name: "zstd", configuration: { level: 1, checksum: false } };

function v3(dataType: string, endian: "little" | "big", compressor: Record<string, unknown> = ZSTD): ArrayMetadata {
  return parseV3Node({
    zarr_format: 3, node_type: "array", shape: [ROWS, COLS], data_type: dataType,
    chunk_grid: { name: "regular", configuration: { chunk_shape: CHUNKS } },
    chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
    fill_value: -1, codecs: [{ name: "bytes", configuration: { endian } }, compressor],
  }, {}) as ArrayMetadata;
}

const v2BloscF = parseV2Array({
  zarr_format: 2, shape: [ROWS, COLS], chunks: CHUNKS, dtype: "<f4", fill_value: -1, order: "F", filters: null,
  compressor: { id: "blosc", cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 },
}, {}, {});

async function written(format: 2 | 3, meta: ArrayMetadata, Ctor: Float32ArrayConstructor | Int32ArrayConstructor) {
  const store = new MemoryStore();
  const h = await ZarrHierarchy.create(store, format, {});
  const arr = await h.createArray("data", meta);
  const data = new Ctor(ROWS * COLS);
  for (let i = 0; i < data.length; i++) data[i] = value(i);
  await arr.set(null, { dtype: meta.dtype, shape: [ROWS, COLS], data });
  return { store, arr, data };
}

describe("large reads decoded by worker threads into a shared output", () => {
  const cases = [
    ["v3 float32 zstd", 3, v3("float32", "little"), Float32Array],
    ["v3 int32 zstd, big-endian bytes", 3, v3("int32", "big"), Int32Array],
    // gzip's Node backend is a dynamic import, which a worker run from the sources reaches by require().
    ["v3 float32 gzip", 3, v3("float32", "little", { name: "gzip", configuration: { level: 1 } }), Float32Array],
    ["v2 float32 blosc-lz4, order F", 2, v2BloscF, Float32Array],
  ] as const;
  for (const [label, format, meta, Ctor] of cases) {
    it(`${label}: every value, a missing chunk as the fill value`, async () => {
      const { store, data } = await written(format, meta, Ctor);
      const missing = format === 3 ? "data/c/1/2" : "data/1.2";
      assert.ok(await store.get(missing));
      await store.delete(missing);
      const arr = await (await ZarrHierarchy.open(store)).openArray("data");
      assert.ok(ROWS * COLS * data.BYTES_PER_ELEMENT >= DECODE_INTO_MIN_BYTES);
      const whole = await arr.get();
      const got = whole.data as Float32Array | Int32Array;
      assert.deepEqual(whole.shape, [ROWS, COLS]);
      assert.ok(got.buffer instanceof SharedArrayBuffer);
      let wrong = 0;
      for (let r = 0; r < ROWS; r++) {
        for (let c = 0; c < COLS; c++) {
          const inMissing = r >= 512 && r < 1024 && c >= 1400;
          const want = inMissing ? -1 : data[r * COLS + c];
          if (got[r * COLS + c] !== want) wrong++;
        }
      }
      assert.equal(wrong, 0);
      assert.equal(got[600 * COLS + 1500], -1);
      assert.equal(got[ROWS * COLS - 1], data[ROWS * COLS - 1]);
    });
  }

  it("float16 (held as float32 in memory): an output of the in-memory size", async () => {
    const rows = 4096;
    const meta = parseV3Node({
      zarr_format: 3, node_type: "array", shape: [rows, COLS], data_type: "float16",
      chunk_grid: { name: "regular", configuration: { chunk_shape: [1024, 1024] } },
      chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
      fill_value: 0, codecs: [{ name: "bytes", configuration: { endian: "little" } }, { name: "zstd", configuration: { level: 1 } }],
    }, {}) as ArrayMetadata;
    const store = new MemoryStore();
    const arr = await (await ZarrHierarchy.create(store, 3, {})).createArray("h", meta);
    const data = new Float32Array(rows * COLS);
    for (let i = 0; i < data.length; i++) data[i] = (i % 2000) - 1000;
    await arr.set(null, { dtype: meta.dtype, shape: [rows, COLS], data });
    const got = (await (await (await ZarrHierarchy.open(store)).openArray("h")).get()).data as Float32Array;
    assert.ok(got.buffer instanceof SharedArrayBuffer);
    assert.equal(got.length, rows * COLS);
    assert.equal(got[rows * COLS - 1], data[rows * COLS - 1]);
    assert.deepEqual(got.subarray(3 * COLS, 3 * COLS + 5), data.subarray(3 * COLS, 3 * COLS + 5));
  });

  it("a selection of a large array reads the same values as the main thread", async () => {
    const { store, data } = await written(3, v3("float32", "little"), Float32Array);
    const arr = await (await ZarrHierarchy.open(store)).openArray("data");
    // Every other row from 1 on, columns 3–2046: 16 MiB → 8 MiB, below the threshold: main thread.
    const small = await arr.get([{ start: 1, stop: null, step: 2 }, { start: 3, stop: 2046 }]);
    assert.equal((small.data as Float32Array).buffer instanceof SharedArrayBuffer, false);
    assert.deepEqual(small.shape, [1024, 2043]);
    assert.equal((small.data as Float32Array)[0], data[1 * COLS + 3]);
    assert.equal((small.data as Float32Array)[1023 * 2043 + 2042], data[2047 * COLS + 2045]);
  });

  it("a corrupt chunk is a ChunkDecodeError naming the array and the chunk key", async () => {
    const { store } = await written(3, v3("float32", "little"), Float32Array);
    const bad = (await store.get("data/c/2/1"))!;
    bad.fill(0x55, 4, 40);
    await store.set("data/c/2/1", bad);
    const arr = await (await ZarrHierarchy.open(store)).openArray("data");
    await assert.rejects(arr.get(), (e: unknown) => {
      assert.ok(e instanceof ChunkDecodeError, String(e));
      assert.match((e as Error).message, /chunk 'data\/c\/2\/1'/);
      assert.equal((e as ChunkDecodeError).path, "/data");
      return true;
    });
  });

  it("the default pool does not keep the process alive after a large read", () => {
    const script = [
      'const { MemoryStore } = require("./src/store/memory.ts");',
      'const { ZarrHierarchy } = require("./src/zarr/hierarchy.ts");',
      'const { parseV3Node } = require("./src/zarr/metadata-v3.ts");',
      "(async () => { const h = await ZarrHierarchy.create(new MemoryStore(), 3, {});",
      "  const a = await h.createArray('x', parseV3Node({ zarr_format: 3, node_type: 'array', shape: [4096, 1024], data_type: 'float32',",
      "    chunk_grid: { name: 'regular', configuration: { chunk_shape: [1024, 1024] } }, chunk_key_encoding: { name: 'default', configuration: { separator: '/' } },",
      "    fill_value: 0, codecs: [{ name: 'bytes', configuration: { endian: 'little' } }, { name: 'zstd', configuration: { level: 1 } }] }, {}));",
      "  await a.set(null, 2.5);",
      "  const r = await a.get();",
      "  console.log('read', r.data.length, r.data[4096 * 1024 - 1], r.data.buffer instanceof SharedArrayBuffer); })();",
    ].join("\n");
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: process.cwd(), encoding: "utf8", timeout: 60000 });
    assert.equal(r.signal, null, "the process had to be killed");
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /read 4194304 2.5 true/);
  });
});

describe("defaultPoolSize", () => {
  it("one worker per core by default, none on one core; the environment sets it", () => {
    assert.equal(defaultPoolSize(undefined, 2), 2);
    assert.equal(defaultPoolSize(undefined, 1), 0);
    assert.equal(defaultPoolSize("0", 8), 0);
    assert.equal(defaultPoolSize("3", 1), 3);
    assert.throws(() => defaultPoolSize("two", 2), (e: unknown) => e instanceof InvalidArgumentError && /HDMF_ZARR_DECODE_WORKERS must be a whole number >= 0, got 'two'/.test((e as Error).message));
  });
});
