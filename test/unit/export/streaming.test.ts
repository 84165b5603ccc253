/**
 * Export copies arrays chunk by chunk: a 64 MB array in 1 MB chunks goes through with live memory
 * of a few chunks, each source chunk read once, and no stored value larger than one chunk. Live
 * memory is measured with a full garbage collection at every store access (so garbage does not
 * count), as the growth of ArrayBuffer memory over the state before the export.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { MemoryStore } from "../../../src/store/memory.js";
import type { StoreListing, WritableStore } from "../../../src/store/types.js";
import { ZarrHierarchy } from "../../../src/zarr/hierarchy.js";
import { crc32c } from "../../../src/zarr/codecs/crc32c.js";
import { ZarrIO } from "../../../src/index.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const ROWS = 8192, COLS = 1024, CHUNK_ROWS = 128; // float64: 64 MB in 64 chunks of 1 MB
const CHUNK_BYTES = CHUNK_ROWS * COLS * 8;
const CHUNKS = ROWS / CHUNK_ROWS;
const MB = 1 << 20;

/** Watches a store: reads of chunk keys, the largest value stored, and live ArrayBuffer memory at each access. */
class Probe {
  chunkReads = 0;
  hasCalls = 0;
  largestSet = 0;
  chunkSets = new Map<string, number>(); // key → crc32c of the bytes
  peak = 0;
  sample(): void {
    gc();
    this.peak = Math.max(this.peak, process.memoryUsage().arrayBuffers);
  }
}

const isChunk = (key: string) => key.startsWith("data/") && !/(zarr\.json|\.zarray|\.zattrs)$/.test(key);

/** The source: a memory store seen through the probe. */
function watched(inner: MemoryStore, probe: Probe): WritableStore {
  return {
    description: "memory:source",
    get: async (key) => {
      if (isChunk(key)) probe.chunkReads++;
      const v = await inner.get(key);
      if (isChunk(key)) probe.sample();
      return v;
    },
    has: async (key) => ((probe.hasCalls++), inner.has(key)),
    list: (prefix): Promise<StoreListing> => inner.list(prefix),
    set: (key, value) => inner.set(key, value),
    delete: (key) => inner.delete(key),
    deletePrefix: (prefix) => inner.deletePrefix(prefix),
  };
}

/** The destination: keeps metadata, and of each chunk only its size and checksum (so it holds no data). */
function sink(probe: Probe): WritableStore {
  const inner = new MemoryStore(undefined, "memory:dest");
  return {
    description: "memory:dest",
    get: (key) => inner.get(key),
    has: (key) => inner.has(key),
    list: (prefix) => inner.list(prefix),
    set: async (key, value) => {
      probe.largestSet = Math.max(probe.largestSet, value.byteLength);
      if (!isChunk(key)) return inner.set(key, value);
      probe.chunkSets.set(key, crc32c(value));
      probe.sample();
      await inner.set(key, new Uint8Array(0));
    },
    delete: (key) => inner.delete(key),
    deletePrefix: (prefix) => inner.deletePrefix(prefix),
  };
}

const source = new MemoryStore(undefined, "memory:source");
const expected: number[] = []; // crc32c of each chunk's little-endian bytes, in grid order

before(async () => {
  const h = await ZarrHierarchy.create(source, 3);
  const array = await h.createArray("data", {
    zarrFormat: 3, nodeType: "array", shape: [ROWS, COLS], chunkShape: [CHUNK_ROWS, COLS],
    dtype: { kind: "numeric", name: "float64", endian: "little" }, fillValue: 0, order: "C",
    chunkKeyEncoding: { kind: "default", separator: "/" }, codecs: [{ name: "bytes", configuration: { endian: "little" } }],
    attributes: { _DTYPE: "float64", unit: "volts" },
  });
  for (let c = 0; c < CHUNKS; c++) {
    const data = new Float64Array(CHUNK_ROWS * COLS);
    for (let i = 0; i < data.length; i++) data[i] = c * 1e6 + i * 0.5;
    await array.setChunk([c, 0], { dtype: array.dtype, shape: array.chunkShape, data });
    expected.push(crc32c(new Uint8Array(data.buffer)));
  }
  await h.consolidate();
});

async function exportThrough(zarrFormat: 2 | 3): Promise<Probe> {
  const probe = new Probe();
  const src = new ZarrIO(watched(source, probe), "r");
  await src.readBuilder();
  const dest = new ZarrIO(sink(probe), "w", { zarrFormat });
  gc();
  const baseline = process.memoryUsage().arrayBuffers;
  probe.peak = baseline;
  await dest.export(src, { linkData: false, cacheSpec: false });
  probe.peak -= baseline;
  await src.close();
  await dest.close();
  return probe;
}

function checkChunks(probe: Probe, keyOf: (c: number) => string): void {
  assert.equal(probe.chunkSets.size, CHUNKS);
  for (let c = 0; c < CHUNKS; c++) assert.equal(probe.chunkSets.get(keyOf(c)), expected[c], `chunk ${c}`);
}

describe("export streams arrays chunk by chunk (64 MB in 1 MB chunks)", () => {
  test("Zarr v3 → v2: decoded and encoded again, a block of chunks at a time", async () => {
    const probe = await exportThrough(2);
    console.log(`v3 → v2: peak live ArrayBuffers +${(probe.peak / MB).toFixed(1)} MB, ${probe.chunkReads} chunk reads, largest value stored ${probe.largestSet} bytes`);
    checkChunks(probe, (c) => `data/${c}.0`); // `<f8`, no compressor: the same bytes as the source chunk
    assert.equal(probe.largestSet, CHUNK_BYTES);
    assert.equal(probe.chunkReads, CHUNKS);
    assert.ok(probe.peak < 24 * MB, `peak ${probe.peak} bytes`);
  });

  test("Zarr v3 → v3, same codecs: stored chunk bytes copied as they are", async () => {
    const probe = await exportThrough(3);
    console.log(`v3 → v3: peak live ArrayBuffers +${(probe.peak / MB).toFixed(1)} MB, ${probe.chunkReads} chunk reads, largest value stored ${probe.largestSet} bytes`);
    checkChunks(probe, (c) => `data/c/${c}/0`);
    assert.equal(probe.largestSet, CHUNK_BYTES);
    assert.equal(probe.chunkReads, CHUNKS);
    assert.ok(probe.peak < 24 * MB, `peak ${probe.peak} bytes`); // far below the 64 MB array; GC timing moves the figure
  });
});
