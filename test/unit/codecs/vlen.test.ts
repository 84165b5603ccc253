import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ChunkDecodeError, UnsupportedWriteError } from "../../../src/errors.js";
import { v2CodecChain, CodecPipeline } from "../../../src/zarr/codecs/index.js";
import type { DataType } from "../../../src/zarr/dtype.js";
import { FIXTURES, atOffset, ctx, pipeline } from "./helpers.js";

const str: DataType = { kind: "string" };
const bin: DataType = { kind: "bytes" };

describe("vlen-utf8 / vlen-bytes", () => {
  it("writes the numcodecs layout: count, then (length, bytes) per item", async () => {
    const p = pipeline([{ name: "vlen-utf8" }], str, [3]);
    const bytes = await p.encode({ dtype: str, shape: [3], data: ["a", "", "é"] });
    assert.deepEqual(Array.from(bytes), [3, 0, 0, 0, 1, 0, 0, 0, 0x61, 0, 0, 0, 0, 2, 0, 0, 0, 0xc3, 0xa9]);
  });

  it("round-trips text (2-d, non-ASCII, long items) and bytes", async () => {
    const long = "x".repeat(1000) + "ü";
    const text = ["alpha", "", "naïve", "😀 emoji", long, "ascii-only-but-longer-than-thirty-two-characters"];
    for (const name of ["vlen-utf8", "numcodecs.vlen-utf8"]) {
      const p = pipeline([{ name }, { name: "zstd", configuration: { level: 1 } }], str, [2, 3]);
      const back = await p.decode(await p.encode({ dtype: str, shape: [2, 3], data: text }), { shape: [2, 3], dtype: str, fillValue: "" });
      assert.deepEqual(back.data, text);
    }
    const items = [Uint8Array.of(0, 255, 7), new Uint8Array(0), new TextEncoder().encode("2018-09-28T14:43:54")];
    const p = pipeline([{ name: "vlen-bytes" }], bin, [3]);
    const back = await p.decode(await p.encode({ dtype: bin, shape: [3], data: items }), { shape: [3], dtype: bin, fillValue: null });
    assert.deepEqual(back.data, items);
  });

  it("writes null as an empty item and refuses non-text values", async () => {
    const p = pipeline([{ name: "vlen-utf8" }], str, [2]);
    const back = await p.decode(await p.encode({ dtype: str, shape: [2], data: [null, "z"] }), { shape: [2], dtype: str, fillValue: "" });
    assert.deepEqual(back.data, ["", "z"]);
    await assert.rejects(p.encode({ dtype: str, shape: [2], data: [{}, "z"] }), UnsupportedWriteError);
  });

  it("honours the byteOffset of a subarray view", async () => {
    const p = pipeline([{ name: "vlen-utf8" }], str, [2]);
    const bytes = await p.encode({ dtype: str, shape: [2], data: ["left", "right"] });
    for (const offset of [1, 5, 13]) {
      const out = await p.decode(atOffset(bytes, offset), { shape: [2], dtype: str, fillValue: "" });
      assert.deepEqual(out.data, ["left", "right"]);
    }
    const q = pipeline([{ name: "vlen-bytes" }], bin, [1]);
    const b = await q.encode({ dtype: bin, shape: [1], data: [Uint8Array.of(9, 8)] });
    assert.deepEqual((await q.decode(atOffset(b, 3), { shape: [1], dtype: bin, fillValue: null })).data, [Uint8Array.of(9, 8)]);
  });

  it("answers truncated or inconsistent chunks with ChunkDecodeError", async () => {
    const p = pipeline([{ name: "vlen-utf8" }], str, [2]);
    const spec = { shape: [2], dtype: str, fillValue: "" };
    const good = await p.encode({ dtype: str, shape: [2], data: ["hello", "world"] });
    for (let n = 0; n < good.length; n++) {
      await assert.rejects(p.decode(good.subarray(0, n), spec), ChunkDecodeError, `cut at ${n}`);
    }
    // Count says 3 for a 2-element chunk.
    const wrongCount = good.slice();
    wrongCount[0] = 3;
    await assert.rejects(p.decode(wrongCount, spec), /holds 3 items, expected 2/);
    // A huge count never allocates or hangs.
    const huge = good.slice();
    huge.set([0xff, 0xff, 0xff, 0xff], 0);
    await assert.rejects(p.decode(huge, { ...spec, shape: [0xffffffff] }), ChunkDecodeError);
    // An item length past the end.
    const longItem = good.slice();
    longItem.set([0xff, 0xff, 0, 0], 4);
    await assert.rejects(p.decode(longItem, spec), /truncated/);
  });

  it("reads hdmf-zarr's vlen-bytes + blosc session_start_time", async () => {
    const dir = join(FIXTURES, "zarr-v2/zarr_tutorial.nwb.zarr/session_start_time");
    const z = JSON.parse(readFileSync(join(dir, ".zarray"), "utf8"));
    const chain = v2CodecChain({ dtype: bin, order: z.order, filters: z.filters, compressor: z.compressor });
    const p = CodecPipeline.create(chain, ctx(bin, z.chunks, { zarrFormat: 2 }));
    const out = await p.decode(readFileSync(join(dir, "0")), { shape: z.chunks, dtype: bin, fillValue: null });
    assert.equal(out.data.length, 1);
    const text = new TextDecoder().decode(out.data[0] as Uint8Array);
    assert.match(text, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
  });
});
