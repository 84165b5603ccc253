/**
 * Chunking and codec defaults for new arrays, matching what Python writes when nothing is asked:
 * zarr-python 3 (`bytes`+`zstd` level 0; strings `vlen-utf8`+`zstd`) for the current convention,
 * zarr-python 2 (Blosc lz4/5/shuffle) for the legacy one.
 */
import { HdmfZarrError, InvalidArgumentError, InvalidOptionError, UnsupportedWriteError, type ErrorLocation } from "../errors.js";
import type { LayoutOptions, ShardSettings } from "../data/index.js";
import { CodecPipeline } from "../zarr/codecs/index.js";
import type { CodecJSON } from "../zarr/codecs/types.js";
import { toV2Codec } from "../zarr/codecs/v2-chain.js";
import { dtypeName, itemSize, type DataType } from "../zarr/dtype.js";
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

/** v3 codec chain: the array→array filters, the serializer (default: the one the type needs), then the compressors (default zstd). */
export function v3Codecs(dtype: DataType, compressors?: CodecJSON[], filters: CodecJSON[] = [], serializer?: CodecJSON): CodecJSON[] {
  return [...filters, serializer ?? defaultSerializer(dtype), ...(compressors ?? [V3_DEFAULT_COMPRESSOR])];
}

function defaultSerializer(dtype: DataType): CodecJSON {
  return dtype.kind === "string" ? { name: "vlen-utf8", configuration: {} }
    : dtype.kind === "bytes" ? { name: "vlen-bytes", configuration: {} }
    : { name: "bytes", configuration: { endian: "little" } };
}

/**
 * A chosen serializer checked against the array's type: `vlen-utf8` for text, `vlen-bytes` for
 * bytes, else `bytes` with `endian` little or big (dropped for one-byte types, as zarr-python
 * writes it; little when left out). Anything else is an UnsupportedWriteError naming `serializer`.
 */
export function checkedSerializer(dtype: DataType, serializer: CodecJSON, where: ErrorLocation): CodecJSON {
  const needed = defaultSerializer(dtype).name;
  const cfg = serializer.configuration ?? {};
  const refuse = (problem: string) =>
    new UnsupportedWriteError(`ZarrDataIO serializer ${JSON.stringify(serializer)}: ${problem}`, where);
  if (serializer.name === "sharding_indexed") throw refuse("give `shards` (and `chunks` for the inner chunks) to write a sharded array");
  if (serializer.name !== needed) {
    throw refuse(`'${dtypeName(dtype)}' values are serialised by '${needed}'${needed === "bytes" ? " (with endian little or big)" : ""}; no other serializer is written here`);
  }
  const extra = Object.keys(cfg).filter((k) => !(needed === "bytes" && k === "endian"));
  if (extra.length) throw refuse(`'${needed}' takes ${needed === "bytes" ? "only 'endian'" : "no configuration"}, not ${extra.map((k) => `'${k}'`).join(", ")}`);
  if (needed !== "bytes") return { name: needed, configuration: {} };
  const endian = cfg.endian ?? "little";
  if (endian !== "little" && endian !== "big") throw refuse(`'endian' must be "little" or "big", not ${JSON.stringify(endian)}`);
  return (itemSize(dtype) ?? 2) > 1 ? { name: "bytes", configuration: { endian } } : { name: "bytes" };
}

/** The index codecs zarr-python 3 gives every shard: little-endian offsets and sizes, then a crc32c checksum. */
const SHARD_INDEX_CODECS: CodecJSON[] = [{ name: "bytes", configuration: { endian: "little" } }, { name: "crc32c" }];

/**
 * The shard shape for `settings.shape` with inner chunks `chunks`: each a positive multiple of the
 * inner chunk (zarr-python refuses anything else); "auto" as zarr-python 3 chooses it by default
 * (two inner chunks along each axis that holds more than eight, one along the others).
 */
export function shardShape(shape: readonly number[], chunks: readonly number[], settings: ShardSettings, where: ErrorLocation): number[] {
  if (shape.length === 0) throw new InvalidArgumentError("ZarrDataIO shards: a scalar (0-d) dataset has no chunks to shard; leave `shards` out", where);
  if (settings.shape === "auto") return chunks.map((c, d) => (Math.floor(shape[d] / c) > 8 ? 2 * c : c));
  checkShardShape(settings.shape, chunks, where);
  return settings.shape.slice();
}

