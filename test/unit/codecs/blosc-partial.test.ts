/**
 * Partial Blosc decoding: only the blocks a selection needs. Every range decoded partially must
 * equal the whole decode there — on numcodecs (Python) frames (data/numcodecs-frames.json) and on
 * arrays our writer stores with v2 `blosc`, v3 `numcodecs.blosc` and v3 `blosc` — and a small
 * window must decode fewer blocks than the chunk has.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { MemoryStore } from "../../../src/store/memory.js";
import { ZarrArray } from "../../../src/zarr/array.js";
import { selectionByteRanges } from "../../../src/zarr/chunk-byte-ranges.js";
import { CodecPipeline } from "../../../src/zarr/codecs/index.js";
import { setCodecBackend } from "../../../src/zarr/codecs/native/backend.js";
import { numcodecsClass } from "../../../src/zarr/codecs/numcodecs-wasm.js";
import {
  blocksOverlapping,
  bloscBlockCounter,
  decodeBloscFrame,
  decodeBloscFrameRanges,
  isStoredFrame,
  isSupportedFrame,
  readBloscHeader,
  type ByteRange,
} from "../../../src/zarr/codecs/native/blosc-frame.js";
import { setWasmKernels } from "../../../src/zarr/codecs/native/wasm-kernels.js";
import type { CodecJSON } from "../../../src/zarr/codecs/types.js";
import { typedArrayClass, type DataType, type NdArray, type NumericName, type TypedArray } from "../../../src/zarr/dtype.js";
import { normaliseEntry, type DimRange, type Selection } from "../../../src/zarr/indexing.js";
import type { ArrayMetadata } from "../../../src/zarr/metadata-types.js";
import { parseV2Array } from "../../../src/zarr/metadata-v2.js";
import { parseV3Node } from "../../../src/zarr/metadata-v3.js";
import { ctx } from "./helpers.js";

interface FrameCase {
  kind: string;
  cname?: string;
  shuffle?: number;
  typesize?: number;
  blocksize?: number;
  nbytes: number;
  sha256: string;
  frame: string;
}

const FRAMES = (JSON.parse(readFileSync(join(__dirname, "data", "numcodecs-frames.json"), "utf8")) as { cases: FrameCase[] }).cases
  .filter((c) => c.kind === "blosc")
  .map((c) => ({ ...c, bytes: new Uint8Array(Buffer.from(c.frame, "base64")) }));
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

after(() => {
  setWasmKernels(true);
  setCodecBackend(undefined);
});

/** Ranges that probe a frame: start, end, each block, block boundaries, a middle window. */
function probeRanges(nbytes: number, blocksize: number): ByteRange[][] {
  const out: ByteRange[][] = [[{ start: 0, end: 1 }], [{ start: nbytes - 1, end: nbytes }], [{ start: 0, end: nbytes }]];
  for (let b = 0; b * blocksize < nbytes; b++) out.push([{ start: b * blocksize, end: Math.min(nbytes, (b + 1) * blocksize) }]);
  for (let b = 1; b * blocksize < nbytes; b++) out.push([{ start: b * blocksize - 3, end: b * blocksize + 2 }]);
  out.push([{ start: Math.floor(nbytes / 3), end: Math.floor(nbytes / 2) }]);
  out.push([{ start: 0, end: 5 }, { start: nbytes - 5, end: nbytes }]);
  return out;
}

