/**
 * Chunking and codec defaults for new arrays, matching what Python writes when nothing is asked:
 * zarr-python 3 (`bytes`+`zstd` level 0; strings `vlen-utf8`+`zstd`) for the current convention,
 * zarr-python 2 (Blosc lz4/5/shuffle) for the legacy one.
 */
import type { CodecJSON } from "../zarr/codecs/types.js";
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

/** v3 codec chain: a serializer for the type, then the compressors (default zstd). */
export function v3Codecs(dtype: DataType, compressors?: CodecJSON[]): CodecJSON[] {
  const serializer: CodecJSON =
    dtype.kind === "string" ? { name: "vlen-utf8", configuration: {} }
    : dtype.kind === "bytes" ? { name: "vlen-bytes", configuration: {} }
    : { name: "bytes", configuration: { endian: "little" } };
  return [serializer, ...(compressors ?? [V3_DEFAULT_COMPRESSOR])];
}

export const V2_DEFAULT_COMPRESSOR: V2CodecJSON = { id: "blosc", cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 };

/** numcodecs.JSON as hdmf-zarr configures it for object arrays. */
export const V2_JSON_CODEC: V2CodecJSON = {
  id: "json2", allow_nan: true, check_circular: true, encoding: "utf-8", ensure_ascii: true, indent: null,
  separators: [",", ":"], skipkeys: false, sort_keys: true, strict: true,
};

/** v2 filters for a type: object arrays need their object codec first. */
export function v2Filters(dtype: DataType, extra: V2CodecJSON[] = []): V2CodecJSON[] | null {
  const object: V2CodecJSON | undefined =
    dtype.kind === "string" ? { id: "vlen-utf8" }
    : dtype.kind === "bytes" ? { id: "vlen-bytes" }
    : dtype.kind === "object" ? V2_JSON_CODEC
    : undefined;
  const list = [...(object ? [object] : []), ...extra];
  return list.length ? list : null;
}

/** Codec settings a caller may pass for one dataset (see ZarrDataIO). */
export interface LayoutOptions {
  chunks?: number[];
  fillValue?: unknown;
  /** v3 compressors; `false` for none; `true`/undefined for the default. */
  compressors?: CodecJSON[] | boolean;
  /** v2 compressor; `false`/null for none. */
  compressor?: V2CodecJSON | boolean | null;
  /** v2 extra filters, after the object codec. */
  filters?: V2CodecJSON[];
}

export function resolveCompressors(format: ZarrFormat, opts: LayoutOptions): { v3?: CodecJSON[]; v2?: V2CodecJSON | null } {
  if (format === 3) {
    const c = opts.compressors;
    return { v3: c === false ? [] : Array.isArray(c) ? c : undefined };
  }
  const c = opts.compressor;
  return { v2: c === false || c === null ? null : c === true || c === undefined ? V2_DEFAULT_COMPRESSOR : c };
}
