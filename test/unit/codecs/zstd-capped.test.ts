/**
 * Zstandard decoding under a cap (zstd-capped.ts): legitimate input decodes exactly, whichever
 * path it takes (whole, or a prefix of blocks at a time for frames whose blocks produce less than
 * they could), with both decoders; input past the cap is refused, from the header when it says so,
 * and malformed input is refused before any decoder sees it.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nativeZstd } from "../../../src/zarr/codecs/native/zstd-addon.js";
import { numcodecsClass } from "../../../src/zarr/codecs/numcodecs-wasm.js";
import { decodeZstdCapped } from "../../../src/zarr/codecs/zstd-capped.js";
import { ZstdFrameError } from "../../../src/zarr/codecs/zstd-frame.js";

/** A frame header without a content size: magic, descriptor 0, a 128 KiB window. */
const HEADER = [0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38];

/** A Compressed block of raw literals only (no sequences): it decodes to `text` but could, by its header, to 128 KiB. */
function literalBlock(text: Uint8Array, last: boolean): number[] {
  const content = [text.length << 3, ...text, 0x00];
  const header = (last ? 1 : 0) | (2 << 1) | (content.length << 3);
  return [header & 0xff, (header >> 8) & 0xff, header >> 16, ...content];
}

/** A frame of `blocks` literal blocks, block i holding ten bytes of value i. */
function smallBlocksFrame(blocks: number): { frame: Uint8Array; content: Uint8Array } {
  const content = new Uint8Array(blocks * 10);
  const bytes = [...HEADER];
  for (let i = 0; i < blocks; i++) {
    const text = new Uint8Array(10).fill(i & 0xff);
    content.set(text, i * 10);
    bytes.push(...literalBlock(text, i === blocks - 1));
  }
  return { frame: new Uint8Array(bytes), content };
}

/** A frame stating its content size (4-byte field) of one literal block. */
function sizedFrame(text: Uint8Array): Uint8Array {
  const size = [text.length & 0xff, (text.length >> 8) & 0xff, 0, 0];
  return new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0x80, 0x38, ...size, ...literalBlock(text, true)]);
}

const skippable = new Uint8Array([0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3]);

type Decode = (bytes: Uint8Array) => Promise<Uint8Array>;

async function decoders(): Promise<[string, Decode][]> {
  const Zstd = await numcodecsClass("zstd");
  const wasm = Zstd.fromConfig({ id: "zstd", level: 1 });
  const out: [string, Decode][] = [["wasm", async (b) => new Uint8Array(await wasm.decode(b))]];
  const native = nativeZstd();
  if (native) out.push([native.name, (b) => native.decode(b)]);
  return out;
}

const tooLarge = (declared?: number) => new Error(`too large${declared === undefined ? "" : ` (${declared})`}`);

describe("zstd decoding under a cap", () => {
  it("decodes a frame whose blocks produce far less than they could, a prefix at a time, exactly", async () => {
    const { frame, content } = smallBlocksFrame(50);
    for (const [name, decode] of await decoders()) {
      let calls = 0;
      const counted: Decode = (b) => (calls++, decode(b));
      assert.deepEqual(await decodeZstdCapped(frame, content.length, counted, tooLarge), content, name);
      assert.ok(calls > 1, `${name}: decoded in steps (${calls} calls)`);
    }
  });

  it("decodes frames and skippable frames together, sized or not", async () => {
    const { frame, content } = smallBlocksFrame(20);
    const text = new Uint8Array(25).fill(7);
    const input = new Uint8Array([...frame, ...skippable, ...sizedFrame(text)]);
    const expected = new Uint8Array([...content, ...text]);
    for (const [name, decode] of await decoders()) {
      assert.deepEqual(await decodeZstdCapped(input, expected.length, decode, tooLarge), expected, `${name}, in steps`);
      assert.deepEqual(await decodeZstdCapped(input, 1 << 30, decode, tooLarge), expected, `${name}, whole`);
    }
  });

  it("refuses a frame that decodes one byte past the cap", async () => {
    const { frame, content } = smallBlocksFrame(50);
    for (const [name, decode] of await decoders()) {
      await assert.rejects(decodeZstdCapped(frame, content.length - 1, decode, tooLarge), /^Error: too large$/, name);
    }
  });

  it("refuses a stated size past the cap from the header, decoding nothing", async () => {
    const never: Decode = async () => assert.fail("decoded");
    const sized = sizedFrame(new Uint8Array(25));
    await assert.rejects(decodeZstdCapped(sized, 24, never, tooLarge), /too large \(25\)/);
    // Even when the rest of the input is damaged: the header alone tells.
    await assert.rejects(decodeZstdCapped(sized.subarray(0, 12), 24, never, tooLarge), /too large \(25\)/);
  });

  it("refuses malformed input before any decoder sees it", async () => {
    const never: Decode = async () => assert.fail("decoded");
    const { frame } = smallBlocksFrame(3);
    await assert.rejects(decodeZstdCapped(frame.subarray(0, frame.length - 2), 1 << 20, never, tooLarge), ZstdFrameError);
    await assert.rejects(decodeZstdCapped(new Uint8Array([...frame, 0, 0]), 1 << 20, never, tooLarge), ZstdFrameError);
    // An RLE block larger than the frame's window allows.
    const oversized = new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x00, 1 | (1 << 1) | ((4096 << 3) & 0xff), (4096 << 3) >> 8, 0, 0x41]);
    await assert.rejects(decodeZstdCapped(oversized, 1 << 20, never, tooLarge), /larger than the frame's 1024-byte block maximum/);
  });
});
