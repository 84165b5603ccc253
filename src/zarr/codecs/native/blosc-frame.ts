/**
 * Blosc1 frame decoding, following c-blosc 1.x (the library numcodecs bundles): the 16-byte
 * header, the per-block start offsets, the split of a block into one stream per byte of the
 * element, raw (stored) streams, then byte or bit unshuffle. LZ4 streams are decoded here (in
 * the block workspace: WebAssembly kernels or TypeScript); other codecs' streams by a
 * caller-supplied asynchronous {@link BloscStreamDecoder} (native zstd, node:zlib).
 */
import type { DecodedBlockSink, ByteRange } from "./backend.js";
import { takeWorkspace, type BlockWorkspace } from "./block-workspace.js";
import { bitUnshuffle } from "./unshuffle.js";

/** A Blosc frame that breaks the format (not merely one this decoder does not handle). */
export class BloscFormatError extends Error {
  override readonly name = "BloscFormatError";
}

/** Codec of a frame's streams: bits 5–7 of the flags byte. */
export enum BloscCodecFormat {
  BloscLZ = 0,
  /** LZ4 and LZ4HC share one format. */
  LZ4 = 1,
  Snappy = 2,
  Zlib = 3,
  Zstd = 4,
}

/** The fixed header at the start of every Blosc1 frame. */
export interface BloscHeader {
  version: number;
  /** Version of the stream codec's format. */
  versionlz: number;
  flags: number;
  typesize: number;
  /** Decoded size. */
  nbytes: number;
  blocksize: number;
  /** Size of the whole frame, header included. */
  cbytes: number;
  format: BloscCodecFormat;
}

export type { ByteRange };

const HEADER = 16;
const FLAG_SHUFFLE = 0x1;
const FLAG_MEMCPYED = 0x2;
const FLAG_BITSHUFFLE = 0x4;
/** Set by later Blosc versions only (delta filter); c-blosc 1.x refuses such frames. */
const FLAG_FUTURE = 0x8;
const FLAG_DONT_SPLIT = 0x10;
const FORMAT_VERSION = 2;
const MAX_SPLITS = 16;
const MIN_BUFFERSIZE = 128;
const MAX_TYPESIZE = 255;
/** c-blosc's BLOSC_MAX_BLOCKSIZE: (INT_MAX - 255 * 4) / 3. */
const MAX_BLOCKSIZE = Math.floor((2147483647 - MAX_TYPESIZE * 4) / 3);