describe("decodeBloscFrameRanges on numcodecs (Python) frames", () => {
  for (const kernels of [true, false]) {
    it(`equals the whole decode inside the ranges, zero elsewhere (WebAssembly kernels ${kernels ? "on" : "off"})`, async () => {
      setWasmKernels(kernels);
      const seen = { typesize: new Set<number>(), shuffle: new Set<number>(), stored: 0, tail: 0, single: 0 };
      let checked = 0;
      for (const c of FRAMES) {
        const h = readBloscHeader(c.bytes);
        if (!isSupportedFrame(h) || c.nbytes === 0) continue;
        const stored = isStoredFrame(h);
        if (!stored && c.cname !== "lz4" && c.cname !== "lz4hc") continue; // zlib/zstd streams: see below
        const full = await decodeBloscFrame(c.bytes, h, "lz4");
        assert.equal(sha(full), c.sha256, c.cname);
        const nblocks = Math.ceil(h.nbytes / h.blocksize);
        seen.typesize.add(h.typesize);
        seen.shuffle.add(c.shuffle ?? -1);
        if (stored) seen.stored++;
        if (h.nbytes % h.blocksize !== 0) seen.tail++;
        if (nblocks === 1) seen.single++;
        for (const ranges of probeRanges(h.nbytes, h.blocksize)) {
          const r = await decodeBloscFrameRanges(c.bytes, h, "lz4", ranges);
          const want = blocksOverlapping(h.nbytes, h.blocksize, ranges);
          assert.equal(r.blocks, nblocks);
          assert.equal(r.blocksDecoded, want.length);
          assert.equal(r.bytes.length, h.nbytes);
          const inBlock = new Uint8Array(h.nbytes);
          for (const j of want) inBlock.fill(1, j * h.blocksize, Math.min(h.nbytes, (j + 1) * h.blocksize));
          for (const { start, end } of ranges) assert.deepEqual(r.bytes.subarray(start, end), full.subarray(start, end));
          for (let i = 0; i < h.nbytes; i++) {
            const expected = inBlock[i] ? full[i] : 0;
            if (r.bytes[i] !== expected) assert.fail(`${c.cname} ts=${h.typesize} shuffle=${c.shuffle}: byte ${i} is ${r.bytes[i]}, expected ${expected}`);
          }
          checked++;
        }
      }
      assert.deepEqual([1, 2, 4, 8].filter((t) => !seen.typesize.has(t)), []);
      assert.deepEqual([0, 1, 2].filter((s) => !seen.shuffle.has(s)), []);
      assert.ok(seen.stored >= 3 && seen.tail >= 10 && seen.single >= 10, JSON.stringify({ ...seen, typesize: [...seen.typesize] }));
      assert.ok(checked > 300, `${checked} probes`);
    });
  }

  it("decodes only the needed zlib streams (c-blosc frames of several blocks), with the same bytes", async () => {
    const { promisify } = await import("node:util");
    const zlib = await import("node:zlib");
    const inflate = promisify(zlib.inflate);
    let streams = 0;
    const decoder = async (src: Uint8Array, size: number) => {
      streams++;
      const b = await inflate(src, { maxOutputLength: Math.max(size, 1) });
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    };
    const Blosc = await numcodecsClass("blosc");
    // c-blosc picks the block size of zlib frames itself (it ignores a forced one): 128 KiB here.
    const raw = new Uint8Array(new Float32Array(Array.from({ length: 100_000 }, (_, i) => Math.sin(i / 50) * 100)).buffer);
    for (const shuffle of [0, 1, 2]) {
      const frame = await Blosc.fromConfig({ id: "blosc", cname: "zlib", clevel: 1, shuffle, blocksize: 0 }).encode(raw);
      const h = readBloscHeader(frame);
      const bs = h.blocksize;
      assert.ok(bs <= 131072 && raw.length / bs > 3, `block size ${bs}`);
      streams = 0;
      const full = await decodeBloscFrame(frame, h, decoder);
      assert.deepEqual(full, raw);
      const all = streams;
      streams = 0;
      const r = await decodeBloscFrameRanges(frame, h, decoder, [{ start: bs + 100, end: bs + 200 }]);
      assert.equal(r.blocksDecoded, 1);
      assert.ok(streams > 0 && streams * 3 <= all, `${streams} of ${all} streams`);
      assert.deepEqual(r.bytes.subarray(bs, 2 * bs), raw.subarray(bs, 2 * bs));
      assert.equal(r.bytes.subarray(0, bs).some((b) => b !== 0), false);
      assert.equal(r.bytes.subarray(2 * bs).some((b) => b !== 0), false);
      // The short last block.
      const tail = await decodeBloscFrameRanges(frame, h, decoder, [{ start: raw.length - 1, end: raw.length }]);
      const lastStart = Math.floor((raw.length - 1) / bs) * bs;
      assert.deepEqual(tail.bytes.subarray(lastStart), raw.subarray(lastStart));
    }
  });
});

