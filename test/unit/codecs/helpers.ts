/** Shared helpers for the codec tests. */
import { resolve } from "node:path";
import { CodecPipeline } from "../../../src/zarr/codecs/index.js";
import type { CodecContext, CodecJSON } from "../../../src/zarr/codecs/types.js";
import type { DataType } from "../../../src/zarr/dtype.js";
import { FIXTURES_DIR } from "../../helpers/fixture-paths.js";

/** Read-only fixtures written by other software. */
export const FIXTURES = FIXTURES_DIR;

export const WHERE = { store: "/data/test.zarr", path: "/acquisition/ts/data" };

export function ctx(dtype: DataType, chunkShape: number[], extra: Partial<CodecContext> = {}): CodecContext {
  return { dtype, chunkShape, zarrFormat: 3, allowPickle: false, where: WHERE, ...extra };
}

export function pipeline(codecs: CodecJSON[], dtype: DataType, chunkShape: number[], extra: Partial<CodecContext> = {}): CodecPipeline {
  return CodecPipeline.create(codecs, ctx(dtype, chunkShape, extra));
}

export const f64: DataType = { kind: "numeric", name: "float64", endian: "little" };
export const i32: DataType = { kind: "numeric", name: "int32", endian: "little" };

/** Bytes from a hex string. */
export function hex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s.replace(/\s+/g, ""), "hex"));
}

/** A copy of `bytes` placed at `offset` inside a larger buffer (a subarray view with a byteOffset). */
export function atOffset(bytes: Uint8Array, offset: number): Uint8Array {
  const big = new Uint8Array(bytes.length + offset + 7).fill(0xee);
  big.set(bytes, offset);
  return big.subarray(offset, offset + bytes.length);
}
