/**
 * Zstandard decoding under a cap, for every zstd decoder (native addon, Node's zlib, numcodecs'
 * WebAssembly, zstd streams inside Blosc frames): none of them can be told to stop part way, and
 * a frame need not state its decoded size, so a 33 KB frame of RLE blocks can decode to a
 * gigabyte. The block headers still bound what each block can produce (RFC 8878 §3.1.1.2: a Raw
 * or RLE block its Block_Size, a Compressed block at most min(Window_Size, 128 KiB)). So:
 * - a stated Frame_Content_Size past the cap is refused from the header (within it, the decoders
 *   size their output by it and fail past it);
 * - a frame that states its size (numcodecs and zarr-python write such frames) is decoded in one
 *   call into one buffer of that size, when the backend can (`sized`), and must decode to exactly it;
 * - a frame that does not, by a backend that can stop at the cap (`capped`, node:zlib), in one call;
 * - input whose blocks cannot produce more than the cap plus one block is decoded whole;
 * - otherwise each frame is decoded a prefix at a time (the blocks so far, closed as a frame of
 *   their own), every prefix small enough to fit the cap plus one block, and refused as soon as
 *   one decodes past the cap. Streaming encoders can get here (the addon's fills its blocks to
 *   about half), at up to twice the decoding work: node:zlib's one call (`capped`) avoids it.
 */
import { concatBytes } from "../../store/concat-bytes.js";
import { frameContentSize, isSkippableMagic, magicAt, ZSTD_BLOCK_MAX, zstdFrames, ZstdSizeError, type ZstdFrame } from "./zstd-frame.js";

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

/**
 * Decodes one data frame that states its decoded size `size` in one call, into one buffer
 * allocated at that size (see native/zstd-builtin.ts). Called only with sizes within the cap.
 */
export type SizedDecode = (frame: Uint8Array, size: number) => Uint8Array | Promise<Uint8Array>;

/**
 * Decodes one data frame that does not state its size in one call, into one buffer of at most
 * min(`max`, `bound`) + 1 bytes (`bound`: what its blocks can produce), and stops as soon as the
 * output passes `max`: `undefined` then. Only a decoder that can stop part way may be one.
 */
export type CappedDecode = (frame: Uint8Array, max: number, bound: number) => Uint8Array | undefined | Promise<Uint8Array | undefined>;

/** `out` when it is exactly the `stated` size of its frame; else a ZstdSizeError, never a chunk cut short. */
function exactly(out: Uint8Array, stated: number): Uint8Array {
  if (out.length !== stated) throw new ZstdSizeError(stated, out.length);
  return out;
}

/** One data frame that states its size: in one call where the backend can, else by the streaming decoder. */
async function decodeSizedFrame(frame: Uint8Array, size: number, decode: Decode, sized: SizedDecode | undefined): Promise<Uint8Array> {
  return exactly(await (sized ? sized(frame, size) : decode(frame)), size);
}

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

/** One frame of no known size: in one call by `capped` when given, else a prefix at a time. */
async function decodeUnsizedFrame(
  bytes: Uint8Array, frame: ZstdFrame, max: number, decode: Decode, tooLarge: () => Error, capped: CappedDecode | undefined,
): Promise<Uint8Array> {
  if (!capped) return decodeFrameInSteps(bytes, frame, max, decode, tooLarge);
  const out = await capped(frame.start === 0 && frame.end === bytes.length ? bytes : bytes.subarray(frame.start, frame.end), max, frameBound(frame));
  if (out === undefined || out.length > max) throw tooLarge();
  return out;
}

/**
 * Decode Zstandard `bytes` (frames and skippable frames) with `decode`, never letting it produce
 * more than about `max` + 128 KiB: past `max` bytes, `tooLarge` is thrown (with the stated size
 * when a header gave it away). Frames that state their size go to `sized` when given, and a frame
 * decoding to another size than it states is a ZstdSizeError; a single frame without a size goes
 * to `capped` when given. Malformed input is a ZstdFrameError before any decoding.
 */
export async function decodeZstdCapped(
  bytes: Uint8Array, max: number, decode: Decode, tooLarge: (declared?: number) => Error, sized?: SizedDecode, capped?: CappedDecode,
): Promise<Uint8Array> {
  // A stated size tells a bomb from its first header, before the rest is even looked at.
  const first = isSkippableMagic(magicAt(bytes) ?? 0) ? undefined : frameContentSize(bytes);
  if (first !== undefined && first > max) throw tooLarge(first);
  const frames = zstdFrames(bytes);
  const declared = frames.reduce((n, f) => n + (f.contentSize ?? 0), 0);
  if (declared > max) throw tooLarge(declared);
  const data = frames.filter((f) => !f.skippable);
  if (data.length === 1 && data[0].contentSize !== undefined) {
    // The common chunk: one frame stating its size, decoded into a buffer of that size.
    const f = data[0];
    return decodeSizedFrame(f.start === 0 && f.end === bytes.length ? bytes : bytes.subarray(f.start, f.end), f.contentSize!, decode, sized);
  }
  // One frame without a size, to a decoder that stops at the cap by itself.
  if (capped && data.length === 1) return decodeUnsizedFrame(bytes, data[0], max, decode, tooLarge, capped);
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
      ? await decodeUnsizedFrame(bytes, frame, room, decode, tooLarge, capped)
      : await decodeSizedFrame(bytes.subarray(frame.start, frame.end), frame.contentSize, decode, sized);
    if (out.length > room) throw tooLarge();
    parts.push(out);
    total += out.length;
  }
  return parts.length === 1 ? parts[0] : concatBytes(parts);
}
