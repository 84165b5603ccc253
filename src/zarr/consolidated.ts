/**
 * Consolidated metadata: every node's metadata in one document, so opening a store costs one
 * request. v2: `/.zmetadata` = {"metadata": {"a/.zarray": {...}, ...}, "zarr_consolidated_format": 1}.
 * v3: root `zarr.json` → "consolidated_metadata": {"kind": "inline", "metadata": {"a": {...}}}.
 */
import { MetadataError, type ErrorLocation } from "../errors.js";
import { parseV2Array, parseV2Group, v2ArrayDocument, V2_KEYS } from "./metadata-v2.js";
import { parseV3Node, v3NodeDocument } from "./metadata-v3.js";
import { jsonText } from "./json-values.js";
import type { NodeMetadata } from "./metadata-types.js";

/** Node path ("" = root, no leading slash) → metadata. */
export type ConsolidatedIndex = Map<string, NodeMetadata>;

function parentOf(key: string, leaf: string): string {
  return key === leaf ? "" : key.slice(0, -(leaf.length + 1));
}

/** Parse a v2 `.zmetadata` document. */
export function parseV2Consolidated(raw: unknown, store: string): ConsolidatedIndex {
  const where = { store, path: "/.zmetadata" };
  const doc = raw as { metadata?: Record<string, unknown>; zarr_consolidated_format?: unknown };
  if (!doc || typeof doc !== "object" || typeof doc.metadata !== "object" || doc.metadata === null) {
    throw new MetadataError(".zmetadata has no 'metadata' object", where);
  }
  if (doc.zarr_consolidated_format !== 1) throw new MetadataError(`unsupported zarr_consolidated_format ${jsonText(doc.zarr_consolidated_format)}`, where);
  const md = doc.metadata;
  if (Array.isArray(md)) throw new MetadataError(".zmetadata 'metadata' is a list, not an object", where);
  const index: ConsolidatedIndex = new Map();
  const attrsOf = (path: string) => {
    const attrs = md[path ? `${path}/${V2_KEYS.attrs}` : V2_KEYS.attrs] ?? {};
    if (!attrs || typeof attrs !== "object" || Array.isArray(attrs)) {
      throw new MetadataError(".zattrs in .zmetadata is not a JSON object", { store, path: "/" + path });
    }
    return attrs as Record<string, unknown>;
  };
  for (const key of Object.keys(md)) {
    const leaf = key.split("/").pop()!;
    if (leaf === V2_KEYS.group) {
      const path = parentOf(key, leaf);
      index.set(path, parseV2Group(md[key], attrsOf(path), { store, path: "/" + path }));
    } else if (leaf === V2_KEYS.array) {
      const path = parentOf(key, leaf);
      index.set(path, parseV2Array(md[key], attrsOf(path), { store, path: "/" + path }));
    }
  }
  return index;
}

/** Parse the inline consolidated metadata of a v3 root `zarr.json`; undefined when absent. */
export function parseV3Consolidated(rootDoc: unknown, store: string): ConsolidatedIndex | undefined {
  const cm = (rootDoc as { consolidated_metadata?: unknown })?.consolidated_metadata;
  if (cm === undefined || cm === null) return undefined;
  const where: ErrorLocation = { store, path: "/" };
  const { kind, metadata: md } = cm as { kind?: unknown; metadata?: unknown };
  if (kind !== "inline") throw new MetadataError(`consolidated_metadata of kind ${jsonText(kind)} is not understood (only "inline")`, where);
  if (!md || typeof md !== "object" || Array.isArray(md)) throw new MetadataError("consolidated_metadata has no 'metadata' object", where);
  const index: ConsolidatedIndex = new Map();
  index.set("", parseV3Node(rootDoc, where));
  for (const [path, doc] of Object.entries(md as Record<string, unknown>)) {
    index.set(path.replace(/^\/+/, ""), parseV3Node(doc, { store, path: "/" + path }));
  }
  return index;
}

/** The v2 `.zmetadata` document for a set of nodes. */
export function v2ConsolidatedDocument(nodes: ConsolidatedIndex, store: string): unknown {
  const metadata: Record<string, unknown> = {};
  for (const [path, meta] of [...nodes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const prefix = path ? `${path}/` : "";
    if (meta.nodeType === "group") metadata[prefix + V2_KEYS.group] = { zarr_format: 2 };
    else metadata[prefix + V2_KEYS.array] = v2ArrayDocument(meta, { store, path: "/" + path });
    if (Object.keys(meta.attributes).length) metadata[prefix + V2_KEYS.attrs] = meta.attributes;
  }
  return { metadata, zarr_consolidated_format: 1 };
}

/** The v3 root `zarr.json` with inline consolidated metadata for `nodes` (root included in `nodes`). */
export function v3ConsolidatedRoot(nodes: ConsolidatedIndex, store: string): Record<string, unknown> {
  const root = nodes.get("");
  if (!root) throw new MetadataError("cannot consolidate a store without a root node", { store, path: "/" });
  const metadata: Record<string, unknown> = {};
  for (const [path, meta] of [...nodes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (path === "") continue;
    const doc = v3NodeDocument(meta, { store, path: "/" + path });
    if (meta.nodeType === "group") doc.consolidated_metadata = { kind: "inline", must_understand: false, metadata: {} };
    metadata[path] = doc;
  }
  const doc = v3NodeDocument(root, { store, path: "/" });
  doc.consolidated_metadata = { kind: "inline", must_understand: false, metadata };
  return doc;
}
