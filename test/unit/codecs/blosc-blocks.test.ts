/**
 * Blosc decoded a block at a time into a selection's output (decode-into.ts `decodeByBlocks`):
 * the blocks handed to the sink, put together, equal the whole decode on numcodecs (Python)
 * frames; a chunk decoded block by block into a region of an output equals the chunk decoded
 * whole and copied; chains and frames that cannot go by blocks decode whole, with the same result.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ChunkDecodeError } from "../../../src/errors.js";
import { CodecPipeline } from "../../../src/zarr/codecs/index.js";
import { decodeBloscFrame, decodeBloscFrameBlocks, isStoredFrame, isSupportedFrame, readBloscHeader } from "../../../src/zarr/codecs/native/blosc-frame.js";
import { setWasmKernels } from "../../../src/zarr/codecs/native/wasm-kernels.js";
import type { CodecJSON } from "../../../src/zarr/codecs/types.js";
import { buildChain, decodeInto, type ChainSpec } from "../../../src/zarr/decode-into.js";
import { itemSize, typedArrayClass, type DataType, type NumericName, type TypedArray } from "../../../src/zarr/dtype.js";
import type { DimRange } from "../../../src/zarr/indexing.js";

after(() => setWasmKernels(true));

const FRAMES = (JSON.parse(readFileSync(join(__dirname, "data", "numcodecs-frames.json"), "utf8")) as { cases: { kind: string; cname?: string; nbytes: number; frame: string }[] }).cases
  .filter((c) => c.kind === "blosc" && c.nbytes > 0)
  .map((c) => ({ ...c, bytes: new Uint8Array(Buffer.from(c.frame, "base64")) }));

describe("decodeBloscFrameBlocks on numcodecs (Python) frames", () => {
  for (const kernels of [true, false]) {
    it(`the blocks, put together in order, equal the whole decode (WebAssembly kernels ${kernels ? "on" : "off"})`, async () => {
      setWasmKernels(kernels);
      let checked = 0;
      for (const c of FRAMES) {
        const h = readBloscHeader(c.bytes);
        if (!isSupportedFrame(h) || (!isStoredFrame(h) && c.cname !== "lz4" && c.cname !== "lz4hc")) continue;
        const whole = await decodeBloscFrame(c.bytes, h, "lz4");
        const gathered = new Uint8Array(h.nbytes);
        let next = 0;
        await decodeBloscFrameBlocks(c.bytes, h, "lz4", (block, offset) => {
          assert.equal(offset, next, "blocks come in order, each where the last ended");
          gathered.set(block, offset);
          next = offset + block.length;
        });
        assert.equal(next, h.nbytes);
        assert.deepEqual(gathered, whole);
        checked++;
      }
      assert.ok(checked >= 10, `only ${checked} frames checked`);
    });
  }
});

const where = { store: "memory", path: "/x" };

/**
 * A chain spec of `bytes` (endian) then blosc-lz4 with byte shuffle. c-blosc picks the block
 * size (256 KiB for these chunks, of 1–2 MiB).
 */
function spec(name: NumericName, chunkShape: number[], endian: "little" | "big" = "little"): ChainSpec {
  const dtype = { kind: "numeric", name, endian: "little" } as DataType;
  const codecs: CodecJSON[] = [
    { name: "bytes", configuration: { endian } },
    { name: "blosc", configuration: { cname: "lz4", clevel: 5, shuffle: "shuffle", typesize: itemSize(dtype) } },
  ];
  return { codecs, dtype, chunkShape, zarrFormat: 3, where };
}

/** A chunk of `chain` with element i = f(i), stored by the chain. */
async function stored(chain: ChainSpec, f: (i: number) => number): Promise<{ values: TypedArray; bytes: Uint8Array }> {
  const name = (chain.dtype as { name: NumericName }).name;
  const n = chain.chunkShape.reduce((a, b) => a * b, 1);
  const values = new (typedArrayClass(name) as unknown as new (n: number) => TypedArray)(n);
  for (let i = 0; i < n; i++) (values as unknown as number[])[i] = f(i);
  const bytes = await buildChain(chain).encode({ dtype: chain.dtype, shape: chain.chunkShape.slice(), data: values });
  return { values, bytes };
}

/** The expected output: `out` with the chunk's `chunkSel` copied to `outSel`, element by element (2-d). */
function expected(values: TypedArray, chunkShape: number[], chunkSel: DimRange[], out: TypedArray, outShape: number[], outSel: DimRange[]): TypedArray {
  const want = out.slice();
  for (let a = 0; a < chunkSel[0].count; a++) {
    for (let b = 0; b < chunkSel[1].count; b++) {
      const src = (chunkSel[0].start + a * chunkSel[0].step) * chunkShape[1] + chunkSel[1].start + b * chunkSel[1].step;
      const dst = (outSel[0].start + a) * outShape[1] + outSel[1].start + b;
      (want as unknown as number[])[dst] = (values as unknown as number[])[src];
    }
  }
  return want;
}

/** Decode through `decodeInto`, counting what the pipeline's `decodeBlocks` answered. */
async function decodeCounted(chain: ChainSpec, bytes: Uint8Array, out: TypedArray, outShape: number[], chunkSel: DimRange[], outSel: DimRange[]) {
  const pipeline = buildChain(chain);
  const answers: boolean[] = [];
  const blocks = pipeline.decodeBlocks;
  if (blocks) {
    Object.defineProperty(pipeline, "decodeBlocks", {
      value: async (...args: Parameters<NonNullable<CodecPipeline["decodeBlocks"]>>) => {
        const answer = await blocks(...args);
        answers.push(answer);
        return answer;
      },
    });
  }
  await decodeInto(pipeline, { chain, fillValue: 0, key: "x/c/0/0", bytes, out, outShape, chunkSel, outSel });
  return { offered: blocks !== undefined, answers };
}

