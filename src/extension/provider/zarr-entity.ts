/**
 * Zarr node metadata → provider entities, from metadata alone (no chunk is read): the HDMF dtype
 * the format markers name, reference datasets, dimension names, user attributes and the attribute
 * references of both conventions.
 */
import { V2, V3, RESERVED_ATTRIBUTES, DIMENSION_LABELS_ATTR, SPEC_LOCATION_ATTR } from "../../format/convention.js";
import { attributeReference, type RefTarget } from "../../format/references.js";
import { attributesPayload, dimsOf, typeInfo } from "../../repr/payload/common.js";
import { dtypeName } from "../../zarr/dtype.js";
import type { ArrayMetadata, NodeMetadata } from "../../zarr/metadata-types.js";
import type { Entity, EntityKind, ReferenceAttribute, Target } from "./data-provider.js";

/** A parsed target as the views see it: source null for this store. */
export function toTarget(t: RefTarget): Target {
  return { path: t.path, source: t.source === "." || t.source === "" ? null : t.source };
}

/** Whether every element of the array is an object reference (either convention). */
export function isReferenceArray(meta: ArrayMetadata): boolean {
  return marksReferences(meta.attributes);
}

/** Whether an array's attributes mark its elements as object references (either convention). */
export function marksReferences(attributes: Record<string, unknown>): boolean {
  const current = attributes[V3.dtype];
  const legacy = attributes[V2.dtype];
  return current === V3.referenceDtype || (current === undefined && legacy === V2.referenceDtype);
}

/** The kind of a node's entity: a group, a dataset, or a dataset of object references. */
export function entityKind(meta: NodeMetadata): EntityKind {
  return meta.nodeType === "group" ? "group" : isReferenceArray(meta) ? "reference" : "dataset";
}

/** Whether the array is a legacy `[1]`-shaped scalar. */
export function isLegacyScalar(meta: ArrayMetadata): boolean {
  return meta.zarrFormat === 2 && meta.attributes[V2.dtype] === V2.scalar && meta.shape.length === 1 && meta.shape[0] === 1;
}

/** The HDMF dtype of an array as a label: format markers first for text and references, else the Zarr type. */
export function hdmfDtypeLabel(meta: ArrayMetadata): string {
  if (isReferenceArray(meta)) return "object reference";
  const legacy = meta.attributes[V2.dtype];
  if (Array.isArray(legacy)) {
    const fields = legacy.map((f) => {
      const { name, dtype } = (f ?? {}) as { name?: unknown; dtype?: unknown };
      return `${String(name)}: ${dtype === V2.referenceDtype ? "object reference" : String(dtype)}`;
    });
    return `{${fields.join(", ")}}`;
  }
  const marker = meta.attributes[V3.dtype] ?? legacy;
  const numeric = meta.dtype.kind === "numeric" || meta.dtype.kind === "bool";
  if (typeof marker === "string" && marker !== V2.scalar && !numeric) return marker;
  return dtypeName(meta.dtype);
}

/** Format markers: never shown as attributes. */
const HIDDEN = new Set([...RESERVED_ATTRIBUTES, SPEC_LOCATION_ATTR]);

/** Attributes, references and type of any node. */
function common(meta: NodeMetadata): Pick<Entity, "type" | "description" | "attributes" | "references"> {
  const { attributes } = attributesPayload(meta.attributes, HIDDEN, Infinity);
  const references: ReferenceAttribute[] = [];
  for (const k of Object.keys(attributes)) {
    const ref = attributeReference(meta.attributes[k]);
    if (!ref) continue;
    const target = toTarget(ref);
    references.push({ name: k, target });
    attributes[k] = { $type: "reference", path: target.path, source: target.source };
  }
  const d = meta.attributes.description;
  return { type: typeInfo(meta.attributes), description: typeof d === "string" ? d : null, attributes, references };
}

/** The last segment of an absolute path. */
export function baseOf(path: string): string {
  return path === "/" ? "" : path.slice(path.lastIndexOf("/") + 1);
}

/** A group entity (child count given by the caller, from the child index). */
export function groupEntity(path: string, meta: NodeMetadata, childCount: number | null): Entity {
  return { kind: "group", name: baseOf(path), path, ...common(meta), childCount };
}

/** A dataset entity without array facts (those need the array; `ZarrStoreProvider` adds them). */
export function datasetEntity(path: string, meta: ArrayMetadata): Entity {
  const legacyScalar = isLegacyScalar(meta);
  const shape = legacyScalar ? [] : meta.shape.slice();
  const dims = dimsOf(meta.dimensionNames ?? meta.attributes[DIMENSION_LABELS_ATTR], shape.length);
  return {
    kind: entityKind(meta),
    name: baseOf(path), path, ...common(meta), childCount: null,
    dtype: hdmfDtypeLabel(meta), shape, dims, readable: shape,
  };
}

/** A link entity. */
export function linkEntity(path: string, target: Target): Entity {
  return {
    kind: "link", name: baseOf(path), path, type: null, description: null, attributes: {}, references: [],
    childCount: null, target,
  };
}