/** Refuse a shard shape that is not, along every axis, a positive multiple of the inner chunk shape. */
export function checkShardShape(shards: readonly number[], chunks: readonly number[], where: ErrorLocation): void {
  if (shards.length !== chunks.length) {
    throw new InvalidArgumentError(`ZarrDataIO shards [${shards}] have ${shards.length} dimensions, the chunks [${chunks}] ${chunks.length}`, where);
  }
  shards.forEach((s, d) => {
    if (!Number.isSafeInteger(s) || s < 1 || s % chunks[d] !== 0) {
      throw new InvalidArgumentError(
        `ZarrDataIO shards [${shards}]: dimension ${d} (shards[${d}]=${s}) must be a multiple of the chunk shape's (chunks[${d}]=${chunks[d]}); ` +
          "`chunks` sets the inner chunks of each shard", where,
      );
    }
  });
}

/**
 * Inner chunks for shards given without `chunks`: the usual guess for one shard, each axis then
 * brought down to a length that divides the shard's (hdmf-zarr 0.14 warns about leaving `chunks`
 * out; zarr-python's own guess may not divide the shards and then fails).
 */
export function innerChunksFor(shards: readonly number[], dtype: DataType): number[] {
  return guessChunks(shards, dtype).map((c, d) => {
    let k = Math.max(1, Math.min(c, shards[d]));
    while (shards[d] % k !== 0) k--;
    return k;
  });
}

/**
 * The chunk grid and codecs of a new Zarr v3 array with chunks `chunks`: unsharded, the chunks and
 * the codec chain; sharded, the shard shape and one `sharding_indexed` codec holding the chain
 * (filters, serializer and compressors act on each inner chunk, as zarr-python 3 writes them).
 */
export function v3Layout(
  dtype: DataType, shape: readonly number[], chunks: number[], opts: LayoutOptions, where: ErrorLocation,
): { chunkShape: number[]; codecs: CodecJSON[] } {
  const serializer = opts.serializer === undefined ? undefined : checkedSerializer(dtype, opts.serializer, where);
  const chain = v3Codecs(dtype, resolveCompressors(3, opts, where).v3, opts.arrayCodecs, serializer);
  const chosen = opts.shards !== undefined || opts.serializer !== undefined || opts.arrayCodecs?.length || Array.isArray(opts.compressors);
  // Codecs the caller chose are built once here, so that a chain that cannot encode this type fails before the array exists.
  if (chosen) checkChain(chain, dtype, chunks, where);
  if (opts.shards === undefined) return { chunkShape: chunks, codecs: chain };
  const configuration = { chunk_shape: chunks, codecs: chain, index_codecs: SHARD_INDEX_CODECS, index_location: opts.shards.indexLocation };
  return { chunkShape: shardShape(shape, chunks, opts.shards, where), codecs: [{ name: "sharding_indexed", configuration }] };
}

function checkChain(codecs: CodecJSON[], dtype: DataType, chunks: number[], where: ErrorLocation): void {
  try {
    CodecPipeline.create(codecs, { dtype, chunkShape: chunks, zarrFormat: 3, allowPickle: false, where });
  } catch (err) {
    const prefix = new HdmfZarrError("", where).message;
    const message = String((err as Error)?.message ?? err);
    const text = message.startsWith(prefix) ? message.slice(prefix.length) : message;
    throw new UnsupportedWriteError(`the ZarrDataIO codecs [${codecs.map((c) => c.name).join(", ")}] cannot encode this '${dtypeName(dtype)}' dataset: ${text}`, where, { cause: err });
  }
}

/** Refuse what a legacy Zarr v2 array cannot hold: shards and a serializer (Zarr v2 has neither). */
export function checkV2Layout(opts: LayoutOptions, where: ErrorLocation): void {
  for (const option of ["shards", "serializer"] as const) {
    if (opts[option] !== undefined) {
      throw new UnsupportedWriteError(
        `cannot write this legacy Zarr v2 array with ZarrDataIO \`${option}\`: Zarr v2 has no ${option === "shards" ? "sharding" : "serializer codec"}; ` +
          "leave it out, or write Zarr v3 (the default)", where,
      );
    }
  }
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
    // hdmf-zarr 0.14 refuses `compressor`; here it stays the legacy Zarr v2 compressor.
    if (opts.compressors === undefined && opts.compressor !== undefined && opts.compressor !== null) {
      throw new InvalidOptionError(
        "ZarrDataIO `compressor` is the compressor of legacy Zarr v2 writes; hdmf-zarr 0.14 replaced it by `compressors`, Zarr v3 codecs " +
          "such as [{ name: \"zstd\", configuration: { level: 3 } }] (or false for none)",
        where, "compressor", ["compressors"],
      );
    }
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
