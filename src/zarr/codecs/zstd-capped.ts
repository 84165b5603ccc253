/**
 * Zstandard decoding under a cap, for every zstd decoder (native addon, Node's zlib, numcodecs'
 * WebAssembly, zstd streams inside Blosc frames): none of them can be told to stop part way, and
 * a frame need not state its decoded size, so a 33 KB frame of RLE blocks can decode to a
 * gigabyte. The block headers still bound what each block can produce (RFC 8878 §3.1.1.2: a Raw
 * or RLE block its Block_Size, a Compressed block at most min(Window_Size, 128 KiB)). So:
 * - a stated Frame_Content_Size past the cap is refused from the header (within it, the decoders
 *   size their output by it and fail past it);
 * - input whose blocks cannot produce more than the cap plus one block is decoded whole;
 * - otherwise each frame is decoded a prefix at a time (the blocks so far, closed as a frame of
 *   their own), every prefix small enough to fit the cap plus one block, and refused as soon as
 *   one decodes past the cap. Frames from real encoders fill their blocks and never get here.
 */
import { concatBytes } from "../../store/concat-bytes.js";
import { frameContentSize, isSkippableMagic, magicAt, ZSTD_BLOCK_MAX, zstdFrames, type ZstdFrame } from "./zstd-frame.js";

/**
 * What a frame can decode to at most: its stated size (the decoders size their output by it and
 * fail past it), else what its blocks can produce.
 */
const frameBound = (f: ZstdFrame): number => f.contentSize ?? f.blocks.reduce((n, b) => n + b.bound, 0);

/** Blocks `[0, k)` of `frame` as a frame of their own: same header, no checksum, block k-1 last. */
function framePrefix(bytes: Uint8Array, frame: ZstdFrame, k: number): Uint8Array {
  const first = frame.blocks[0].start;
  const lastBlock = frame.blocks[k - 1];
  const head = first - frame.start;
  const out = new Uint8Array(head + lastBlock.end - first);
  out.set(bytes.subarray(frame.start, first));
  out[4] &= ~0x04; // the checksum covers the whole frame's output
  out.set(bytes.subarray(first, lastBlock.end), head);
  out[head + lastBlock.start - first] |= 1;
  return out;
}

type Decode = (bytes: Uint8Array) => Promise<Uint8Array>;

/** One frame of no known size, decoded a prefix at a time so that no step can pass `max` by more than a block. */
async function decodeFrameInSteps(bytes: Uint8Array, frame: ZstdFrame, max: number, decode: Decode, tooLarge: () => Error): Promise<Uint8Array> {
  // Blocks [0, done) are known to decode to `known` bytes (at most `max`).
  let done = 0;
  let known = 0;
  for (;;) {
    let k = done;
    let bound = known;
    while (k < frame.blocks.length && bound + frame.blocks[k].bound <= max + ZSTD_BLOCK_MAX) bound += frame.blocks[k++].bound;
    const whole = k === frame.blocks.length;
    const out = await decode(whole ? bytes.subarray(frame.start, frame.end) : framePrefix(bytes, frame, k));
    if (out.length > max) throw tooLarge();
    if (whole) return out;
    done = k;
    known = out.length;
  }
}

/**
 * Decode Zstandard `bytes` (frames and skippable frames) with `decode`, never letting it produce
 * more than about `max` + 128 KiB: past `max` bytes, `tooLarge` is thrown (with the stated size
 * when a header gave it away). Malformed input is a ZstdFrameError before any decoding.
 */
export async function decodeZstdCapped(
  bytes: Uint8Array, max: number, decode: Decode, tooLarge: (declared?: number) => Error,
): Promise<Uint8Array> {
  // A stated size tells a bomb from its first header, before the rest is even looked at.
  const first = isSkippableMagic(magicAt(bytes) ?? 0) ? undefined : frameContentSize(bytes);
  if (first !== undefined && first > max) throw tooLarge(first);
  const frames = zstdFrames(bytes);
  const declared = frames.reduce((n, f) => n + (f.contentSize ?? 0), 0);
  if (declared > max) throw tooLarge(declared);
  const bound = frames.reduce((n, f) => n + frameBound(f), 0);
  if (bound <= max + ZSTD_BLOCK_MAX) {
    const out = await decode(bytes);
    if (out.length > max) throw tooLarge();
    return out;
  }
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const frame of frames) {
    if (frame.skippable) continue;
    const room = max - total;
    const out = frame.contentSize === undefined
      ? await decodeFrameInSteps(bytes, frame, room, decode, () => tooLarge())
      : await decode(bytes.subarray(frame.start, frame.end));
    if (out.length > room) throw tooLarge();
    parts.push(out);
    total += out.length;
  }
  return parts.length === 1 ? parts[0] : concatBytes(parts);
}
