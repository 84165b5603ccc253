/**
 * `vlen-utf8` and `vlen-bytes` (array → bytes), the numcodecs layout also used by Zarr v3:
 * u32 LE item count N, then N × (u32 LE byte length, bytes), items in C order.
 */
import { ChunkDecodeError, UnsupportedWriteError, type ErrorLocation } from "../../errors.js";
import { shapeSize, type NdArray } from "../dtype.js";
import { copyBytes } from "./byte-utils.js";
import type { ArrayBytesCodec, ChunkSpec, CodecContext } from "./types.js";

const utf8Decoder = new TextDecoder("utf-8");
const utf8Encoder = new TextEncoder();

/** Short pure-ASCII items are common (names, paths); decoding them by hand skips TextDecoder's call overhead. */
function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 32) {
    let s = "";
    for (let i = start; i < end; i++) {
      const b = bytes[i];
      if (b >= 0x80) return utf8Decoder.decode(bytes.subarray(start, end));
      s += String.fromCharCode(b);
    }
    return s;
  }
  return utf8Decoder.decode(bytes.subarray(start, end));
}

export class VlenCodec implements ArrayBytesCodec {
  readonly kind = "array-bytes";
  constructor(
    readonly items: "utf8" | "bytes",
    private readonly where: ErrorLocation,
  ) {}

  static utf8(_cfg: Record<string, unknown>, ctx: CodecContext): VlenCodec {
    return new VlenCodec("utf8", ctx.where);
  }

  static bytes(_cfg: Record<string, unknown>, ctx: CodecContext): VlenCodec {
    return new VlenCodec("bytes", ctx.where);
  }

  private itemBytes(v: unknown, i: number): Uint8Array {
    // numcodecs writes None (and 0, the old default fill) as an empty item.
    if (v === null || v === undefined || v === 0) return new Uint8Array(0);
    if (this.items === "utf8") {
      if (typeof v !== "string") {
        throw new UnsupportedWriteError(`vlen-utf8 element ${i} is a ${typeof v}, expected a string`, this.where);
      }
      return utf8Encoder.encode(v);
    }
    if (v instanceof Uint8Array) return v;
    if (typeof v === "string") return utf8Encoder.encode(v);
    throw new UnsupportedWriteError(`vlen-bytes element ${i} is a ${typeof v}, expected bytes (Uint8Array) or a string`, this.where);
  }

  async encode(chunk: NdArray): Promise<Uint8Array> {
    const n = shapeSize(chunk.shape);
    const parts = new Array<Uint8Array>(n);
    let total = 4 + 4 * n;
    for (let i = 0; i < n; i++) {
      parts[i] = this.itemBytes(chunk.data[i], i);
      total += parts[i].length;
    }
    const out = new Uint8Array(total);
    const view = new DataView(out.buffer);
    view.setUint32(0, n, true);
    let pos = 4;
    for (const p of parts) {
      view.setUint32(pos, p.length, true);
      out.set(p, pos + 4);
      pos += 4 + p.length;
    }
    return out;
  }

  async decode(bytes: Uint8Array, spec: ChunkSpec): Promise<NdArray> {
    const expected = shapeSize(spec.shape);
    const fail = (msg: string) => new ChunkDecodeError(`vlen-${this.items === "utf8" ? "utf8" : "bytes"} chunk: ${msg}`, this.where);
    if (bytes.length < 4) throw fail(`${bytes.length} bytes is too short for the item count`);
    // The view honours byteOffset: chunks often arrive as views into a larger buffer.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = view.getUint32(0, true);
    if (n !== expected) throw fail(`holds ${n} items, expected ${expected} (shape [${spec.shape.join(", ")}])`);
    if (4 + 4 * n > bytes.length) throw fail(`truncated: ${bytes.length} bytes cannot hold ${n} items`);
    const out = new Array<unknown>(n);
    let pos = 4;
    for (let i = 0; i < n; i++) {
      if (pos + 4 > bytes.length) throw fail(`truncated at item ${i} of ${n}`);
      const len = view.getUint32(pos, true);
      pos += 4;
      if (len > bytes.length - pos) throw fail(`truncated: item ${i} claims ${len} bytes, ${bytes.length - pos} remain`);
      out[i] = this.items === "utf8" ? decodeUtf8(bytes, pos, pos + len) : copyBytes(bytes, pos, pos + len);
      pos += len;
    }
    return { dtype: spec.dtype, shape: spec.shape.slice(), data: out };
  }
}
