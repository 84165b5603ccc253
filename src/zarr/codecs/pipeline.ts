/**
 * A chunk's codec chain: array→array codecs, exactly one array→bytes codec, then bytes→bytes
 * codecs; encoding runs them in that order and decoding in reverse. The bytes→bytes half can run
 * on its own (`decodeBytes`), so decompression can move to a worker that rebuilds just that half
 * from `bytesCodecs`.
 */
import { ChunkDecodeError, MetadataError } from "../../errors.js";
import { limitText, type ByteLimit } from "../../store/capped-read.js";
import { itemSize, typedArrayClass, type NdArray, type TypedArray } from "../dtype.js";
import { chunkLimit } from "../limits.js";
import { BloscCodec } from "./blosc.js";
import { BytesCodec } from "./bytes.js";
import { chunkLimits, type ChunkLimits } from "./decoded-limit.js";
import type { DecodedBlockSink, ByteRange } from "./native/backend.js";
import { createCodec, registerCodec } from "./registry.js";
import { ShardingCodec } from "./sharding.js";
import { ZstdCodec } from "./zstd.js";
import type { ArrayArrayCodec, ArrayBytesCodec, BytesBytesCodec, ChunkSpec, CodecContext, CodecJSON, PaddingMask } from "./types.js";

const NEUTRAL_CONTEXT: CodecContext = {
  dtype: { kind: "numeric", name: "uint8", endian: "little" },
  chunkShape: [],
  zarrFormat: 3,
  allowPickle: false,
  where: {},
};

/** Only bytes→bytes codecs (compression, checksums): what a decompression worker runs. */
export class BytesCodecChain {
  /** A chain of codecs already built; `names` (for messages) as in the metadata. */
  constructor(
    private readonly codecs: readonly BytesBytesCodec[],
    private readonly names: readonly string[] = [],
  ) {}

  /**
   * Build from codec JSON; every codec must be bytes→bytes. A worker that only decompresses may
   * leave out `ctx` (bytes→bytes decoders do not depend on the element type).
   */
  static create(codecs: readonly CodecJSON[], ctx: CodecContext = NEUTRAL_CONTEXT): BytesCodecChain {
    const built = codecs.map((json) => {
      const c = createCodec(json, ctx);
      if (c.kind !== "bytes-bytes") throw new MetadataError(`codec '${json.name}' is not a bytes→bytes codec`, ctx.where);
      return c;
    });
    return new BytesCodecChain(built, codecs.map((c) => c.name));
  }

  async encode(bytes: Uint8Array): Promise<Uint8Array> {
    for (const c of this.codecs) bytes = await c.encode(bytes);
    return bytes;
  }

  /**
   * Decode in reverse order. `limits[i]` bounds what codec i may produce: decompressors stop
   * there, and any codec that went past it anyway (one that cannot stop) is refused here.
   */
  async decode(bytes: Uint8Array, limits: readonly (ByteLimit | undefined)[] = []): Promise<Uint8Array> {
    for (let i = this.codecs.length - 1; i >= 0; i--) {
      const limit = limits[i];
      const stored = bytes.length;
      bytes = await this.codecs[i].decode(bytes, limit);
      if (limit !== undefined && bytes.length > limit.bytes) {
        throw new ChunkDecodeError(`codec '${this.names[i] ?? "?"}' decoded ${stored} bytes to ${bytes.length}, more than ${limitText(limit)}`);
      }
    }
    return bytes;
  }
}

export class CodecPipeline {
  /** The codec JSON this pipeline was built from. */
  readonly codecs: CodecJSON[];
  /** The JSON of the bytes→bytes stage (the codecs after the array→bytes codec). */
  readonly bytesCodecs: CodecJSON[];
  /** How large a chunk may be, stored and after each bytes→bytes decoder (see decoded-limit.ts). */
  readonly limits: ChunkLimits;

  /**
   * Decode only what a selection needs: present when the chain is exactly `bytes` then one
   * `blosc` codec, so the decoded bytes are the chunk's elements in C order and each Blosc block
   * decodes on its own. `ranges` are byte ranges of those packed elements; the result has the
   * full chunk shape, but only elements inside `ranges` are meaningful (others read as zero).
   */
  readonly decodePartial?: (bytes: Uint8Array, spec: ChunkSpec, ranges: readonly ByteRange[]) => Promise<NdArray>;

  /**
   * True when the chain is the `bytes` codec alone (C order, nothing compressed): a stored chunk
   * is its elements packed in C order, so any run of whole rows of it can be read on its own and
   * decoded by `decodeArray` with a spec of that run's shape.
   */
  readonly packed: boolean;

