/**
 * Reading the start of a Zstandard chunk alone: a selection that ends early in a `bytes` + `zstd`
 * chunk fetches, by one range read, only the compressed blocks before its end (plus a margin),
 * then decodes those blocks as a frame of their own. The whole-chunk read (`get`, then
 * `ZstdCodec.decodePrefix`) reads every compressed byte of the chunk to decode the same blocks.
 * array.ts reads chunks so; shard-read.ts ends a request inside its last inner chunk so.
 */
import type { ReadableStore } from "../store/types.js";
import type { ByteLimit } from "../store/capped-read.js";
import type { NdArray } from "./dtype.js";
import type { ChunkSpec } from "./codecs/types.js";
import { PREFIX_SHARE_MAX } from "./codecs/zstd.js";
import { frameContentSize, framePrefixUnsized, headerFields, magicAt, windowSize, ZSTD_BLOCK_MAX, ZSTD_MAGIC, type ZstdBlock, type ZstdFrame } from "./codecs/zstd-frame.js";

/** The blocks of a frame that hold at least the first `length` decoded bytes, found in the first bytes of a chunk. */
export interface PrefixBlocks {
  /** The frame's header and those blocks (the frame's later blocks are not listed). */
  frame: ZstdFrame;
  /** Where the last of them ends in the chunk. */
  end: number;
  /** The most bytes they decode to. */
  reach: number;
}

/** The first bytes of a chunk end before the blocks wanted: how far they were read. */
export interface ShortHead {
  /** Where the first block not wholly in them starts. */
  scanned: number;
  /** The most bytes the blocks before it decode to. */
  reach: number;
}

/**
 * The first blocks of the Zstandard frame at the start of `head` (the first bytes of a chunk) that
 * can decode to `reachWanted` bytes (by the most each block can; at least `length`), or
 * `ShortHead` when `head` ends before them. `undefined` when a prefix read does not apply to the
 * frame: not a data frame, a checksum (only a whole decode verifies it), no content size, a
 * content size above `maxContent`, or `length` past `PREFIX_SHARE_MAX` of the content (as
 * `ZstdCodec.decodePrefix`); damaged headers too (the whole read names what is wrong). `null`
 * when the blocks before the frame's last do not reach `length`: the prefix is the whole frame.
 */
export function zstdPrefixBlocks(head: Uint8Array, length: number, maxContent: number, reachWanted = length): PrefixBlocks | ShortHead | null | undefined {
  if (head.length < 6 || magicAt(head) !== ZSTD_MAGIC) return undefined;
  const descriptor = head[4];
  if (descriptor & 0x0c) return undefined; // a reserved bit, or a checksum
  const size = frameContentSize(head);
  if (size === undefined || size > maxContent || length > size * PREFIX_SHARE_MAX) return undefined;
  const singleSegment = (descriptor >> 5) & 1;
  const { headerBytes } = headerFields(descriptor);
  const blockMax = Math.min(ZSTD_BLOCK_MAX, singleSegment ? size : windowSize(head[5]));
  const blocks: ZstdBlock[] = [];
  let p = headerBytes;
  let reach = 0;
  while (reach < reachWanted) {
    if (p + 3 > head.length) return { scanned: p, reach };
    const header = head[p] | (head[p + 1] << 8) | (head[p + 2] << 16);
    const type = (header >> 1) & 3;
    const blockSize = header >>> 3;
    if (type === 3 || blockSize > blockMax) return undefined;
    // The frame's last block: the blocks before it, when they reach `length`; else the whole frame it is.
    if (header & 1) return reach >= length ? { frame: { start: 0, end: p, skippable: false, contentSize: size, blocks }, end: p, reach } : null;
    const end = p + 3 + (type === 1 ? 1 : blockSize);
    if (end > head.length) return { scanned: p, reach };
    blocks.push({ start: p, end, bound: type === 2 ? blockMax : blockSize });
    reach += blocks[blocks.length - 1].bound;
    p = end;
  }
  return { frame: { start: 0, end: p, skippable: false, contentSize: size, blocks }, end: p, reach };
}

/** The codecs a prefix read decodes with (a `CodecPipeline` whose chain is `bytes` then `zstd`). */
export interface PrefixReadCodecs {
  /** The bytes→bytes stage (Zstandard), under the chain's limits. */
  decodeBytes(bytes: Uint8Array): Promise<Uint8Array>;
  /** The array stages, from packed bytes. */
  decodeArray(bytes: Uint8Array, spec: ChunkSpec): Promise<NdArray>;
}

/** What a {@link PrefixReader} needs to know of its array's chunks. */
export interface PrefixReadSizes {
  /** The bytes of a chunk's packed elements. */
  chunkBytes: number;
  /** The most bytes a chunk's frame may state (the chain's decoded limit). */
  maxContent: number;
  /** The most bytes a chunk may take in the store, when known. */
  stored?: ByteLimit;
}

/** The largest frame header. */
const HEADER_MAX = 18;
/** Estimates are this much above the largest compressed share seen. */
const SLACK = 1.1;

/**
 * Prefix reads of one array's chunks. How many compressed bytes a prefix needs is not known
 * before its block headers are read; the reader fetches the largest share of compressed bytes per
 * decoded byte seen in this array so far (at first one: Zstandard's blocks never take more than
 * their content and a 3-byte header), with a margin. A head that comes up short raises the share and
 * gives `undefined`: that chunk is read whole.
 */