/** Read the header; throws on input too short to hold one. */
export function readBloscHeader(bytes: Uint8Array): BloscHeader {
  if (bytes.length < HEADER) throw new BloscFormatError(`a Blosc frame needs a 16-byte header, got ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER);
  const flags = bytes[2];
  return {
    version: bytes[0],
    versionlz: bytes[1],
    flags,
    typesize: bytes[3],
    nbytes: view.getInt32(4, true),
    blocksize: view.getInt32(8, true),
    cbytes: view.getInt32(12, true),
    format: (flags >> 5) as BloscCodecFormat,
  };
}

/**
 * How a frame's streams are decoded: `"lz4"` by the block workspace; otherwise a function that
 * decodes one stream's codec data to exactly `size` bytes (new bytes; run off the main thread,
 * all streams at once), throwing on corrupt data.
 */
export type BloscStreamDecoder = "lz4" | ((src: Uint8Array, size: number) => Promise<Uint8Array>);

/** Whether this decoder handles the frame (the caller falls back to c-blosc otherwise). */
export function isSupportedFrame(h: BloscHeader): boolean {
  // Formats c-blosc 1.x itself refuses are left to it, so the error is its own.
  return h.version === FORMAT_VERSION && (h.flags & FLAG_FUTURE) === 0 && (h.versionlz === 1 || (h.flags & FLAG_MEMCPYED) !== 0);
}

/** Whether the frame holds its data as is, after the header (no codec involved). */
export function isStoredFrame(h: BloscHeader): boolean {
  return (h.flags & FLAG_MEMCPYED) !== 0;
}

/** One split of a block: where its codec data lies, and whether it is stored as is. */
interface Stream {
  src: Uint8Array;
  raw: boolean;
}

interface Block {
  /** Offset of the block in the output. */
  offset: number;
  size: number;
  /** Bytes per stream. */
  neblock: number;
  streams: Stream[];
}

/**
 * Counts blocks put into output buffers by this module (all frames, this thread): lets tests and
 * diagnostics see how much of a frame a partial decode skipped.
 */
export const bloscBlockCounter = { blocks: 0 };

/** Indices (ascending) of the `blocksize`-byte blocks of an `nbytes` buffer that overlap `ranges`. */
export function blocksOverlapping(nbytes: number, blocksize: number, ranges: readonly ByteRange[]): number[] {
  const nblocks = Math.ceil(nbytes / blocksize);
  const wanted = new Uint8Array(nblocks);
  for (const { start, end } of ranges) {
    const lo = Math.max(0, start);
    const hi = Math.min(nbytes, end);
    if (hi <= lo) continue;
    const last = Math.floor((hi - 1) / blocksize);
    for (let j = Math.floor(lo / blocksize); j <= last; j++) wanted[j] = 1;
  }
  const out: number[] = [];
  for (let j = 0; j < nblocks; j++) if (wanted[j]) out.push(j);
  return out;
}

/**
 * Blocks and streams of a compressed frame (those listed in `which`, else all), every offset and
 * length checked against the frame.
 */
function planBlocks(bytes: Uint8Array, h: BloscHeader, which?: readonly number[]): Block[] {
  const { typesize, nbytes, blocksize, cbytes } = h;
  const nblocks = Math.ceil(nbytes / blocksize);
  const leftover = nbytes % blocksize;
  if (nblocks > Math.floor((cbytes - HEADER) / 4)) throw new BloscFormatError(`a frame of ${cbytes} bytes cannot hold ${nblocks} block offsets`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, cbytes);
  const dontSplit = (h.flags & FLAG_DONT_SPLIT) !== 0;
  const plan = (j: number): Block => {
    const last = j === nblocks - 1 && leftover > 0;
    const size = last ? leftover : blocksize;
    const split = !dontSplit && !last && typesize <= MAX_SPLITS && Math.floor(size / typesize) >= MIN_BUFFERSIZE;
    const nsplits = split ? typesize : 1;
    if (size % nsplits !== 0) throw new BloscFormatError(`block of ${size} bytes does not split into ${nsplits} streams`);
    const neblock = size / nsplits;
    let at = view.getInt32(HEADER + 4 * j, true);
    const streams: Stream[] = [];
    for (let s = 0; s < nsplits; s++) {
      if (at < 0 || at > cbytes - 4) throw new BloscFormatError(`block ${j} starts at ${at}, outside the ${cbytes}-byte frame`);
      const len = view.getInt32(at, true);
      at += 4;
      if (len < 0 || len > cbytes - at) throw new BloscFormatError(`block ${j} stream ${s} of ${len} bytes runs past the frame`);
      streams.push({ src: bytes.subarray(at, at + len), raw: len === neblock });
      at += len;
    }
    return { offset: j * blocksize, size, neblock, streams };
  };
  if (which) return which.map(plan);
  const blocks: Block[] = [];
  for (let j = 0; j < nblocks; j++) blocks.push(plan(j));
  return blocks;
}

/** How a block's decoded bytes become output bytes. */
type Shuffle = "none" | "byte" | "bit";

function shuffleOf(h: BloscHeader, block: Block): Shuffle {
  // As c-blosc: byte shuffle needs 2+ byte elements, bit shuffle a block of at least one element.
  if ((h.flags & FLAG_SHUFFLE) !== 0 && h.typesize > 1) return "byte";
  if ((h.flags & FLAG_BITSHUFFLE) !== 0 && block.size >= h.typesize) return "bit";
  return "none";
}

/**
 * Put one block into `out` at `offset`: its streams are gathered in the workspace (LZ4 streams
 * decoded there; `decoded` holds the other codecs' results), then unshuffled into `out`. Without
 * a shuffle, streams go to `out` directly.
 */
function assemble(block: Block, h: BloscHeader, ws: BlockWorkspace, out: Uint8Array, offset: number, decoded?: Uint8Array[]): void {
  const { size, neblock } = block;
  const planes = ws.planes;
  const shuffle = shuffleOf(h, block);
  block.streams.forEach((s, k) => {
    const at = k * neblock;
    const bytes = s.raw ? s.src : decoded?.[k];
    if (bytes) {
      (shuffle === "none" ? out : planes).set(bytes, shuffle === "none" ? offset + at : at);
    } else {
      ws.lz4(s.src, at, neblock);
      if (shuffle === "none") out.set(planes.subarray(at, at + neblock), offset + at);
    }
  });
  if (shuffle === "byte") {
    const n = Math.floor(size / h.typesize);
    ws.unshuffle(n, h.typesize, out, offset);
    const done = n * h.typesize;
    if (done < size) out.set(planes.subarray(done, size), offset + done);
  } else if (shuffle === "bit") {
    bitUnshuffle(planes, size, h.typesize, out, offset);
  }
}

/** LZ4 writes at most 255 bytes per input byte (plus a short tail): more means a corrupt frame. */
function checkLz4Expansion(blocks: Block[]): void {
  for (const b of blocks) {
    for (const s of b.streams) {
      if (!s.raw && b.neblock > s.src.length * 255 + 16) throw new BloscFormatError(`an LZ4 stream of ${s.src.length} bytes cannot expand to ${b.neblock}`);
    }
  }
}

/**
 * Decode a whole Blosc1 frame. The caller has checked {@link isSupportedFrame} and picked the
 * decoder for `h.format`. The result is a new buffer of `h.nbytes` bytes.
 */
export async function decodeBloscFrame(input: Uint8Array, h: BloscHeader, decoder: BloscStreamDecoder): Promise<Uint8Array> {
  return (await decodeFrame(input, h, decoder)).bytes;
}

/** What {@link decodeBloscFrameRanges} produced. */
export interface PartialFrame {
  /** A new buffer of `h.nbytes` bytes; only the decoded blocks are filled, the rest is zero. */
  bytes: Uint8Array;
  /** How many blocks were decoded, and how many the frame has. */
  blocksDecoded: number;
  blocks: number;
}

/**
 * Decode only the blocks of a Blosc1 frame that overlap `ranges` (byte ranges of the decoded
 * buffer); each block decodes on its own, so the bytes inside `ranges` equal those of a whole
 * decode. Same preconditions as {@link decodeBloscFrame}.
 */
export async function decodeBloscFrameRanges(
  input: Uint8Array,
  h: BloscHeader,
  decoder: BloscStreamDecoder,
  ranges: readonly ByteRange[],
): Promise<PartialFrame> {
  return decodeFrame(input, h, decoder, ranges);
}

/** The frame's sizes checked against each other and the input; throws BloscFormatError. */
function checkFrame(bytes: Uint8Array, h: BloscHeader): void {
  const { typesize, nbytes, blocksize, cbytes } = h;
  if (nbytes < 0) throw new BloscFormatError(`negative decoded size ${nbytes}`);
  if (cbytes < HEADER || cbytes > bytes.length) throw new BloscFormatError(`header says ${cbytes} compressed bytes, the frame has ${bytes.length}`);
  if (nbytes === 0) return;
  if (blocksize <= 0 || blocksize > nbytes || blocksize > MAX_BLOCKSIZE || typesize === 0) {
    throw new BloscFormatError(`invalid block size ${blocksize} or type size ${typesize} for ${nbytes} bytes`);
  }
  if ((h.flags & FLAG_MEMCPYED) !== 0 && nbytes + HEADER !== cbytes) throw new BloscFormatError(`stored frame of ${cbytes} bytes does not hold ${nbytes} bytes`);
}

/**
 * The streams of `blocks` that are not LZ4: decoded by `decoder`, all at once (native decoders
 * run in parallel off the thread); undefined for LZ4, whose streams the workspace decodes, once
 * checked that they can fill their blocks.
 */
async function decodeStreams(blocks: Block[], decoder: BloscStreamDecoder): Promise<Uint8Array[][] | undefined> {
  if (decoder === "lz4") {
    checkLz4Expansion(blocks);
    return undefined;
  }
  return Promise.all(blocks.map((block) => Promise.all(block.streams.map(async (s) => {
    if (s.raw) return s.src;
    const v = await decoder(s.src, block.neblock);
    if (v.length !== block.neblock) throw new BloscFormatError(`stream decoded to ${v.length} bytes, expected ${block.neblock}`);
    return v;
  }))));
}

/** A workspace for `blocks` (taken after the last await: one in shared WebAssembly memory must not outlive one turn). */
function workspaceFor(blocks: Block[], blocksize: number, decoded: Uint8Array[][] | undefined): BlockWorkspace {
  let maxStream = 0;
  for (const b of blocks) for (const s of b.streams) maxStream = Math.max(maxStream, s.src.length);
  return takeWorkspace(blocksize, decoded ? 0 : maxStream);
}

async function decodeFrame(input: Uint8Array, h: BloscHeader, decoder: BloscStreamDecoder, ranges?: readonly ByteRange[]): Promise<PartialFrame> {
  // A plain Uint8Array over the same memory: with Buffers (a subclass) mixed in, the hot loops
  // would see two array shapes and run several times slower.
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const { nbytes, blocksize, cbytes } = h;
  checkFrame(bytes, h);
  if (nbytes === 0) return { bytes: new Uint8Array(0), blocksDecoded: 0, blocks: 0 };
  const nblocks = Math.ceil(nbytes / blocksize);
  const which = ranges && blocksOverlapping(nbytes, blocksize, ranges);
  if ((h.flags & FLAG_MEMCPYED) !== 0) {
    if (!which) {
      bloscBlockCounter.blocks += nblocks;
      return { bytes: bytes.slice(HEADER, cbytes), blocksDecoded: nblocks, blocks: nblocks };
    }
    const out = new Uint8Array(nbytes);
    for (const j of which) {
      const start = j * blocksize;
      out.set(bytes.subarray(HEADER + start, HEADER + Math.min(nbytes, start + blocksize)), start);
    }
    bloscBlockCounter.blocks += which.length;
    return { bytes: out, blocksDecoded: which.length, blocks: nblocks };
  }
  const blocks = planBlocks(bytes, h, which);
  // Checked before allocating the output that the frame's streams can fill it.
  const decoded = await decodeStreams(blocks, decoder);
  const out = new Uint8Array(nbytes);
  const ws = workspaceFor(blocks, blocksize, decoded);
  blocks.forEach((block, j) => assemble(block, h, ws, out, block.offset, decoded?.[j]));
  bloscBlockCounter.blocks += blocks.length;
  return { bytes: out, blocksDecoded: blocks.length, blocks: nblocks };
}

/**
 * One block's room, kept by this thread between frames up to this size (c-blosc's blocks are
 * 256–512 KiB for 1–8 MiB chunks at level 5): decoded there, a block is still in cache when the
 * sink copies it.
 */
const BLOCK_ROOM_KEPT = 4 << 20;
let blockRoom = new Uint8Array(0);

/**
 * Decode a Blosc1 frame a block at a time, handing each decoded block to `sink` instead of
 * gathering the frame in one buffer of `h.nbytes` (a stored frame goes to it whole: each piece is
 * a whole number of blocks). Same
 * preconditions and checks as {@link decodeBloscFrame}; a frame found corrupt part way throws
 * after the sink has had its first blocks.
 */
export async function decodeBloscFrameBlocks(input: Uint8Array, h: BloscHeader, decoder: BloscStreamDecoder, sink: DecodedBlockSink): Promise<void> {
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const { nbytes, blocksize, cbytes } = h;
  checkFrame(bytes, h);
  if (nbytes === 0) return;
  if ((h.flags & FLAG_MEMCPYED) !== 0) {
    bloscBlockCounter.blocks += Math.ceil(nbytes / blocksize);
    sink(bytes.subarray(HEADER, cbytes), 0);
    return;
  }
  const blocks = planBlocks(bytes, h);
  const decoded = await decodeStreams(blocks, decoder);
  if (blockRoom.length < blocksize && blocksize <= BLOCK_ROOM_KEPT) blockRoom = new Uint8Array(blocksize);
  const room = blocksize <= BLOCK_ROOM_KEPT ? blockRoom : new Uint8Array(blocksize);
  // The sink runs in this turn too: the workspace must not outlive it.
  const ws = workspaceFor(blocks, blocksize, decoded);
  blocks.forEach((block, j) => {
    assemble(block, h, ws, room, 0, decoded?.[j]);
    sink(room.subarray(0, block.size), block.offset);
  });
  bloscBlockCounter.blocks += blocks.length;
}
