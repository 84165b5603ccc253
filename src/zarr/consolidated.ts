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

/** Node path ("" = root, no leading slash) → metadata, every node parsed (what a walk finds and consolidation writes). */
export type ConsolidatedIndex = Map<string, NodeMetadata>;

/**
 * Consolidated metadata as read: node path ("" = root, no leading slash) → the node's raw JSON,
 * parsed on first `get` and cached. Opening a store of many nodes then costs little more than its
 * JSON; a node whose metadata is bad raises a MetadataError naming it when it is first asked for.
 */
export class ConsolidatedDocuments {
  private readonly raw: Map<string, unknown>;
  private readonly parsed = new Map<string, NodeMetadata>();
  private readonly parseNode: (raw: unknown, path: string) => NodeMetadata;

  /** @param parseNode parses one node's raw entry; throws MetadataError naming `path`. */
  constructor(raw: Map<string, unknown>, parseNode: (raw: unknown, path: string) => NodeMetadata) {
    this.raw = raw;
    this.parseNode = parseNode;
  }

  /** Paths of every node listed, without parsing any. */
  keys(): IterableIterator<string> {
    return this.raw.keys();
  }

  /** Metadata of the node at `path`, parsed on the first call; undefined when it is not listed. */
  get(path: string): NodeMetadata | undefined {
    let meta = this.parsed.get(path);
    if (meta === undefined && this.raw.has(path)) {
      meta = this.parseNode(this.raw.get(path), path); // a bad entry throws again when asked again
      this.parsed.set(path, meta);
    }
    return meta;
  }

  /** Forget the node at `path` (it was removed from the store). */
  delete(path: string): void {
    this.raw.delete(path);
    this.parsed.delete(path);
  }
}

function parentOf(key: string, leaf: string): string {
  return key === leaf ? "" : key.slice(0, -(leaf.length + 1));
}

/**
 * Read a v2 `.zmetadata` document. Its shape is checked now; each node's entries when the node is
 * first asked for (the root's now, as a store without consolidated metadata reads it at open).
 */
export function parseV2Consolidated(raw: unknown, store: string): ConsolidatedDocuments {
  const where = { store, path: "/.zmetadata" };
  const doc = raw as { metadata?: Record<string, unknown>; zarr_consolidated_format?: unknown };
  if (!doc || typeof doc !== "object" || typeof doc.metadata !== "object" || doc.metadata === null) {
    throw new MetadataError(".zmetadata has no 'metadata' object", where);
  }
  if (doc.zarr_consolidated_format !== 1) throw new MetadataError(`unsupported zarr_consolidated_format ${jsonText(doc.zarr_consolidated_format)}`, where);
  const md = doc.metadata;
  if (Array.isArray(md)) throw new MetadataError(".zmetadata 'metadata' is a list, not an object", where);
  // path → the key of its .zarray or .zgroup entry (the last one listed, when both are)
  const docKeys = new Map<string, unknown>();
  for (const key of Object.keys(md)) {
    const leaf = key.slice(key.lastIndexOf("/") + 1);
    if (leaf === V2_KEYS.group || leaf === V2_KEYS.array) docKeys.set(parentOf(key, leaf), key);
  }
  const index = new ConsolidatedDocuments(docKeys, (docKey, path) => {
    const at = { store, path: "/" + path };
    const attrs = md[path ? `${path}/${V2_KEYS.attrs}` : V2_KEYS.attrs] ?? {};
    if (!attrs || typeof attrs !== "object" || Array.isArray(attrs)) throw new MetadataError(".zattrs in .zmetadata is not a JSON object", at);
    const key = docKey as string;
    return (key.endsWith(V2_KEYS.group) ? parseV2Group : parseV2Array)(md[key], attrs as Record<string, unknown>, at);
  });
  index.get(""); // a bad root fails at open, as it does without consolidated metadata
  return index;
}

/**
 * Read the inline consolidated metadata of a v3 root `zarr.json`; undefined when absent. Its shape
 * and the root node are checked now; every other node when it is first asked for.
 */
export function parseV3Consolidated(rootDoc: unknown, store: string): ConsolidatedDocuments | undefined {
  const cm = (rootDoc as { consolidated_metadata?: unknown })?.consolidated_metadata;
  if (cm === undefined || cm === null) return undefined;
  const where: ErrorLocation = { store, path: "/" };
  const { kind, metadata: md } = cm as { kind?: unknown; metadata?: unknown };
  if (kind !== "inline") throw new MetadataError(`consolidated_metadata of kind ${jsonText(kind)} is not understood (only "inline")`, where);
  if (!md || typeof md !== "object" || Array.isArray(md)) throw new MetadataError("consolidated_metadata has no 'metadata' object", where);
  const docs = new Map<string, unknown>([["", rootDoc]]);
  for (const [path, doc] of Object.entries(md as Record<string, unknown>)) docs.set(path.replace(/^\/+/, ""), doc);
  const index = new ConsolidatedDocuments(docs, (doc, path) => parseV3Node(doc, { store, path: "/" + path }));
  index.get(""); // a bad root fails at open, as it does without consolidated metadata
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