describe("decodeInto a block at a time", () => {
  it("float32 rows of 256 elements, 4 blocks of 256 rows: a strided row selection across blocks lands where a whole decode puts it", async () => {
    const chain = spec("float32", [1024, 256]);
    const { values, bytes } = await stored(chain, (i) => (i * 7919) % 30011 - 15000.5);
    assert.equal(new DataView(bytes.buffer, bytes.byteOffset).getInt32(8, true), 256 * 1024, "blocks of 256 rows");
    // Rows 3, 8, 13 … 1018 (204 rows, in every block), columns 5–244.
    const chunkSel = [{ start: 3, step: 5, count: 204 }, { start: 5, step: 1, count: 240 }];
    const outSel = [{ start: 7, step: 1, count: 204 }, { start: 2, step: 1, count: 240 }];
    const out = new Float32Array(220 * 250).fill(-1);
    const want = expected(values, chain.chunkShape, chunkSel, out, [220, 250], outSel);
    const { offered, answers } = await decodeCounted(chain, bytes, out, [220, 250], chunkSel, outSel);
    assert.equal(offered, true);
    assert.deepEqual(answers, [true]);
    assert.deepEqual(out, want);
    assert.equal(out[0], -1);
    assert.equal(out[7 * 250 + 2], values[3 * 256 + 5]);
    assert.equal(out[210 * 250 + 241], values[1018 * 256 + 244]);
  });

  it("int16 rows of 64 elements (128 bytes) into a shared output, every row", async () => {
    const chain = spec("int16", [8192, 64]);
    const { values, bytes } = await stored(chain, (i) => ((i * 131) % 65536) - 32768);
    const chunkSel = [{ start: 0, step: 1, count: 8192 }, { start: 0, step: 1, count: 64 }];
    const outSel = [{ start: 8192, step: 1, count: 8192 }, { start: 128, step: 1, count: 64 }];
    const out = new Int16Array(new SharedArrayBuffer(2 * 16384 * 384));
    const want = expected(values, chain.chunkShape, chunkSel, out, [16384, 384], outSel);
    const { answers } = await decodeCounted(chain, bytes, out, [16384, 384], chunkSel, outSel);
    assert.deepEqual(answers, [true]);
    assert.deepEqual(out, want);
  });

  it("a 1-d float64 chunk (every element a row), every third element from 5 on", async () => {
    const chain = spec("float64", [300_000]);
    const { values, bytes } = await stored(chain, (i) => i * 0.25 - 7);
    const out = new Float64Array(100_000).fill(-1);
    const { answers } = await decodeCounted(chain, bytes, out, [100_000], [{ start: 5, step: 3, count: 99_998 }], [{ start: 1, step: 1, count: 99_998 }]);
    assert.deepEqual(answers, [true]);
    assert.equal(out[0], -1);
    assert.equal(out[1], values[5]);
    assert.equal(out[99_998], values[5 + 3 * 99_997]);
    assert.equal(out[99_999], -1);
    let wrong = 0;
    for (let k = 0; k < 99_998; k++) if (out[1 + k] !== values[5 + 3 * k]) wrong++;
    assert.equal(wrong, 0);
  });

  it("blocks that are not whole rows, and big-endian bytes, decode whole to the same output", async () => {
    const cases: [ChainSpec, boolean][] = [
      [spec("float32", [2600, 100]), true], // 256 KiB blocks are not a whole number of 400-byte rows
      [spec("float32", [2600, 100], "big"), false], // stored bytes differ from the held ones: no blocks offered
    ];
    for (const [chain, offeredWant] of cases) {
      const { values, bytes } = await stored(chain, (i) => i / 4);
      const sel = [{ start: 1, step: 3, count: 866 }, { start: 0, step: 1, count: 100 }];
      const outSel = [{ start: 0, step: 1, count: 866 }, { start: 0, step: 1, count: 100 }];
      const out = new Float32Array(866 * 100);
      const want = expected(values, chain.chunkShape, sel, out, [866, 100], outSel);
      const { offered, answers } = await decodeCounted(chain, bytes, out, [866, 100], sel, outSel);
      assert.equal(offered, offeredWant);
      assert.deepEqual(answers, offeredWant ? [false] : []);
      assert.deepEqual(out, want);
    }
  });

  it("a corrupt frame is a ChunkDecodeError naming the array", async () => {
    const chain = spec("float32", [1024, 256]);
    const { bytes } = await stored(chain, (i) => i);
    const bad = bytes.slice();
    // The first block's offset points past the frame.
    new DataView(bad.buffer).setInt32(16, bad.length + 100, true);
    const out = new Float32Array(1024 * 256);
    const whole = [{ start: 0, step: 1, count: 1024 }, { start: 0, step: 1, count: 256 }];
    await assert.rejects(
      decodeInto(buildChain(chain), { chain, fillValue: 0, key: "x/c/0/0", bytes: bad, out, outShape: [1024, 256], chunkSel: whole, outSel: whole }),
      (e: unknown) => e instanceof ChunkDecodeError && /blosc/.test((e as Error).message) && (e as ChunkDecodeError).path === "/x",
    );
  });
});
