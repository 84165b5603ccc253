/**
 * Decoding the start of a Zstandard chunk from only the blocks before it (`ZstdCodec.decodePrefix`,
 * `framePrefixUnsized`): the bytes equal the start of the whole decode, single-segment frames get a
 * window, and every case that must decode whole (checksum, several frames, no stated size, most of
 * the content, past the cap) says so with `undefined`.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ZstdCodec } from "../../../src/zarr/codecs/zstd.js";
import { framePrefixUnsized, zstdFrames } from "../../../src/zarr/codecs/zstd-frame.js";
import { mixedBytes } from "./zstd-helpers.js";

/** A frame of Raw blocks holding `parts`, stating its content size in 4 bytes. */
function rawFrame(parts: Uint8Array[], options: { singleSegment?: boolean; checksum?: boolean } = {}): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const head = [0x28, 0xb5, 0x2f, 0xfd, 0x80 | (options.singleSegment ? 0x20 : 0) | (options.checksum ? 0x04 : 0)];
  if (!options.singleSegment) head.push(7 << 3); // Window_Size 128 KiB
  head.push(total & 0xff, (total >> 8) & 0xff, (total >> 16) & 0xff, total >>> 24);
  const blocks = parts.flatMap((p, i) => {
    const header = (i === parts.length - 1 ? 1 : 0) | (p.length << 3); // Raw block: type 0
    return [header & 0xff, (header >> 8) & 0xff, header >> 16, ...p];
  });
  return Uint8Array.from([...head, ...blocks, ...(options.checksum ? [0, 0, 0, 0] : [])]);
}

const parts = [0, 1, 2, 3, 4].map((i) => mixedBytes(1000, i + 1));
const content = Uint8Array.from(parts.flatMap((p) => [...p]));
const zstd = new ZstdCodec(3, {});

describe("framePrefixUnsized", () => {
  it("keeps the first blocks, marks the last of them, and states no size", () => {
    const frame = rawFrame(parts);
    const prefix = framePrefixUnsized(frame, zstdFrames(frame)[0], 2)!;
    assert.deepEqual([...prefix.subarray(0, 6)], [0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3]);
    const [cut] = zstdFrames(prefix);
    assert.equal(cut.contentSize, undefined);
    assert.equal(cut.blocks.length, 2);
    assert.equal(prefix[6 + 3 + 1000] & 1, 1, "the second block is the last");
  });

  it("gives a single-segment frame a window at least its content size", () => {
    const frame = rawFrame(parts, { singleSegment: true });
    const prefix = framePrefixUnsized(frame, zstdFrames(frame)[0], 3)!;
    // 5000 bytes: Window_Size 2^(10+2) + 2^12/8 × 2 = 5120, the smallest at least 5000
    assert.equal(prefix[5], (2 << 3) | 2);
  });
});

describe("ZstdCodec.decodePrefix", () => {
  it("decodes the blocks up to the length asked, as the whole frame begins", async () => {
    const frame = rawFrame(parts);
    assert.deepEqual(await zstd.decode(frame), content);
    const out = await zstd.decodePrefix(frame, 2500);
    assert.equal(out?.length, 3000);
    assert.deepEqual(out, content.subarray(0, 3000));
    assert.deepEqual(await zstd.decodePrefix(rawFrame(parts, { singleSegment: true }), 1), content.subarray(0, 1000));
  });

  it("decodes compressed blocks from the encoder the same as the whole frame", async () => {
    const input = mixedBytes(1 << 20);
    const frame = await zstd.encode(input);
    assert.ok(zstdFrames(frame)[0].blocks.length > 4, "several blocks");
    const out = await zstd.decodePrefix(frame, 300_000);
    assert.ok(out !== undefined && out.length >= 300_000 && out.length < input.length, `prefix of ${out?.length} bytes`);
    assert.deepEqual(out, input.subarray(0, out.length));
  });

  it("leaves to the whole decode: checksums, several frames, no stated size, most of the content, past the cap", async () => {
    assert.equal(await zstd.decodePrefix(rawFrame(parts, { checksum: true }), 100), undefined);
    const two = Uint8Array.from([...rawFrame(parts), ...rawFrame(parts)]);
    assert.equal(await zstd.decodePrefix(two, 100), undefined);
    const unsized = framePrefixUnsized(rawFrame(parts), zstdFrames(rawFrame(parts))[0], 5)!;
    assert.equal(await zstd.decodePrefix(unsized, 100), undefined);
    assert.equal(await zstd.decodePrefix(rawFrame(parts), 3751), undefined, "more than 3/4 of 5000 bytes");
    assert.equal(await zstd.decodePrefix(rawFrame(parts), 100, { bytes: 4999 }), undefined);
    assert.equal(await zstd.decodePrefix(Uint8Array.of(1, 2, 3, 4, 5, 6), 1), undefined);
  });
});