describe("selectionByteRanges", () => {
  /** Every byte the selection needs, by brute force. */
  function neededBytes(shape: number[], sel: DimRange[], size: number): Set<number> {
    const out = new Set<number>();
    const idx = sel.map(() => 0);
    if (sel.some((s) => s.count === 0)) return out;
    for (;;) {
      let at = 0;
      for (let d = 0; d < shape.length; d++) at = at * shape[d] + sel[d].start + idx[d] * sel[d].step;
      for (let b = 0; b < size; b++) out.add(at * size + b);
      let d = sel.length - 1;
      while (d >= 0 && ++idx[d] === sel[d].count) idx[d--] = 0;
      if (d < 0) return out;
    }
  }
  const shape = [6, 5, 4];
  const sels: Selection[] = [
    [{ start: 1, stop: 3 }, null, null],
    [null, { start: 2, stop: 4 }, null],
    [null, null, { start: 1, stop: 3 }],
    [{ start: 0, stop: 6, step: 2 }, null, null],
    [2, 3, null],
    [null, { start: 0, stop: 5, step: 3 }, { start: 1, stop: 4, step: 2 }],
    [5, 4, 3],
    [{ start: 2, stop: 2 }, null, null],
  ];
  for (const sel of sels) {
    it(`covers exactly the selected bytes: ${JSON.stringify(sel)}`, () => {
      const dims = sel.map((e, d) => normaliseEntry(e, shape[d], d, {}));
      const want = neededBytes(shape, dims, 4);
      const ranges = selectionByteRanges(shape, dims, 4);
      const got = new Set<number>();
      for (let i = 0; i < ranges.length; i++) {
        const r = ranges[i];
        assert.ok(r.end > r.start && (i === 0 || r.start > ranges[i - 1].end), "ascending, disjoint, merged");
        for (let b = r.start; b < r.end; b++) got.add(b);
      }
      assert.deepEqual([...got].sort((a, b) => a - b), [...want].sort((a, b) => a - b));
      // Over the cap: one bounding range that still holds every needed byte.
      const capped = selectionByteRanges(shape, dims, 4, 1);
      assert.ok(capped.length <= 1);
      for (const b of want) assert.ok(capped[0].start <= b && b < capped[0].end);
    });
  }
});

// --- Arrays written by our writer -----------------------------------------------------------------

const SHAPE = [130, 21];
const CHUNKS = [50, 7];
const BLOCKSIZE = 256;

function dtypeOf(name: NumericName): DataType {
  return { kind: "numeric", name, endian: "little" };
}

/** Compressible values (so blocks really are compressed) with some noise; `noisy` for stored frames. */
function values(name: NumericName, noisy = false): NdArray {
  const n = SHAPE[0] * SHAPE[1];
  const Ctor = typedArrayClass(name);
  const data = new Ctor(n) as unknown as { [i: number]: number | bigint } & TypedArray;
  let seed = 12345;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const v = noisy ? seed >>> 8 : Math.floor(i / 3) + (seed % 4);
    data[i] = name.endsWith("64") && name !== "float64" ? BigInt(v) : name === "float32" || name === "float64" ? v * 0.5 : name === "uint8" ? v % 256 : v % 30000;
  }
  return { dtype: dtypeOf(name), shape: SHAPE.slice(), data };
}

const V2_TYPESTR: Partial<Record<NumericName, string>> = { uint8: "|u1", int16: "<i2", float32: "<f4", int32: "<i4", float64: "<f8", int64: "<i8" };
const SHUFFLE_V3 = ["noshuffle", "shuffle", "bitshuffle"];

