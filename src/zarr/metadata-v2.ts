/**
 * Zarr v2 node metadata: `.zgroup`, `.zarray`, `.zattrs` (and the same documents inside
 * `.zmetadata`). Written the way zarr-python 2 writes them: indent 4, sorted keys, ASCII only,
 * so that Python's ASCII metadata decoder accepts our files.
 */
import { MetadataError, type ErrorLocation } from "../errors.js";
import { v2CodecChain } from "./codecs/v2-chain.js";
import { pythonJsonStringify } from "./codecs/json-text.js";
import { formatV2Dtype, parseV2Dtype, v2ObjectCodecId } from "./dtype-v2.js";
import { parseOrDefer } from "./dtype-unsupported.js";
import { formatFillValue, parseFillValue } from "./fill-value.js";
import { roundBigInts, roundBigIntsExcept } from "./json-values.js";
import type { ArrayMetadata, GroupMetadata, V2CodecJSON } from "./metadata-types.js";

export const V2_KEYS = { group: ".zgroup", array: ".zarray", attrs: ".zattrs", consolidated: ".zmetadata" } as const;

function asObject(raw: unknown, what: string, where: ErrorLocation): Record<string, unknown> {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new MetadataError(`${what} is not a JSON object`, where);
  return raw as Record<string, unknown>;
}

function intList(raw: unknown, what: string, where: ErrorLocation): number[] {
  if (!Array.isArray(raw) || !raw.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new MetadataError(`${what} must be a list of non-negative integers, got ${JSON.stringify(raw)}`, where);
  }
  return raw as number[];
}

function codecOrNull(raw: unknown, what: string, where: ErrorLocation): V2CodecJSON | null {
  if (raw === null || raw === undefined) return null;
  const obj = asObject(raw, what, where);
  if (typeof obj.id !== "string") throw new MetadataError(`${what} has no 'id'`, where);
  return obj as V2CodecJSON;
}

/** Parse `.zarray` (+ `.zattrs`) into ArrayMetadata. */
export function parseV2Array(rawArray: unknown, attributes: Record<string, unknown>, where: ErrorLocation): ArrayMetadata {
  // Big integers are kept exact where they mean something: the fill value (attributes are the caller's).
  const z = roundBigIntsExcept(asObject(rawArray, ".zarray", where), ["fill_value"]);
  if (z.zarr_format !== 2) throw new MetadataError(`.zarray has zarr_format ${JSON.stringify(z.zarr_format)}, expected 2`, where);
  const shape = intList(z.shape, ".zarray shape", where);
  const chunkShape = intList(z.chunks, ".zarray chunks", where);
  if (chunkShape.length !== shape.length) throw new MetadataError(`.zarray chunks ${JSON.stringify(chunkShape)} do not match shape ${JSON.stringify(shape)}`, where);
  if (chunkShape.some((c) => c === 0) && shape.some((s) => s > 0)) throw new MetadataError("chunk size 0 in .zarray", where);
  if (z.filters !== null && z.filters !== undefined && !Array.isArray(z.filters)) throw new MetadataError(".zarray filters must be a list or null", where);
  const filters = z.filters
    ? (z.filters as unknown[]).map((f, i) => {
      const codec = codecOrNull(f, `filter ${i}`, where);
      if (!codec) throw new MetadataError(`filter ${i} is null`, where);
      return codec;
    })
    : null;
  const compressor = codecOrNull(z.compressor, "compressor", where);
  const order = z.order === "F" ? "F" : "C";
  if (z.order !== undefined && z.order !== "C" && z.order !== "F") throw new MetadataError(`bad order ${JSON.stringify(z.order)}`, where);
  // A type we cannot hold still opens (shape, attributes); its values raise the error when read.
  const dtype = parseOrDefer(z.dtype, where, () => parseV2Dtype(z.dtype, v2ObjectCodecId(filters, compressor), where));
  const separator = z.dimension_separator === "/" ? "/" : ".";
  return {
    zarrFormat: 2,
    nodeType: "array",
    shape,
    chunkShape,
    dtype,
    fillValue: parseFillValue(z.fill_value, dtype, where),
    order,
    chunkKeyEncoding: { kind: "v2", separator },
    codecs: v2CodecChain({ filters, compressor, dtype, order }),
    v2: { filters, compressor, dtype: z.dtype },
    attributes,
  };
}

/** Parse `.zgroup` (+ `.zattrs`). */
export function parseV2Group(rawGroup: unknown, attributes: Record<string, unknown>, where: ErrorLocation): GroupMetadata {
  const g = asObject(roundBigInts(rawGroup), ".zgroup", where);
  if (g.zarr_format !== 2) throw new MetadataError(`.zgroup has zarr_format ${JSON.stringify(g.zarr_format)}, expected 2`, where);
  return { zarrFormat: 2, nodeType: "group", attributes };
}

/** The `.zarray` document of an array (attributes go to `.zattrs`). */
export function v2ArrayDocument(meta: ArrayMetadata, where: ErrorLocation): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    chunks: meta.chunkShape,
    compressor: meta.v2?.compressor ?? null,
    dtype: meta.v2?.dtype ?? formatV2Dtype(meta.dtype, where),
    fill_value: formatFillValue(meta.fillValue, meta.dtype, 2),
    filters: meta.v2?.filters && meta.v2.filters.length ? meta.v2.filters : null,
    order: meta.order,
    shape: meta.shape,
    zarr_format: 2,
  };
  if (meta.chunkKeyEncoding.separator === "/") doc.dimension_separator = "/";
  return doc;
}

/** Serialise a v2 metadata document as zarr-python 2 does (indent 4, sorted keys, ASCII). */
export function v2Json(doc: unknown): string {
  return pythonJsonStringify(doc, { indent: 4, sortKeys: true, ensureAscii: true });
}
