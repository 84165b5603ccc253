/**
 * Zarr v3 node metadata: one `zarr.json` per node (group or array). Consolidated metadata is an
 * inline `consolidated_metadata` object in the root `zarr.json` (see consolidated.ts).
 */
import { MetadataError, type ErrorLocation } from "../errors.js";
import type { CodecJSON } from "./codecs/types.js";
import { pythonJsonStringify } from "./codecs/json-text.js";
import type { Endian } from "./dtype.js";
import { formatV3Dtype, parseV3Dtype } from "./dtype-v3.js";
import { parseOrDefer } from "./dtype-unsupported.js";
import { formatFillValue, parseFillValue } from "./fill-value.js";
import { roundBigIntsExcept } from "./json-values.js";
import type { ArrayMetadata, ChunkKeyEncoding, GroupMetadata, NodeMetadata } from "./metadata-types.js";

export const V3_KEY = "zarr.json";

function asObject(raw: unknown, what: string, where: ErrorLocation): Record<string, unknown> {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new MetadataError(`${what} is not a JSON object`, where);
  return raw as Record<string, unknown>;
}

/** Endianness of the array's `bytes` codec (inside a shard when sharded); little when absent. */
function findEndian(codecs: CodecJSON[]): Endian {
  for (const c of codecs) {
    if (c.name === "bytes") return c.configuration?.endian === "big" ? "big" : "little";
    if (c.name === "sharding_indexed" && Array.isArray(c.configuration?.codecs)) return findEndian(c.configuration!.codecs as CodecJSON[]);
  }
  return "little";
}

function parseCodecs(raw: unknown, where: ErrorLocation): CodecJSON[] {
  if (!Array.isArray(raw)) throw new MetadataError("zarr.json 'codecs' must be a list", where);
  return raw.map((c, i) => {
    if (typeof c === "string") return { name: c };
    const obj = asObject(c, `codec ${i}`, where);
    if (typeof obj.name !== "string") throw new MetadataError(`codec ${i} has no 'name'`, where);
    return { name: obj.name, configuration: (obj.configuration ?? {}) as Record<string, unknown> };
  });
}

function parseChunkKeyEncoding(raw: unknown, where: ErrorLocation): ChunkKeyEncoding {
  if (raw === undefined) return { kind: "default", separator: "/" };
  const obj = asObject(raw, "chunk_key_encoding", where);
  const sep = (obj.configuration as { separator?: unknown } | undefined)?.separator;
  if (obj.name === "default") return { kind: "default", separator: sep === "." ? "." : "/" };
  if (obj.name === "v2") return { kind: "v2", separator: sep === "/" ? "/" : "." };
  throw new MetadataError(`unsupported chunk_key_encoding ${JSON.stringify(obj.name)}`, where);
}

/** Parse one `zarr.json` document into node metadata; validates `zarr_format` and `node_type`. */
export function parseV3Node(raw: unknown, where: ErrorLocation): NodeMetadata {
  // Big integers are kept exact where they mean something: the fill value and attributes.
  const doc = roundBigIntsExcept(asObject(raw, "zarr.json", where), ["attributes", "fill_value", "consolidated_metadata"]);
  if (doc.zarr_format !== 3) throw new MetadataError(`zarr.json has zarr_format ${JSON.stringify(doc.zarr_format)}, expected 3`, where);
  const attributes = doc.attributes === undefined ? {} : asObject(doc.attributes, "zarr.json attributes", where);
  if (doc.node_type === "group") return { zarrFormat: 3, nodeType: "group", attributes } satisfies GroupMetadata;
  if (doc.node_type !== "array") throw new MetadataError(`zarr.json has node_type ${JSON.stringify(doc.node_type)}, expected "group" or "array"`, where);
  if (Array.isArray(doc.storage_transformers) && doc.storage_transformers.length) {
    throw new MetadataError("storage transformers are not supported", where);
  }
  const shape = doc.shape;
  if (!Array.isArray(shape) || !shape.every((n) => Number.isSafeInteger(n) && n >= 0)) throw new MetadataError(`bad shape ${JSON.stringify(shape)}`, where);
  const grid = asObject(doc.chunk_grid, "chunk_grid", where);
  if (grid.name !== "regular") throw new MetadataError(`unsupported chunk_grid ${JSON.stringify(grid.name)}`, where);
  const chunkShape = (grid.configuration as { chunk_shape?: unknown } | undefined)?.chunk_shape;
  if (!Array.isArray(chunkShape) || chunkShape.length !== shape.length || !chunkShape.every((n) => Number.isSafeInteger(n) && n > 0)) {
    throw new MetadataError(`bad chunk_shape ${JSON.stringify(chunkShape)} for shape ${JSON.stringify(shape)}`, where);
  }
  const codecs = parseCodecs(doc.codecs, where);
  // A type we cannot hold still opens (shape, attributes); its values raise the error when read.
  const dtype = parseOrDefer(doc.data_type, where, () => parseV3Dtype(doc.data_type, findEndian(codecs), where));
  const dimensionNames = Array.isArray(doc.dimension_names) ? (doc.dimension_names as (string | null)[]) : undefined;
  return {
    zarrFormat: 3,
    nodeType: "array",
    shape: shape as number[],
    chunkShape: chunkShape as number[],
    dtype,
    fillValue: parseFillValue(doc.fill_value, dtype, where),
    order: "C",
    chunkKeyEncoding: parseChunkKeyEncoding(doc.chunk_key_encoding, where),
    codecs,
    dimensionNames,
    attributes,
  } satisfies ArrayMetadata;
}

/** The `zarr.json` document of a node, in zarr-python 3's key order. */
export function v3NodeDocument(meta: NodeMetadata, where: ErrorLocation): Record<string, unknown> {
  if (meta.nodeType === "group") return { attributes: meta.attributes, zarr_format: 3, consolidated_metadata: null, node_type: "group" };
  const enc = meta.chunkKeyEncoding;
  const doc: Record<string, unknown> = {
    shape: meta.shape,
    data_type: formatV3Dtype(meta.dtype, where),
    chunk_grid: { name: "regular", configuration: { chunk_shape: meta.chunkShape } },
    chunk_key_encoding: { name: enc.kind, configuration: { separator: enc.separator } },
    fill_value: formatFillValue(meta.fillValue, meta.dtype, 3),
    codecs: meta.codecs.map((c) => (c.configuration ? { name: c.name, configuration: c.configuration } : { name: c.name })),
    attributes: meta.attributes,
    zarr_format: 3,
    node_type: "array",
    storage_transformers: [],
  };
  if (meta.dimensionNames) doc.dimension_names = meta.dimensionNames;
  return doc;
}

/** Serialise a v3 document as zarr-python 3 does (indent 2, keys in insertion order). */
export function v3Json(doc: unknown): string {
  return pythonJsonStringify(doc, { indent: 2, sortKeys: false, ensureAscii: true });
}