  /**
   * Present when the chain is `bytes` then one `zstd` codec: at least the first `length` bytes of
   * the chunk's packed C-order elements, from only the Zstandard blocks before them, or
   * `undefined` when the chunk is to be decoded whole (see `ZstdCodec.decodePrefix`).
   */
  readonly decodePrefix?: (bytes: Uint8Array, length: number) => Promise<Uint8Array | undefined>;

  /**
   * Present when the chain is exactly `bytes` then one `blosc` and the stored elements are the
   * in-memory ones (same size, host byte order): decodes a chunk a Blosc block at a time into
   * `sink`, each block a whole number of `unit` bytes at its byte offset in the chunk's packed
   * elements (see `BloscCodec.decodeBlocks`); false, having decoded nothing, where that cannot
   * be done, and the chunk is to be decoded whole instead.
   */
  readonly decodeBlocks?: (bytes: Uint8Array, unit: number, sink: DecodedBlockSink) => Promise<boolean>;

  /** True when the packed elements go straight to a compressor: a chunk already packed is then not copied first. */
  private readonly compressesView: boolean;

  private constructor(
    codecs: CodecJSON[],
    bytesCodecs: CodecJSON[],
    private readonly arrayCodecs: ArrayArrayCodec[],
    private readonly serializer: ArrayBytesCodec,
    private readonly bytesStage: BytesCodecChain,
    builtBytesCodecs: readonly BytesBytesCodec[],
    limits: ChunkLimits,
    chunkBytes: number | undefined,
    hostOrder: boolean,
  ) {
    this.codecs = codecs;
    this.bytesCodecs = bytesCodecs;
    this.limits = limits;
    // The shortcuts below need the stored bytes to be the packed elements, through at most one compressor.
    const plain = arrayCodecs.length === 0 && serializer instanceof BytesCodec;
    const only = builtBytesCodecs.length === 1 ? builtBytesCodecs[0] : undefined;
    this.packed = plain && builtBytesCodecs.length === 0;
    // Zstandard reads its input and keeps none of it, so it may compress the chunk's own memory.
    this.compressesView = plain && builtBytesCodecs[0] instanceof ZstdCodec;
    if (plain && only instanceof ZstdCodec) {
      this.decodePrefix = (bytes, length) => only.decodePrefix(bytes, length, limits.decoded[0]);
    }
    if (plain && only instanceof BloscCodec) {
      this.decodePartial = async (bytes, spec, ranges) => {
        // Variable-length elements have no byte ranges: decode whole (the serializer reports it).
        if (itemSize(spec.dtype) === undefined) return this.decode(bytes, spec);
        return serializer.decode(await only.decodeRanges(bytes, ranges, limits.decoded[0]), spec);
      };
      if (hostOrder && chunkBytes !== undefined) {
        this.decodeBlocks = (bytes, unit, sink) => only.decodeBlocks(bytes, chunkBytes, unit, sink, limits.decoded[0]);
      }
    }
  }

  /** Build and check a chain: array→array codecs, one array→bytes codec, bytes→bytes codecs. */
  static create(codecs: readonly CodecJSON[], ctx: CodecContext): CodecPipeline {
    if (!Array.isArray(codecs)) throw new MetadataError("'codecs' must be a list", ctx.where);
    const arrayCodecs: ArrayArrayCodec[] = [];
    const bytesCodecs: BytesBytesCodec[] = [];
    let serializer: ArrayBytesCodec | undefined;
    let split = codecs.length;
    codecs.forEach((json, i) => {
      const codec = createCodec(json, ctx);
      const order = () => new MetadataError(
        `codec '${json.name}' (${codec.kind}) is out of order: a chain is array→array codecs, one array→bytes codec, then bytes→bytes codecs`,
        ctx.where,
      );
      if (codec.kind === "array-array") {
        if (serializer) throw order();
        arrayCodecs.push(codec);
      } else if (codec.kind === "array-bytes") {
        if (serializer) throw new MetadataError(`the codec chain has more than one array→bytes codec ('${json.name}' is the second)`, ctx.where);
        serializer = codec;
        split = i + 1;
      } else {
        if (!serializer) throw order();
        bytesCodecs.push(codec);
      }
    });
    if (!serializer) {
      throw new MetadataError(`the codec chain [${codecs.map((c) => c.name).join(", ")}] has no array→bytes codec (such as 'bytes')`, ctx.where);
    }
    const bytesJson = codecs.slice(split).map((c) => ({ ...c }));
    const chunkBytes = encodedSize(arrayCodecs, serializer, ctx);
    const limits = chunkLimits(chunkBytes, bytesCodecs.length, chunkLimit({ maxChunkBytes: ctx.maxChunkBytes }, ctx.where));
    const chain = new BytesCodecChain(bytesCodecs, bytesJson.map((c) => c.name));
    return new CodecPipeline(codecs.map((c) => ({ ...c })), bytesJson, arrayCodecs, serializer, chain, bytesCodecs, limits, chunkBytes, storesAsHeld(serializer, ctx));
  }