function metadata(kind: "v2" | "v3-numcodecs" | "v3-blosc", name: NumericName, shuffle: number, cname = "lz4"): ArrayMetadata {
  if (kind === "v2") {
    return parseV2Array({
      zarr_format: 2, shape: SHAPE, chunks: CHUNKS, dtype: V2_TYPESTR[name], fill_value: 0, order: "C", filters: null,
      compressor: { id: "blosc", cname, clevel: 5, shuffle, blocksize: BLOCKSIZE },
    }, {}, {});
  }
  const size = { uint8: 1, int16: 2, int32: 4, float32: 4, int64: 8, float64: 8 }[name as string]!;
  const blosc: CodecJSON = kind === "v3-blosc"
    ? { name: "blosc", configuration: { cname, clevel: 5, shuffle: SHUFFLE_V3[shuffle], typesize: size, blocksize: BLOCKSIZE } }
    : { name: "numcodecs.blosc", configuration: { cname, clevel: 5, shuffle, blocksize: BLOCKSIZE } };
  return parseV3Node({
    zarr_format: 3, node_type: "array", shape: SHAPE, data_type: name, fill_value: 0,
    chunk_grid: { name: "regular", configuration: { chunk_shape: CHUNKS } },
    chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
    codecs: [{ name: "bytes", configuration: { endian: "little" } }, blosc],
  }, {}) as ArrayMetadata;
}

/** The selected values of `src` (2-d, C order), by direct indexing. */
function expected(src: NdArray, sel: Selection): unknown[] {
  const dims = sel.map((e, d) => normaliseEntry(e, SHAPE[d], d, {}));
  const out: unknown[] = [];
  for (let i = 0; i < dims[0].count; i++) {
    for (let j = 0; j < dims[1].count; j++) out.push(src.data[(dims[0].start + i * dims[0].step) * SHAPE[1] + dims[1].start + j * dims[1].step]);
  }
  return out;
}

const WINDOWS: Selection[] = [
  [{ start: 10, stop: 13 }, null], // rows inside one block of one chunk row
  [{ start: 45, stop: 105 }, null], // across chunk rows, first and last rows of chunks
  [{ start: 120, stop: 130 }, null], // the edge chunks (partial in the array, padded in the chunk)
  [{ start: 3, stop: 90 }, { start: 2, stop: 11 }], // column subset across chunk columns
  [null, { start: 5, stop: 6 }], // one column, all rows
  [{ start: 1, stop: 129, step: 7 }, { start: 0, stop: 21, step: 4 }], // strided
  [77, null],
  [49, 20],
  [null, null], // whole array: the ordinary path
];

async function written(kind: "v2" | "v3-numcodecs" | "v3-blosc", name: NumericName, shuffle: number, noisy = false, cname = "lz4") {
  const store = new MemoryStore();
  const src = values(name, noisy);
  await new ZarrArray({ store, path: "a", metadata: metadata(kind, name, shuffle, cname) }).set(null, src);
  return { store, src, open: () => new ZarrArray({ store, path: "a", metadata: metadata(kind, name, shuffle, cname) }) };
}

