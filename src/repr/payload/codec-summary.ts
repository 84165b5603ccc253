/**
 * An array's codecs in the three groups zarr-python's info shows (Filters, Serializer,
 * Compressors), told apart by name from the metadata alone: no codec is built, so an array with
 * an unknown or refused codec (pickle) still shows its facts.
 */
import type { CodecJSON } from "../../zarr/codecs/types.js";
import type { ArrayMetadata, V2CodecJSON } from "../../zarr/metadata-types.js";
import { formatCodec } from "../text/format-text.js";

/** Codecs that turn an array into bytes (with or without a `numcodecs.` prefix). */
const SERIALIZERS = new Set([
  "bytes", "sharding_indexed", "vlen-utf8", "vlen-bytes", "vlen-array", "json2", "json", "pickle", "msgpack2", "msgpack",
]);

const SHARDING = "sharding_indexed";

/** The codec groups of an array, each codec as `name(key=value, …)`. */
export interface CodecSummary {
  filters: string[];
  serializer: string | null;
  compressors: string[];
  /** Inner chunk shape of a sharded array, else null. */
  innerChunkShape: number[] | null;
}

function isSerializer(c: CodecJSON): boolean {
  return typeof c?.name === "string" && SERIALIZERS.has(c.name.replace(/^numcodecs\./, ""));
}

function describe(c: CodecJSON): string {
  return formatCodec(typeof c?.name === "string" ? c.name : "?", c?.configuration);
}

function describeV2(c: V2CodecJSON): string {
  const { id, ...configuration } = c;
  return formatCodec(String(id), configuration);
}

function split(codecs: readonly CodecJSON[]): { filters: CodecJSON[]; serializer: CodecJSON | null; compressors: CodecJSON[] } {
  const at = codecs.findIndex(isSerializer);
  if (at < 0) return { filters: [], serializer: null, compressors: [...codecs] };
  return { filters: codecs.slice(0, at), serializer: codecs[at], compressors: codecs.slice(at + 1) };
}

function innerShape(c: CodecJSON): number[] | null {
  const shape = c.configuration?.chunk_shape;
  return Array.isArray(shape) && shape.every((n) => Number.isInteger(n)) ? (shape as number[]) : null;
}

/** The codec groups of an array's metadata (the inner chunks' codecs when sharded). */
export function summarizeCodecs(meta: ArrayMetadata): CodecSummary {
  const codecs = Array.isArray(meta.codecs) ? meta.codecs : [];
  const outer = split(codecs);
  if (outer.serializer?.name === SHARDING) {
    const inner = outer.serializer.configuration?.codecs;
    const parts = split(Array.isArray(inner) ? (inner as CodecJSON[]) : []);
    return {
      filters: [...outer.filters, ...parts.filters].map(describe),
      serializer: parts.serializer ? describe(parts.serializer) : null,
      compressors: parts.compressors.map(describe),
      innerChunkShape: innerShape(outer.serializer),
    };
  }
  // v2: show `filters` and `compressor` as written in .zarray, in numcodecs' own names.
  if (meta.zarrFormat === 2 && meta.v2) {
    const filters = Array.isArray(meta.v2.filters) ? meta.v2.filters : [];
    return {
      filters: filters.filter((f) => !isSerializer({ name: String(f?.id) })).map(describeV2),
      // The serializer is one of the v2 object codecs (or the implied `bytes`): name it as numcodecs does.
      serializer: outer.serializer ? describe(outer.serializer).replace(/^numcodecs\./, "") : null,
      compressors: meta.v2.compressor ? [describeV2(meta.v2.compressor)] : [],
      innerChunkShape: null,
    };
  }
  return {
    filters: outer.filters.map(describe),
    serializer: outer.serializer ? describe(outer.serializer) : null,
    compressors: outer.compressors.map(describe),
    innerChunkShape: null,
  };
}
