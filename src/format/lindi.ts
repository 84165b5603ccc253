/**
 * Reading LINDI's HDF5-as-Zarr convention: the Zarr v2 nodes a `.lindi.json` reference file gives
 * an HDF5 NWB file. HDF5 has what Zarr v2 lacks, and LINDI marks it (convention.ts `LINDI`):
 * scalars are `[1]` arrays with `_SCALAR`, soft links are groups with `_SOFT_LINK`, compound
 * datasets are JSON rows with `_COMPOUND_DTYPE`, references are `{"_REFERENCE": {…}}` values,
 * float attributes NaN/±Infinity are the strings "NaN", "Infinity", "-Infinity". Filters are
 * ordinary numcodecs ids in `.zarray`, which the Zarr layer decodes. A dataset of many chunks that
 * LINDI leaves in the HDF5 file (`_EXTERNAL_ARRAY_LINK`) reads through the store, which finds its
 * chunks in the HDF5 file's chunk index (`store/lindi-external.ts`).
 */
import type { BuilderDtype, CompoundField } from "../data/index.js";
import { MetadataError, type ErrorLocation } from "../errors.js";
import { ReferenceStore } from "../store/reference-store.js";
import type { ReadableStore } from "../store/types.js";
import type { ZarrArray } from "../zarr/array.js";
import type { DataType } from "../zarr/dtype.js";
import { jsonText } from "../zarr/json-values.js";
import type { NodeMetadata } from "../zarr/metadata-types.js";
import { LINDI } from "./convention.js";
import type { RefTarget } from "./references.js";

/** How a LINDI array reads as an hdmf dataset. */
export interface LindiDatasetMarkers {
  dtype: BuilderDtype;
  legacyScalar: boolean;
  isReference: boolean;
  referenceFields: string[];
}

const MARKERS = new Set<string>([LINDI.scalar, LINDI.softLink, LINDI.compoundDtype, LINDI.externalArrayLink]);
const SPECIAL_FLOATS: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, "-Infinity": Number.NEGATIVE_INFINITY };

/**
 * Whether the hierarchy's store is a LINDI reference file. A read-only view (the I/O layer's)
 * shows the store it wraps as `innerStore`.
 */
export async function isLindiStore(store: ReadableStore): Promise<boolean> {
  const inner = (store as { innerStore?: ReadableStore }).innerStore ?? store;
  return inner instanceof ReferenceStore && (await inner.format()) === "lindi";
}

/** The target of a group that stands for an HDF5 soft link, or undefined for other nodes. */
export function softLinkTarget(attributes: Record<string, unknown>, where: ErrorLocation): RefTarget | undefined {
  const link = attributes[LINDI.softLink];
  if (link === undefined) return undefined;
  const path = (link as { path?: unknown } | null)?.path;
  if (typeof path !== "string") throw new MetadataError(`bad ${LINDI.softLink} attribute ${jsonText(link)}`, where);
  return { source: ".", path: path.startsWith("/") ? path : "/" + path };
}

/** NaN and ±Infinity written as LINDI's strings, back to numbers, in nested lists too. */
function decodeSpecialFloats(value: unknown): unknown {
  if (typeof value === "string") return SPECIAL_FLOATS[value] ?? value;
  if (Array.isArray(value)) return value.map(decodeSpecialFloats);
  return value;
}

/** A LINDI node's attributes as hdmf sees them: the markers dropped, special floats decoded. */
export function lindiAttributes(attributes: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attributes)) if (!MARKERS.has(k)) out[k] = decodeSpecialFloats(v);
  return out;
}

/** The hdmf dtype of a `_COMPOUND_DTYPE` field type (numpy's str() of the HDF5 field type). */
function fieldDtype(type: string): BuilderDtype {
  if (type === LINDI.referenceField) return "object";
  if (type === "object" || /^[<>|=]?U\d+$/.test(type)) return "text";
  if (/^[<>|=]?S\d+$/.test(type)) return "bytes";
  return type;
}

function compoundFields(value: unknown, where: ErrorLocation): CompoundField[] {
  const ok = Array.isArray(value) && value.every((f) => Array.isArray(f) && typeof f[0] === "string" && typeof f[1] === "string");
  if (!ok) throw new MetadataError(`bad ${LINDI.compoundDtype} attribute ${jsonText(value)}`, where);
  return (value as [string, string][]).map(([name, type]) => ({ name, dtype: fieldDtype(type) }));
}

/** The first element of an array (one chunk read), or undefined when it is empty. */
async function firstElement(array: ZarrArray): Promise<unknown> {
  if (array.shape.some((n) => n === 0)) return undefined;
  return (await array.get(array.shape.map(() => ({ start: 0, stop: 1 })))).data[0];
}

/** The hdmf dtype of a LINDI array that is neither an object array nor a compound. */
function plainDtype(dtype: DataType): BuilderDtype {
  switch (dtype.kind) {
    case "string": case "fixed-utf32": return "text";
    case "bytes": case "fixed-bytes": return "bytes";
    case "numeric": return dtype.name;
    case "bool": return "bool";
    // A type this package cannot hold shows as written in the file; reading its values raises.
    case "unsupported": return dtype.text;
    default: return "object";
  }
}

/**
 * How a LINDI array reads. Object arrays carry no marker telling text from references, so their
 * first element is read (LINDI keeps such arrays inline in the reference file: no request).
 */
export async function lindiDatasetMarkers(meta: NodeMetadata & { nodeType: "array" }, array: ZarrArray, where: ErrorLocation): Promise<LindiDatasetMarkers> {
  const attrs = meta.attributes;
  const legacyScalar = attrs[LINDI.scalar] === true && meta.shape.length === 1 && meta.shape[0] === 1;
  if (attrs[LINDI.compoundDtype] !== undefined) {
    const fields = compoundFields(attrs[LINDI.compoundDtype], where);
    return { dtype: fields, legacyScalar, isReference: false, referenceFields: fields.filter((f) => f.dtype === "object").map((f) => f.name) };
  }
  if (meta.dtype.kind === "object") {
    const first = await firstElement(array);
    const isReference = typeof first === "object" && first !== null && !Array.isArray(first) && "_REFERENCE" in first;
    return { dtype: isReference ? "object" : "text", legacyScalar, isReference, referenceFields: [] };
  }
  return { dtype: plainDtype(meta.dtype), legacyScalar, isReference: false, referenceFields: [] };
}