describe("partial decode through ZarrArray.get on arrays our writer stored", () => {
  const kinds = ["v2", "v3-numcodecs", "v3-blosc"] as const;
  const names: NumericName[] = ["uint8", "int16", "float32", "int64", "float64"];

  for (const kind of kinds) {
    it(`${kind}: every window equals the written values (typesize 1/2/4/8, shuffle 0/1/2)`, async () => {
      for (const name of names) {
        for (const shuffle of [0, 1, 2]) {
          const { src, open } = await written(kind, name, shuffle);
          const arr = open();
          for (const sel of WINDOWS) {
            const got = await arr.get(sel);
            assert.deepEqual(Array.from(got.data as ArrayLike<unknown>), expected(src, sel), `${name} shuffle=${shuffle} ${JSON.stringify(sel)}`);
          }
        }
      }
    });
  }

  it("chunks that Blosc stored as is (incompressible) and zlib chunks read the same", async () => {
    for (const [name, noisy, cname] of [["uint8", true, "lz4"], ["float64", false, "zlib"]] as const) {
      const { store, src, open } = await written("v3-numcodecs", name, 1, noisy, cname);
      const frame = (await store.get("a/c/0/0"))!;
      assert.equal(isStoredFrame(readBloscHeader(frame)), noisy);
      for (const sel of WINDOWS) {
        assert.deepEqual(Array.from((await open().get(sel)).data as ArrayLike<unknown>), expected(src, sel), `${cname} ${JSON.stringify(sel)}`);
      }
    }
  });

  it("a small window decodes fewer blocks than whole chunks", async () => {
    const { open } = await written("v2", "float64", 1);
    const arr = open();
    // One 50×7 float64 chunk is 2800 bytes: 11 blocks of 256 bytes.
    let before = bloscBlockCounter.blocks;
    await arr.getChunk([0, 0]);
    assert.equal(bloscBlockCounter.blocks - before, 11);
    before = bloscBlockCounter.blocks;
    await arr.get([{ start: 8, stop: 12 }, { start: 0, stop: 7 }]); // bytes 448..672 of chunk (0,0): blocks 1, 2
    assert.equal(bloscBlockCounter.blocks - before, 2);
    before = bloscBlockCounter.blocks;
    await arr.get([{ start: 8, stop: 12 }, null]); // the same rows in all three chunk columns
    assert.equal(bloscBlockCounter.blocks - before, 6);
  });

  it("WebAssembly decoders (no partial decode) give the same values", async () => {
    const { src, open } = await written("v3-blosc", "int16", 2);
    setCodecBackend("wasm");
    try {
      let before = bloscBlockCounter.blocks;
      for (const sel of WINDOWS) assert.deepEqual(Array.from((await open().get(sel)).data as ArrayLike<unknown>), expected(src, sel));
      assert.equal(bloscBlockCounter.blocks, before, "c-blosc decoded every chunk");
    } finally {
      setCodecBackend(undefined);
    }
  });

  it("a write into part of a chunk still reads (and keeps) the whole chunk", async () => {
    const { src, open } = await written("v2", "int32", 1);
    const arr = open();
    const patch = { dtype: dtypeOf("int32"), shape: [2, 3], data: Int32Array.from([-1, -2, -3, -4, -5, -6]) };
    await arr.set([{ start: 20, stop: 22 }, { start: 1, stop: 4 }], patch);
    const want = Array.from(src.data as Int32Array);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) want[(20 + i) * SHAPE[1] + 1 + j] = -(i * 3 + j + 1);
    assert.deepEqual(Array.from((await open().get(null)).data as Int32Array), want);
  });

  it("the partial hook exists only for bytes + one blosc codec", () => {
    const f32 = dtypeOf("float32");
    const has = (codecs: CodecJSON[]) => CodecPipeline.create(codecs, ctx(f32, [4, 4])).decodePartial !== undefined;
    const bytes = { name: "bytes", configuration: { endian: "little" } };
    const blosc = { name: "blosc", configuration: { cname: "lz4", clevel: 5, shuffle: "shuffle", typesize: 4 } };
    assert.equal(has([bytes, blosc]), true);
    assert.equal(has([bytes, { name: "numcodecs.blosc", configuration: { cname: "lz4" } }]), true);
    assert.equal(has([{ name: "transpose", configuration: { order: [1, 0] } }, bytes, blosc]), false);
    assert.equal(has([bytes, blosc, { name: "crc32c" }]), false);
    assert.equal(has([bytes, { name: "zstd", configuration: { level: 0, checksum: false } }]), false);
    assert.equal(has([bytes]), false);
  });

  it("F-order v2 arrays take the whole-chunk path and read correctly", async () => {
    const store = new MemoryStore();
    const meta = () => parseV2Array({
      zarr_format: 2, shape: SHAPE, chunks: CHUNKS, dtype: "<f8", fill_value: 0, order: "F", filters: null,
      compressor: { id: "blosc", cname: "lz4", clevel: 5, shuffle: 1, blocksize: BLOCKSIZE },
    }, {}, {});
    const src = values("float64");
    await new ZarrArray({ store, path: "a", metadata: meta() }).set(null, src);
    const before = bloscBlockCounter.blocks;
    const sel: Selection = [{ start: 10, stop: 12 }, { start: 0, stop: 7 }];
    assert.deepEqual(Array.from((await new ZarrArray({ store, path: "a", metadata: meta() }).get(sel)).data as Float64Array), expected(src, sel));
    assert.equal(bloscBlockCounter.blocks - before, 11);
  });
});
