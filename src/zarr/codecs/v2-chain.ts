/**
 * The mapping between Zarr v2 codecs (numcodecs `filters` + `compressor`) and v3 codec chains, both
 * directions.
 *
 * v2 → v3: `filters` + `compressor` (+ `order`, `dtype`) as a v3-style codec chain, so v2 and v3
 * arrays share one pipeline. numcodecs ids become `numcodecs.<id>` codecs with the same
 * parameters. Order of the result: `transpose` for F order, array→array filters (delta …), the
 * array→bytes step (the first object codec, else `bytes`), the remaining filters as bytes→bytes
 * codecs in order (hdmf-zarr's HDF5 export puts Shuffle and Zlib there), then the compressor.
 *
 * v3 → v2: one v3 codec as its numcodecs configuration (`toV2Codec`), and the v2 filters a type
 * needs in front of the others (`v2Filters`: the object codec of strings, bytes and objects).
 */
import { MetadataError, type ErrorLocation } from "../../errors.js";
import { itemSize, type DataType } from "../dtype.js";
import type { V2CodecJSON } from "../metadata-types.js";
import type { CodecJSON } from "./types.js";

/** numcodecs filters that transform arrays (keep their place before serialisation). */
const ARRAY_TO_ARRAY = new Set(["delta", "fixedscaleoffset", "quantize", "astype", "bitround", "categorize", "packbits"]);
/** numcodecs object codecs: they serialise an object array, so they are the array→bytes step. */
const OBJECT_CODECS = new Set(["vlen-utf8", "vlen-bytes", "vlen-array", "json2", "json", "pickle", "msgpack2", "msgpack"]);

/** What `v2CodecChain` needs from a `.zarray`. */
export interface V2ChainInput {
  dtype: DataType;
  order: "C" | "F";
  filters?: V2CodecJSON[] | null;
  compressor?: V2CodecJSON | null;
  /**
   * Number of dimensions. With it, F order becomes an explicit v3 permutation (`[n-1, …, 0]`);
   * without it, the `transpose` codec gets `order: "F"`, which it resolves from the chunk shape.
   */
  ndim?: number;
  /** For error messages. */
  where?: ErrorLocation;
}

/** One numcodecs configuration (`{"id": "blosc", ...}`) as codec JSON (`numcodecs.blosc`). */
export function v2ToCodecJSON(codec: V2CodecJSON, where: ErrorLocation = {}): CodecJSON {
  if (typeof codec !== "object" || codec === null || typeof codec.id !== "string") {
    throw new MetadataError(`a v2 filter or compressor must be an object with an 'id', got ${JSON.stringify(codec)}`, where);
  }
  const { id, ...configuration } = codec;
  return { name: `numcodecs.${id}`, configuration };
}

/** The `bytes` codec for a type: its byte order when that matters and is one order throughout. */
function bytesCodec(dtype: DataType, afterArrayFilters: boolean): CodecJSON {
  const multiByte = (itemSize(dtype) ?? 1) > 1;
  // A delta filter may change the element type; the bytes codec then follows that type's order.
  if (!afterArrayFilters && multiByte && (dtype.kind === "numeric" || dtype.kind === "fixed-utf32")) {
    return { name: "bytes", configuration: { endian: dtype.endian } };
  }
  return { name: "bytes" };
}

/** The v3-style codec chain equivalent to a v2 array's filters, compressor, order and dtype. */
export function v2CodecChain(input: V2ChainInput): CodecJSON[] {
  const where = input.where ?? {};
  const filters = input.filters ?? [];
  if (!Array.isArray(filters)) throw new MetadataError("v2 'filters' must be a list or null", where);
  const chain: CodecJSON[] = [];
  if (input.order === "F") {
    const order = input.ndim === undefined ? "F" : [...Array(input.ndim).keys()].reverse();
    chain.push({ name: "transpose", configuration: { order } });
  }

  let i = 0;
  while (i < filters.length && typeof filters[i]?.id === "string" && ARRAY_TO_ARRAY.has(filters[i].id)) {
    chain.push(v2ToCodecJSON(filters[i], where));
    i++;
  }
  const rest = filters.slice(i);
  const objectIndex = rest.findIndex((f) => typeof f?.id === "string" && OBJECT_CODECS.has(f.id));
  if (objectIndex >= 0) {
    // Filters before the object codec cannot be expressed (they would act on objects): keep them
    // in place so the pipeline reports the chain as out of order instead of misreading data.
    chain.push(...rest.slice(0, objectIndex).map((f) => v2ToCodecJSON(f, where)));
    chain.push(v2ToCodecJSON(rest[objectIndex], where));
    chain.push(...rest.slice(objectIndex + 1).map((f) => v2ToCodecJSON(f, where)));
  } else {
    chain.push(bytesCodec(input.dtype, i > 0));
    chain.push(...rest.map((f) => v2ToCodecJSON(f, where)));
  }
  if (input.compressor !== null && input.compressor !== undefined) chain.push(v2ToCodecJSON(input.compressor, where));
  return chain;
}

// ------------------------------------------------------------------------------ v3 → v2

/** numcodecs.JSON (`json2`) with the configuration hdmf-zarr (and numcodecs by default) uses for object arrays. */
export const V2_JSON_CODEC: V2CodecJSON = {
  id: "json2", allow_nan: true, check_circular: true, encoding: "utf-8", ensure_ascii: true, indent: null,
  separators: [",", ":"], skipkeys: false, sort_keys: true, strict: true,
};

/** v2 filters for a type: object arrays need their object codec first, then `extra`; null when there are none. */
export function v2Filters(dtype: DataType, extra: V2CodecJSON[] = []): V2CodecJSON[] | null {
  const object: V2CodecJSON | undefined =
    dtype.kind === "string" ? { id: "vlen-utf8" }
    : dtype.kind === "bytes" ? { id: "vlen-bytes" }
    : dtype.kind === "object" ? V2_JSON_CODEC
    : undefined;
  const list = [...(object ? [object] : []), ...extra];
  return list.length ? list : null;
}

/** Blosc's `shuffle` names in v3 configurations, at the index numcodecs uses for them. */
const BLOSC_SHUFFLE = ["noshuffle", "shuffle", "bitshuffle"];

/**
 * A v3 codec as a numcodecs (v2) configuration: undefined when v2 needs none (a checksum, nothing
 * is lost without it), null when v2 has no counterpart (the caller falls back to its defaults).
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
