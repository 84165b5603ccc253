/**
 * numcodecs `msgpack2` (`MsgPack`, array → bytes) for object arrays: the chunk is one MessagePack
 * array `[item0, …, itemN-1, "<numpy dtype str>", [shape…]]` (numcodecs ≥ 0.6), the items nested
 * by row as numpy's `tolist()` makes them (a 2×3 chunk: two lists of three), text as str and
 * bytes as bin (`use_bin_type=True`), read back with `raw=False`. Integers past 2^53 come back as
 * bigint. Decoding never makes more items, strings or bins than the chunk has bytes.
 */
import { decode as unpack, encode as pack } from "@msgpack/msgpack";
import { ChunkDecodeError, UnsupportedWriteError, type ErrorLocation } from "../../errors.js";
import { allocate, shapeSize, toNumericValue, type ArrayData, type NdArray } from "../dtype.js";
import { CodecConfig } from "./config.js";
import { flattenRows, nestRows } from "./nested-items.js";
import { numpyTypestr } from "./numpy-typestr.js";
import type { ArrayBytesCodec, ChunkSpec, CodecContext } from "./types.js";

export class MsgPackCodec implements ArrayBytesCodec {
  readonly kind = "array-bytes";
  constructor(
    /** numcodecs `use_single_float`: floats written as float32 (as numcodecs does, losing precision). */
    readonly singleFloat: boolean,
    private readonly where: ErrorLocation,
  ) {}

  /** Accepts numcodecs' settings; the ones that change what is read (`raw`, `use_bin_type`) only at their defaults. */
  static fromConfig(name: string, configuration: Record<string, unknown>, ctx: CodecContext): MsgPackCodec {
    const cfg = new CodecConfig(name, configuration, ctx.where).only("raw", "use_single_float", "use_bin_type");
    if (cfg.bool("raw", false)) throw cfg.error("'raw': true (text read back as bytes) is not supported");
    if (!cfg.bool("use_bin_type", true)) throw cfg.error("'use_bin_type': false (bytes stored as text) is not supported");
    if (ctx.dtype.kind === "struct") throw cfg.error("structured arrays cannot be stored with msgpack2");
    return new MsgPackCodec(cfg.bool("use_single_float", false), ctx.where);
  }

  async encode(chunk: NdArray): Promise<Uint8Array> {
    const n = shapeSize(chunk.shape);
    const items = nestRows(Array.from({ length: n }, (_, i) => chunk.data[i]), chunk.shape);
    items.push(numpyTypestr(chunk.dtype), chunk.shape.slice());
    try {
      return pack(items, { forceFloat32: this.singleFloat, useBigInt64: true, ignoreUndefined: false });
    } catch (err) {
      throw new UnsupportedWriteError(`msgpack2: ${(err as Error).message}`, this.where, { cause: err });
    }
  }

  async decode(bytes: Uint8Array, spec: ChunkSpec): Promise<NdArray> {
    const fail = (msg: string, cause?: unknown) => new ChunkDecodeError(`msgpack2 chunk of ${bytes.length} bytes: ${msg}`, this.where, { cause });
    // Every item, character or byte takes at least one byte of the chunk: nothing larger is made.
    const max = bytes.length;
    let doc: unknown;
    try {
      doc = unpack(bytes, { useBigInt64: true, maxStrLength: max, maxBinLength: max, maxArrayLength: max, maxMapLength: max, maxExtLength: max });
    } catch (err) {
      throw fail((err as Error).message, err);
    }
    if (!Array.isArray(doc) || doc.length < 2) throw fail("expected a list ending with the dtype and the shape");
    const shape = doc[doc.length - 1];
    if (typeof doc[doc.length - 2] !== "string" || !Array.isArray(shape) || !shape.every((s) => Number.isInteger(s) && s >= 0)) {
      throw fail("the list does not end with a dtype string and a shape list");
    }
    const expected = shapeSize(spec.shape);
    if (shape.length !== spec.shape.length || shape.some((s, i) => s !== spec.shape[i])) {
      throw fail(`holds items of shape [${shape.join(", ")}], expected shape [${spec.shape.join(", ")}]`);
    }
    const items = flattenRows(doc.slice(0, -2), spec.shape);
    if (!items) throw fail(`its items are not nested as a chunk of shape [${spec.shape.join(", ")}]`);
    const dtype = spec.dtype;
    let data: ArrayData = items;
    if (dtype.kind === "numeric") {
      const out = allocate(dtype, expected) as { [i: number]: unknown };
      for (let i = 0; i < expected; i++) out[i] = toNumericValue(dtype.name, items[i] ?? 0);
      data = out as ArrayData;
    }
    return { dtype, shape: spec.shape.slice(), data };
  }
}
