/**
 * Reading Zstandard frame boundaries and stated sizes from the headers (src/zarr/codecs/zstd-frame.ts),
 * on frames made by every encoder at hand: numcodecs in Python (data/numcodecs-frames.json), numcodecs'
 * WebAssembly, the native addon and, where this Node has it, node:zlib.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { numcodecsClass } from "../../../src/zarr/codecs/numcodecs-wasm.js";
import { nativeZstd } from "../../../src/zarr/codecs/native/zstd-addon.js";
import { zlibZstd } from "../../../src/zarr/codecs/native/zstd-builtin.js";
import { frameContentSize, withContentSize, ZstdFrameError, zstdFrames, type ZstdFrame } from "../../../src/zarr/codecs/zstd-frame.js";
import { mixedBytes, skippable } from "./zstd-helpers.js";

/** A frame's place and stated size (its blocks are zstd-capped's business). */
const outline = (frames: ZstdFrame[]) => frames.map(({ start, end, skippable, contentSize }) => ({ start, end, skippable, contentSize }));

const PY = (JSON.parse(readFileSync(join(__dirname, "data", "numcodecs-frames.json"), "utf8")) as { cases: { kind: string; nbytes: number; frame: string }[] }).cases
  .filter((c) => c.kind === "zstd")
  .map((c) => ({ nbytes: c.nbytes, bytes: new Uint8Array(Buffer.from(c.frame, "base64")) }));

/** Frames of `input` from each encoder here, labelled; `sized` tells whether the header must state the size. */
async function framesOf(input: Uint8Array): Promise<{ label: string; frame: Uint8Array; sized: boolean }[]> {
  const out: { label: string; frame: Uint8Array; sized: boolean }[] = [];
  const Wasm = await numcodecsClass("zstd");
  out.push({ label: "numcodecs WebAssembly", frame: await Wasm.fromConfig({ id: "zstd", level: 5 }).encode(input), sized: true });
  const addon = nativeZstd();
  if (addon) {
    for (const level of [-5, 3, 19]) out.push({ label: `addon level ${level}`, frame: await addon.encode(input, level), sized: false });
  }
  const z = zlibZstd();
  if (z) {
    const { ZSTD_c_compressionLevel: level, ZSTD_c_checksumFlag: checksum } = z.constants;
    out.push({ label: "node:zlib one-shot", frame: z.zstdCompressSync(input, {}), sized: true });
    out.push({ label: "node:zlib with checksum", frame: z.zstdCompressSync(input, { params: { [checksum]: 1, [level]: 1 } }), sized: true });
    // The streaming encoder, fed in small pieces, does not know the size: several blocks, no size stated.
    out.push({ label: "node:zlib streamed", frame: await new Promise((res, rej) => z.zstdCompress(input, { chunkSize: 64 }, (e, b) => (e ? rej(e) : res(b)))), sized: false });
  }
  return out;
}

describe("Zstandard frame boundaries", () => {
  const inputs: [string, Uint8Array][] = [
    ["mixed data, 600 KiB (several blocks)", mixedBytes(600 << 10)],
    ["zeros, 300 KiB (RLE blocks)", new Uint8Array(300 << 10)],
    ["random bytes, 40 KiB (raw blocks)", mixedBytes(40 << 10, 1)],
    ["1 byte", Uint8Array.of(42)],
    ["empty", new Uint8Array(0)],
  ];
  for (const [name, input] of inputs) {
    it(`one frame spans every byte of each encoder's output: ${name}`, async () => {
      const frames = await framesOf(input);
      assert.ok(frames.length >= 2);
      for (const { label, frame, sized } of frames) {
        assert.deepEqual(outline(zstdFrames(frame)), [{ start: 0, end: frame.length, skippable: false, contentSize: sized ? input.length : frameContentSize(frame) }], label);
        if (sized) assert.equal(frameContentSize(frame), input.length, label);
        assert.equal(frameContentSize(withContentSize(frame, input.length)), input.length, `${label}, size added`);
        assert.equal(zstdFrames(withContentSize(frame, input.length))[0].contentSize, input.length, `${label}, size added`);
      }
    });
  }

  it("numcodecs (Python) frames: one frame each, stating its size", () => {
    assert.equal(PY.length, 5);
    for (const c of PY) assert.deepEqual(outline(zstdFrames(c.bytes)), [{ start: 0, end: c.bytes.length, skippable: false, contentSize: c.nbytes }]);
  });

  it("skippable frames before, between and after data frames are found, each with its bounds", async () => {
    const a = (await framesOf(mixedBytes(70_000)))[0].frame;
    const b = PY[0].bytes;
    const s1 = skippable(0x184d2a50, 5);
    const s2 = skippable(0x184d2a5f, 0);
    const stream = Buffer.concat([s1, a, s2, b, s1]);
    const frames = zstdFrames(stream);
    assert.deepEqual(frames.map((f) => [f.start, f.end, f.skippable, f.contentSize]), [
      [0, 13, true, undefined],
      [13, 13 + a.length, false, 70_000],
      [13 + a.length, 21 + a.length, true, undefined],
      [21 + a.length, 21 + a.length + b.length, false, PY[0].nbytes],
      [21 + a.length + b.length, stream.length, true, undefined],
    ]);
  });

  it("a broken stream is a ZstdFrameError saying where, at every truncation point and for each damage", async () => {
    const frame = (await framesOf(mixedBytes(300_000)))[0].frame;
    for (let cut = 1; cut < frame.length; cut += Math.max(1, Math.floor(frame.length / 97))) {
      assert.throws(() => zstdFrames(frame.subarray(0, cut)), ZstdFrameError, `cut at ${cut}`);
    }
    const reserved = frame.slice();
    reserved[4] |= 0x08;
    assert.throws(() => zstdFrames(reserved), /reserved header bit/);
    assert.throws(() => zstdFrames(Buffer.concat([frame, Buffer.from("junk")])), /no Zstandard frame at byte \d+/);
    assert.throws(() => zstdFrames(skippable(0x184d2a53, 100).subarray(0, 50)), /skippable frame at byte 0 runs past the end/);
    assert.deepEqual(zstdFrames(new Uint8Array(0)), []);
  });
});
