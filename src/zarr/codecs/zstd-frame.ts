/**
 * Zstandard frame headers and frame boundaries (RFC 8878 §3.1), read without decoding: the
 * content size a chunk states (to refuse a decompression bomb before decoding it and to size the
 * output), and where each frame ends (node:zlib's decoder stops silently at a skippable frame,
 * so those are cut out before it sees them).
 */

/** The magic number that opens a Zstandard data frame. */
export const ZSTD_MAGIC = 0xfd2fb528;

/** Whether a 32-bit little-endian magic number opens a skippable frame (0x184D2A50–5F). */
export const isSkippableMagic = (magic: number): boolean => (magic & 0xfffffff0) === 0x184d2a50;

/** The little-endian magic number at `at`, or undefined past the end. */
export function magicAt(bytes: Uint8Array, at = 0): number | undefined {
  if (bytes.length < at + 4) return undefined;
  return new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0, true);
}

/** Sizes of the fields of a frame header, from its Frame_Header_Descriptor. */
export function headerFields(descriptor: number): { fcsBytes: number; fcsAt: number; headerBytes: number; checksum: boolean } {
  const singleSegment = (descriptor >> 5) & 1;
  const fcsBytes = [singleSegment ? 1 : 0, 2, 4, 8][descriptor >> 6];
  const fcsAt = 5 + (singleSegment ? 0 : 1) + [0, 1, 2, 4][descriptor & 3];
  return { fcsBytes, fcsAt, headerBytes: fcsAt + fcsBytes, checksum: ((descriptor >> 2) & 1) === 1 };
}

/** Window_Size from a Window_Descriptor byte (RFC 8878 §3.1.1.1.2). */
export function windowSize(descriptor: number): number {
  const base = 2 ** (10 + (descriptor >> 3));
  return base + (base / 8) * (descriptor & 7);
}

/** The Frame_Content_Size of the Zstandard frame at the start of `bytes`, when it states one. */
export function frameContentSize(bytes: Uint8Array): number | undefined {
  if (bytes.length < 5) return undefined;
  const { fcsBytes, fcsAt } = headerFields(bytes[4]);
  if (fcsBytes === 0 || bytes.length < fcsAt + fcsBytes) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset + fcsAt, fcsBytes);
  switch (fcsBytes) {
    case 1: return view.getUint8(0);
    case 2: return view.getUint16(0, true) + 256;
    case 4: return view.getUint32(0, true);
    default: return Number(view.getBigUint64(0, true));
  }
}

/**
 * The same frame with its Frame_Content_Size field set to `size` (8 bytes), when the header lacks
 * one: older numcodecs refuses frames that do not state it. Only the header changes: blocks and
 * checksum do not depend on it.
 */
export function withContentSize(frame: Uint8Array, size: number): Uint8Array {
  if (frame.length < 6 || frameContentSize(frame) !== undefined) return frame;
  const descriptor = frame[4];
  if ((descriptor >> 5) & 1) return frame; // single segment frames always state their size
  const at = 6 + [0, 1, 2, 4][descriptor & 3];
  const out = new Uint8Array(frame.length + 8);
  out.set(frame.subarray(0, at));
  out[4] = descriptor | 0xc0;
  new DataView(out.buffer, at, 8).setBigUint64(0, BigInt(size), true);
  out.set(frame.subarray(at), at + 8);
  return out;
}

/** One block of a data frame: bytes `[start, end)` of the input, header included. */
export interface ZstdBlock {
  start: number;
  end: number;
  /** Most bytes it decodes to: a Raw or RLE block its Block_Size, a Compressed one Block_Maximum_Size. */
  bound: number;
}

/** The largest Block_Maximum_Size of any frame (RFC 8878 §3.1.1.2.4). */
export const ZSTD_BLOCK_MAX = 128 * 1024;

/** One frame of a Zstandard stream: bytes `[start, end)` of the input. */
export interface ZstdFrame {
  start: number;
  end: number;
  skippable: boolean;
  /** The decoded size a data frame states, if it does. */
  contentSize?: number;
  /** The blocks of a data frame (none for a skippable one). */
  blocks: ZstdBlock[];
}

/** A stream whose frame structure is broken (bad magic, truncated header or block, reserved bits). */
export class ZstdFrameError extends Error {
  override readonly name = "ZstdFrameError";
}

/**
 * A data frame that decodes to another size than its header states: corrupt or hostile data,
 * never a chunk cut short or padded.
 */
export class ZstdSizeError extends Error {
  override readonly name = "ZstdSizeError";
  constructor(
    /** The Frame_Content_Size the header states. */
    readonly stated: number,
    /** What it decoded to, when known; undefined when decoding stopped past the stated size. */
    readonly decoded?: number,
  ) {
    super(decoded === undefined
      ? `a Zstandard frame stating ${stated} decoded bytes decodes to more`
      : `a Zstandard frame stating ${stated} decoded bytes decodes to ${decoded}`);
  }
}

