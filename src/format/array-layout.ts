/**
 * Chunking and codec defaults for new arrays, matching what Python writes when nothing is asked:
 * zarr-python 3 (`bytes`+`zstd` level 0; strings `vlen-utf8`+`zstd`) for the current convention,
 * zarr-python 2 (Blosc lz4/5/shuffle) for the legacy one.
 */
import { UnsupportedWriteError, type ErrorLocation } from "../errors.js";
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

/** v3 codec chain: the array→array filters, a serializer for the type, then the compressors (default zstd). */
export function v3Codecs(dtype: DataType, compressors?: CodecJSON[], filters: CodecJSON[] = []): CodecJSON[] {
  const serializer: CodecJSON =
    dtype.kind === "string" ? { name: "vlen-utf8", configuration: {} }
    : dtype.kind === "bytes" ? { name: "vlen-bytes", configuration: {} }
    : { name: "bytes", configuration: { endian: "little" } };
  return [...filters, serializer, ...(compressors ?? [V3_DEFAULT_COMPRESSOR])];
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
  /** v2 compressor; `false`/null for none; when left out, the numcodecs form of `compressors` if given, else the default. */
  compressor?: V2CodecJSON | boolean | null;
  /** v2 extra filters, after the object codec. */
  filters?: V2CodecJSON[];
  /** v3 array→array codecs before the serializer: hdmf-zarr 0.14's `filters` (ZarrDataIO sets them from its `filters`). */
  arrayCodecs?: CodecJSON[];
}

const BLOSC_SHUFFLE = ["noshuffle", "shuffle", "bitshuffle"];

/**
 * A v3 codec as a numcodecs (v2) configuration: undefined when v2 needs none (a checksum, nothing
 * is lost without it), null when v2 has no counterpart (the defaults are used instead).
 */
export function toV2Codec(json: CodecJSON): V2CodecJSON | undefined | null {
  const cfg = json.configuration ?? {};
  if (json.name.startsWith("numcodecs.")) return { id: json.name.slice("numcodecs.".length), ...cfg };
  switch (json.name) {
    case "zstd": return { id: "zstd", level: cfg.level ?? 0 };
    case "gzip": return { id: "gzip", level: cfg.level ?? 5 };
    case "blosc": {
      const shuffle = typeof cfg.shuffle === "string" ? BLOSC_SHUFFLE.indexOf(cfg.shuffle) : cfg.shuffle ?? 1;
      return { id: "blosc", cname: cfg.cname ?? "lz4", clevel: cfg.clevel ?? 5, shuffle, blocksize: cfg.blocksize ?? 0 };
    }
    case "crc32c": return undefined;
    default: return null;
  }
}

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