  /** Specs on the encoded side of each array→array codec; `specs[0]` is the decoded chunk. */
  private specs(spec: ChunkSpec): ChunkSpec[] {
    const out = [spec];
    for (const c of this.arrayCodecs) out.push(c.encodedSpec(out[out.length - 1]));
    return out;
  }

  /** Encode a chunk to stored bytes; `padding` marks its elements past the array's edge. */
  async encode(chunk: NdArray, padding?: PaddingMask): Promise<Uint8Array> {
    const view = this.compressesView ? (this.serializer as BytesCodec).packedView(chunk) : undefined;
    return this.encodeBytes(view ?? (await this.encodeArray(chunk, padding)));
  }

  /** The array stages of encoding: array→array codecs, then the array→bytes codec. */
  async encodeArray(chunk: NdArray, padding?: PaddingMask): Promise<Uint8Array> {
    for (const c of this.arrayCodecs) {
      const encoded = await c.encode(chunk, padding);
      // Padding follows elements that move, and is lost where the element count changes.
      if (padding) padding = c.encodedPadding ? c.encodedPadding(padding, chunk.shape) : encoded.data.length === padding.length ? padding : undefined;
      chunk = encoded;
    }
    return this.serializer.encode(chunk);
  }

  /** The bytes→bytes stage of encoding (compression). */
  async encodeBytes(bytes: Uint8Array): Promise<Uint8Array> {
    return this.bytesStage.encode(bytes);
  }

  /** Decode stored bytes to a chunk described by `spec`. */
  async decode(bytes: Uint8Array, spec: ChunkSpec): Promise<NdArray> {
    return this.decodeArray(await this.decodeBytes(bytes), spec);
  }

  /** The bytes→bytes stage of decoding (decompression, checksums), in reverse order, within `limits`. */
  async decodeBytes(bytes: Uint8Array): Promise<Uint8Array> {
    return this.bytesStage.decode(bytes, this.limits.decoded);
  }

  /** The array stages of decoding: array→bytes, then array→array codecs in reverse. */
  async decodeArray(bytes: Uint8Array, spec: ChunkSpec): Promise<NdArray> {
    const specs = this.specs(spec);
    let chunk = await this.serializer.decode(bytes, specs[specs.length - 1]);
    for (let i = this.arrayCodecs.length - 1; i >= 0; i--) chunk = await this.arrayCodecs[i].decode(chunk, specs[i]);
    return chunk;
  }
}

/**
 * Whether `serializer` stores the context's elements exactly as they are held in memory (a plain
 * numeric type, host byte order): the `bytes` codec's own test of a chunk it may compress uncopied.
 */
function storesAsHeld(serializer: ArrayBytesCodec, ctx: CodecContext): boolean {
  const dtype = ctx.dtype;
  if (!(serializer instanceof BytesCodec) || dtype.kind !== "numeric") return false;
  const Ctor = typedArrayClass(dtype.name) as unknown as new (n: number) => TypedArray;
  return serializer.packedView({ dtype, shape: [0], data: new Ctor(0) }) !== undefined;
}

/**
 * The exact size of what the array→bytes codec makes of a chunk of the context's shape and type,
 * when fixed; undefined when elements vary in size or the chain cannot tell.
 */
function encodedSize(arrayCodecs: readonly ArrayArrayCodec[], serializer: ArrayBytesCodec, ctx: CodecContext): number | undefined {
  try {
    let spec: ChunkSpec = { shape: ctx.chunkShape.slice(), dtype: ctx.dtype, fillValue: null };
    for (const c of arrayCodecs) spec = c.encodedSpec(spec);
    return serializer.encodedSize?.(spec);
  } catch {
    // A chain that cannot describe its chunk fails when one is decoded; bound it as variable-size meanwhile.
    return undefined;
  }
}

// Sharding builds inner pipelines, so it is registered here, where pipelines are defined.
registerCodec("sharding_indexed", (configuration, ctx) =>
  new ShardingCodec(configuration, ctx, (codecs, inner) => CodecPipeline.create(codecs, inner)));
