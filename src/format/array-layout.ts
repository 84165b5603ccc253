/**
 * Chunking and codec defaults for new arrays, matching what Python writes when nothing is asked:
 * zarr-python 3 (`bytes`+`zstd` level 0; strings `vlen-utf8`+`zstd`) for the current convention,
 * zarr-python 2 (Blosc lz4/5/shuffle) for the legacy one.
 */
import { UnsupportedWriteError, type ErrorLocation } from "../errors.js";
import type { LayoutOptions } from "../data/index.js";
import type { CodecJSON } from "../zarr/codecs/types.js";
import { toV2Codec } from "../zarr/codecs/v2-chain.js";
import { itemSize, type DataType } from "../zarr/dtype.js";
import type { V2CodecJSON, ZarrFormat } from "../zarr/metadata-types.js";

/** Chunks of at most about this many bytes when the caller does not choose. */
const TARGET_CHUNK_BYTES = 1 << 20;
const SINGLE_CHUNK_BYTES = 4 << 20;

/** A chunk shape for `shape`: one chunk for small arrays, else halve the largest dimension until it fits. */
export function guessChunks(shape: readonly number[], dtype: DataType): number[] {
  const size = itemSize(dtype) ?? 16;
  const chunks = shape.map((s) => Math.max(1, s));
  const bytes = () => chunks.reduce((a, b) => a * b, size);
  if (bytes() <= SINGLE_CHUNK_BYTES) return chunks;
  while (bytes() > TARGET_CHUNK_BYTES) {
    let i = 0;
    for (let d = 1; d < chunks.length; d++) if (chunks[d] > chunks[i]) i = d;
    if (chunks[i] === 1) break;
    chunks[i] = Math.ceil(chunks[i] / 2);
  }
  return chunks;
}

export const V3_DEFAULT_COMPRESSOR: CodecJSON = { name: "zstd", configuration: { level: 0, checksum: false } };

/** v3 codec chain: the array→array filters, a serializer for the type, then the compressors (default zstd). */
export function v3Codecs(dtype: DataType, compressors?: CodecJSON[], filters: CodecJSON[] = []): CodecJSON[] {
  const serializer: CodecJSON =
    dtype.kind === "string" ? { name: "vlen-utf8", configuration: {} }
    : dtype.kind === "bytes" ? { name: "vlen-bytes", configuration: {} }
    : { name: "bytes", configuration: { endian: "little" } };
  return [...filters, serializer, ...(compressors ?? [V3_DEFAULT_COMPRESSOR])];
}

export const V2_DEFAULT_COMPRESSOR: V2CodecJSON = { id: "blosc", cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 };

/**
 * The legacy (v2) compressor standing for chosen Zarr v3 `compressors`: none for `false` or an
 * empty list, the default for `true`, else the numcodecs form of the one compressor. A reason
 * instead when v2's single compressor cannot say the same (several codecs, or one with no exact
 * numcodecs counterpart): nothing is dropped or replaced quietly.
 */
export function v2CompressorFor(compressors: CodecJSON[] | boolean): { compressor: V2CodecJSON | boolean } | { problem: string } {
  if (typeof compressors === "boolean") return { compressor: compressors };
  if (compressors.length === 0) return { compressor: false };
  const names = compressors.map((c) => c?.name).join(", ");
  if (compressors.length > 1) {
    return { problem: `a Zarr v2 array has one compressor, and compressors [${names}] are ${compressors.length}` };
  }
  const [codec] = compressors;
  const mapped = codec.name === "zstd" && codec.configuration?.checksum === true ? null : toV2Codec(codec);
  if (!mapped) return { problem: `compressor '${codec.name}'${codec.name === "zstd" ? " with a checksum" : ""} has no numcodecs counterpart for a Zarr v2 array` };
  return { compressor: mapped };
}

/**
 * The compressors of a new array. A legacy write with Zarr v3 `compressors` and no `compressor`
 * stores their numcodecs form, or throws UnsupportedWriteError when v2 cannot express them.
 */
export function resolveCompressors(format: ZarrFormat, opts: LayoutOptions, where: ErrorLocation): { v3?: CodecJSON[]; v2?: V2CodecJSON | null } {
  if (format === 3) {
    const c = opts.compressors;
    return { v3: c === false ? [] : Array.isArray(c) ? c : undefined };
  }
  let c = opts.compressor;
  if (c === undefined && opts.compressors !== undefined) {
    const v2 = v2CompressorFor(opts.compressors);
    if ("problem" in v2) {
      throw new UnsupportedWriteError(
        `cannot write this legacy Zarr v2 array: ${v2.problem}; give ZarrDataIO a numcodecs \`compressor\` (and \`filters\`) for Zarr v2 writes`,
        where,
      );
    }
    c = v2.compressor;
  }
  return { v2: c === false || c === null ? null : c === true || c === undefined ? V2_DEFAULT_COMPRESSOR : c };
}