/** The frames of a Zstandard stream, in order, found from the headers alone. */
export function zstdFrames(bytes: Uint8Array): ZstdFrame[] {
  const frames: ZstdFrame[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at < bytes.length) {
    const magic = magicAt(bytes, at);
    if (magic !== undefined && isSkippableMagic(magic)) {
      if (at + 8 > bytes.length) throw new ZstdFrameError(`skippable frame at byte ${at} is cut short`);
      const end = at + 8 + view.getUint32(at + 4, true);
      if (end > bytes.length) throw new ZstdFrameError(`skippable frame at byte ${at} runs past the end`);
      frames.push({ start: at, end, skippable: true, blocks: [] });
      at = end;
      continue;
    }
    if (magic !== ZSTD_MAGIC) throw new ZstdFrameError(`no Zstandard frame at byte ${at}`);
    if (at + 5 > bytes.length) throw new ZstdFrameError(`frame header at byte ${at} is cut short`);
    const descriptor = bytes[at + 4];
    if (descriptor & 0x08) throw new ZstdFrameError(`frame at byte ${at} sets a reserved header bit`);
    const { headerBytes, checksum } = headerFields(descriptor);
    const frame = bytes.subarray(at);
    if (at + headerBytes > bytes.length) throw new ZstdFrameError(`frame header at byte ${at} is cut short`);
    const contentSize = frameContentSize(frame);
    const blockMax = Math.min(ZSTD_BLOCK_MAX, (descriptor >> 5) & 1 ? contentSize! : windowSize(bytes[at + 5]));
    const blocks: ZstdBlock[] = [];
    let p = at + headerBytes;
    for (let last = false; !last; ) {
      if (p + 3 > bytes.length) throw new ZstdFrameError(`block header at byte ${p} is cut short`);
      const header = bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16);
      last = (header & 1) === 1;
      const type = (header >> 1) & 3;
      const size = header >>> 3;
      if (type === 3) throw new ZstdFrameError(`block at byte ${p} has the reserved type`);
      if (size > blockMax) throw new ZstdFrameError(`block at byte ${p} is larger than the frame's ${blockMax}-byte block maximum`);
      const start = p;
      p += 3 + (type === 1 ? 1 : size); // an RLE block stores one byte
      if (p > bytes.length) throw new ZstdFrameError(`block ending at byte ${p} runs past the end`);
      blocks.push({ start, end: p, bound: type === 2 ? blockMax : size });
    }
    if (checksum) p += 4;
    if (p > bytes.length) throw new ZstdFrameError(`frame checksum ending at byte ${p} runs past the end`);
    frames.push({ start: at, end: p, skippable: false, contentSize, blocks });
    at = p;
  }
  return frames;
}

/** Whether the data frame at `frame.start` of `bytes` ends with a content checksum. */
export function hasChecksum(bytes: Uint8Array, frame: ZstdFrame): boolean {
  return ((bytes[frame.start + 4] >> 2) & 1) === 1;
}

/** The smallest Window_Descriptor byte whose Window_Size is at least `size`; undefined past the largest window (3.75 TiB). */
function windowDescriptorFor(size: number): number | undefined {
  for (let exponent = 0; exponent < 32; exponent++) {
    for (let mantissa = 0; mantissa < 8; mantissa++) {
      const descriptor = (exponent << 3) | mantissa;
      if (windowSize(descriptor) >= size) return descriptor;
    }
  }
  return undefined;
}

/**
 * Blocks `[0, k)` of the data frame `frame` of `bytes` as a frame of their own that states no
 * content size and has no checksum (block k-1 marked last), or undefined when the frame cannot be
 * cut so. What it decodes to is the first bytes of what the whole frame decodes to: Zstandard
 * blocks refer only to bytes before them. A single-segment frame (its window is its content size)
 * gets a Window_Descriptor at least that large, so every earlier byte stays in reach.
 */
export function framePrefixUnsized(bytes: Uint8Array, frame: ZstdFrame, k: number): Uint8Array | undefined {
  if (frame.skippable || k < 1 || k > frame.blocks.length) return undefined;
  const descriptor = bytes[frame.start + 4];
  const singleSegment = (descriptor >> 5) & 1;
  const dictBytes = [0, 1, 2, 4][descriptor & 3];
  let window: number | undefined;
  if (singleSegment) {
    if (frame.contentSize === undefined) return undefined;
    window = windowDescriptorFor(frame.contentSize);
    if (window === undefined) return undefined;
  } else {
    window = bytes[frame.start + 5];
  }
  const dictAt = frame.start + 5 + (singleSegment ? 0 : 1);
  const first = frame.blocks[0].start;
  const last = frame.blocks[k - 1];
  const head = 6 + dictBytes;
  const out = new Uint8Array(head + last.end - first);
  out.set(bytes.subarray(frame.start, frame.start + 4));
  out[4] = descriptor & 0x03; // no content size, not single segment, no checksum; the dictionary ID kept
  out[5] = window;
  out.set(bytes.subarray(dictAt, dictAt + dictBytes), 6);
  out.set(bytes.subarray(first, last.end), head);
  out[head + last.start - first] |= 1;
  return out;
}
