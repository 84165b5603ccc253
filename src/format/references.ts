/**
 * How object references and links look on disk, in both conventions, and their parsing.
 * A parsed reference is `{source, path}`: `source` "." means the same store.
 */
import { MetadataError, type ErrorLocation } from "../errors.js";
import type { ZarrFormat } from "../zarr/metadata-types.js";
import { jsonText } from "../zarr/json-values.js";
import { V2, V3 } from "./convention.js";

/** A reference or link target: which store (`source`, relative to this one) and the path inside it. */
export interface RefTarget {
  source: string;
  /** Absolute path in the target store; "/" for its root. */
  path: string;
}

/** A link entry of `_LINKS` / `zarr_link`. */
export interface LinkEntry extends RefTarget {
  name: string;
}

function normPath(p: unknown): string {
  if (p === null || p === undefined || p === "") return "/";
  const s = String(p);
  return s.startsWith("/") ? s : "/" + s;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

/** A reference stored as an attribute value, or undefined when the value is not a reference. */
export function attributeReference(value: unknown): RefTarget | undefined {
  if (!isObject(value)) return undefined;
  const cur = value[V3.reference];
  if (isObject(cur)) return { source: String(cur.source ?? "."), path: normPath(cur.path) };
  if (value[V2.dtype] === V2.referenceDtype && isObject(value.value)) {
    return { source: String(value.value.source ?? "."), path: normPath(value.value.path) };
  }
  return undefined;
}

/** A reference element of a reference dataset (v3 path string or JSON string; v2 dict). */
export function elementReference(value: unknown, where: ErrorLocation): RefTarget {
  if (typeof value === "string") {
    const text = value.trim();
    if (text.startsWith("{")) {
      try {
        return elementReference(JSON.parse(text), where);
      } catch (e) {
        if (e instanceof MetadataError) throw e;
        throw new MetadataError(`bad reference element ${jsonText(value)}`, where);
      }
    }
    return { source: ".", path: normPath(text) };
  }
  // LINDI wraps each reference element as an attribute value is wrapped: {"_REFERENCE": {...}}.
  if (isObject(value) && isObject(value[V3.reference])) return elementReference(value[V3.reference], where);
  if (isObject(value) && ("path" in value || "source" in value)) {
    return { source: String(value.source ?? "."), path: normPath(value.path) };
  }
  throw new MetadataError(`bad reference element ${jsonText(value)}`, where);
}

/** Parse the link list attribute of a group. */
export function parseLinks(value: unknown, where: ErrorLocation): LinkEntry[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new MetadataError("link list attribute is not a list", where);
  return value.map((entry) => {
    if (!isObject(entry) || typeof entry.name !== "string") throw new MetadataError(`bad link entry ${jsonText(entry)}`, where);
    return { name: entry.name, source: String(entry.source ?? "."), path: normPath(entry.path) };
  });
}

/** The attribute value for a reference, as written by hdmf-zarr in each convention. */
export function formatAttributeReference(target: RefTarget, format: ZarrFormat, extra: { objectId?: string | null; sourceObjectId?: string | null } = {}): unknown {
  if (format === 3) return { [V3.reference]: { source: target.source, path: target.path } };
  return {
    value: { object_id: extra.objectId ?? null, path: target.path, source: target.source, source_object_id: extra.sourceObjectId ?? null },
    [V2.dtype]: V2.referenceDtype,
  };
}

/** A dataset element for a reference: a path string (v3) or a dict (v2). */
export function formatElementReference(target: RefTarget, format: ZarrFormat, extra: { objectId?: string | null; sourceObjectId?: string | null } = {}): unknown {
  if (format === 3) return target.path;
  return { object_id: extra.objectId ?? null, path: target.path, source: target.source, source_object_id: extra.sourceObjectId ?? null };
}