export class PrefixReader {
  /** Compressed bytes per byte that blocks can decode to, the largest seen in this array; none seen yet: 1. */
  private share?: number;
  /**
   * What blocks can decode to per byte they did, the largest seen (1 where every block but the
   * last is full, as one-shot encoders write them; more from a streaming encoder's blocks).
   */
  private spread = 1;
  /** A chunk's head showed a frame this does not apply to (a checksum, no content size …): later chunks are read whole. */
  private off = false;

  constructor(
    private readonly store: ReadableStore,
    private readonly codecs: PrefixReadCodecs,
    private readonly sizes: PrefixReadSizes,
  ) {}

  /**
   * How many bytes from a chunk's start to fetch for its packed bytes up to `end`, or `undefined`
   * when a prefix read does not apply (past `PREFIX_SHARE_MAX` of the chunk, a head that would be as
   * long as the chunk, or turned off).
   */
  headLength(end: number): number | undefined {
    const { chunkBytes, stored } = this.sizes;
    // Past this share the whole chunk is decoded anyway (`ZstdCodec.decodePrefix`): no range read first.
    if (this.off || end > chunkBytes * PREFIX_SHARE_MAX) return undefined;
    // The blocks that reach `end` reach at most a block past it.
    const want = Math.ceil((Math.ceil(end * this.spread) + ZSTD_BLOCK_MAX + 3) * (this.share ?? 1) * SLACK) + HEADER_MAX;
    // A head as long as the chunk's content saves nothing: the chunk is read whole, as other
    // readers of it (the views of one array share whole reads) read it.
    if (want >= chunkBytes) return undefined;
    return stored === undefined ? want : Math.min(want, stored.bytes);
  }

  /**
   * Bytes `[start, end)` of the packed elements of chunk `key` from one range read of the blocks
   * before `end` only: `{ array }`, those elements as an array of `spec`; `{ whole }`, the chunk's
   * stored bytes when the range read reached its end but no prefix of them decodes alone (decode
   * them whole, without asking the store again); `null` when the chunk is missing; `undefined`
   * when the prefix read does not apply or did not work out (read the chunk whole).
   */
  async read(key: string, start: number, end: number, spec: ChunkSpec): Promise<{ array: NdArray } | { whole: Uint8Array } | null | undefined> {
    const want = this.headLength(end);
    if (want === undefined || typeof this.store.getRange !== "function") return undefined;
    const head = await this.store.getRange(key, 0, want);
    if (head === undefined) return null;
    const full = head.length === want;
    const array = await this.decodeHead(head, start, end, spec, full);
    if (array) return { array };
    // A shorter answer is the whole chunk: a second request would fetch the same bytes.
    return full ? undefined : { whole: head };
  }

  /**
   * Bytes `[start, end)` of a chunk's packed elements as an array of `spec`, from `head`, its first
   * bytes (as many as `headLength` said, or fewer when `full` is false: the chunk ends there), or
   * `undefined` when they do not hold and decode the blocks before `end` (read the chunk whole:
   * that read names a damaged chunk's problem).
   */
  async decodeHead(head: Uint8Array, start: number, end: number, spec: ChunkSpec, full: boolean): Promise<NdArray | undefined> {
    const found = zstdPrefixBlocks(head, end, this.sizes.maxContent, Math.ceil(end * this.spread));
    if (found === null) return undefined;
    if (found === undefined) {
      this.off = true;
      return undefined;
    }
    if (!("frame" in found)) {
      // A head cut short by the chunk's end is a damaged chunk, not a share to learn.
      if (full) this.share = Math.max((this.share ?? 1) * 2, found.reach > 0 ? found.scanned / found.reach : 0);
      return undefined;
    }
    this.share = Math.max(this.share ?? 0, found.end / found.reach);
    let bytes = await this.decode(head, found);
    if (bytes !== undefined && bytes.length < end) {
      // Blocks that decode to less than the most a block can (a streaming encoder's): once more
      // with as many more blocks of the head as that takes, and a block to spare.
      this.spread = Math.max(this.spread, found.reach / Math.max(1, bytes.length));
      const more = zstdPrefixBlocks(head, end, this.sizes.maxContent, Math.ceil(end * this.spread) + ZSTD_BLOCK_MAX);
      bytes = more && "frame" in more && more.frame.blocks.length > found.frame.blocks.length ? await this.decode(head, more) : undefined;
    }
    if (bytes === undefined || bytes.length < end) return undefined;
    return this.codecs.decodeArray(bytes.subarray(start, end), spec);
  }

  /** The blocks `found` of `head` decoded as a frame of their own, or `undefined` when they do not decode or decode past the frame's size. */
  private async decode(head: Uint8Array, found: PrefixBlocks): Promise<Uint8Array | undefined> {
    const prefix = framePrefixUnsized(head, found.frame, found.frame.blocks.length);
    if (prefix === undefined) return undefined;
    try {
      const bytes = await this.codecs.decodeBytes(prefix);
      return bytes.length <= found.frame.contentSize! ? bytes : undefined;
    } catch {
      return undefined;
    }
  }
}
