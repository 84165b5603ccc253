/**
 * Consolidated metadata: every node's metadata in one document, so opening a store costs one
 * request. v2: `/.zmetadata` = {"metadata": {"a/.zarray": {...}, ...}, "zarr_consolidated_format": 1}.
 * v3: root `zarr.json` → "consolidated_metadata": {"kind": "inline", "metadata": {"a": {...}}}.
 */
import { MetadataError, type ErrorLocation } from "../errors.js";
import { parseV2Array, parseV2Group, v2ArrayDocument, V2_KEYS } from "./metadata-v2.js";
import { parseV3Node, v3NodeDocument } from "./metadata-v3.js";
import { jsonText, putKey } from "./json-values.js";
import { parseJsonExact } from "./json-exact.js";
import { JsonScanError, objectMembers, skipSpace, type MemberRange } from "./json-scan.js";
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

/** A v3 root `zarr.json` as read: the root document, and its consolidated metadata when present and used. */
export interface V3Root {
  root: unknown;
  index?: ConsolidatedDocuments;
}

/**
 * Read a v3 root `zarr.json` from its text. With inline consolidated metadata, only the outline of
 * the node entries is scanned now (where each one's JSON lies); an entry's text is parsed exactly
 * (`parseJsonExact`) when its node is first asked for, so opening a store of 100,000 nodes costs
 * one pass over the text instead of building every object. The root document and the shape of the
 * consolidated metadata are checked now, as `parseV3Consolidated` does.
 * @param parseWhole parses the whole text (a document without consolidated metadata, or one whose
 *   outline does not scan: its typed error says why)
 */
export function readV3Root(text: string, store: string, useConsolidated: boolean, parseWhole: (text: string) => unknown): V3Root {
  const outline = useConsolidated ? v3Outline(text) : undefined;
  if (!outline) {
    const root = parseWhole(text);
    return { root, index: useConsolidated ? parseV3Consolidated(root, store) : undefined };
  }
  const where: ErrorLocation = { store, path: "/" };
  const { root, entries } = outline;
  const cm = root.consolidated_metadata as { kind?: unknown };
  if (cm.kind !== "inline") throw new MetadataError(`consolidated_metadata of kind ${jsonText(cm.kind)} is not understood (only "inline")`, where);
  if (!entries) throw new MetadataError("consolidated_metadata has no 'metadata' object", where);
  const docs = new Map<string, unknown>([["", root]]);
  for (const e of entries) docs.set(e.key.charCodeAt(0) === 0x2f ? e.key.replace(/^\/+/, "") : e.key, e);
  const index = new ConsolidatedDocuments(docs, (doc, path) => {
    const at = { store, path: "/" + path };
    if (path === "") return parseV3Node(doc, at);
    const { start, end } = doc as MemberRange;
    return parseV3Node(parseJsonExact(text.slice(start, end), at), at);
  });
  index.get(""); // a bad root fails at open, as it does without consolidated metadata
  return { root, index };
}

/**
 * The root document of a v3 `zarr.json` with its consolidated entries left as text ranges
 * (`consolidated_metadata.metadata` an empty object in `root`, `entries` undefined when it is not
 * an object); undefined when the text has no consolidated metadata object or does not scan.
 */
function v3Outline(text: string): { root: Record<string, unknown>; entries?: MemberRange[] } | undefined {
  try {
    // One pass: the consolidated_metadata object and its metadata object are scanned on the way.
    const objectAt = (start: number) => text.charCodeAt(start) === 0x7b;
    let cm: { members: MemberRange[]; end: number } | undefined;
    let entries: MemberRange[] | undefined;
    const top = objectMembers(text, skipSpace(text, 0), (key, start) => {
      if (key !== "consolidated_metadata") return undefined;
      entries = undefined; // the last one listed counts
      cm = objectAt(start) ? objectMembers(text, start, (k, at) => {
        if (k !== "metadata") return undefined;
        const md = objectAt(at) ? objectMembers(text, at) : undefined;
        entries = md?.members;
        return md?.end;
      }) : undefined;
      return cm?.end;
    });
    if (skipSpace(text, top.end) !== text.length) return undefined;
    const cmAt = lastMember(top.members, "consolidated_metadata");
    if (!cmAt || !cm) return undefined;
    const root = parseMembers(text, top.members, cmAt);
    root.consolidated_metadata = { ...parseMembers(text, cm.members, lastMember(cm.members, "metadata")), ...(entries ? { metadata: {} } : {}) };
    return { root, entries };
  } catch (e) {
    if (e instanceof JsonScanError || e instanceof MetadataError) return undefined; // the whole parse reports it
    throw e;
  }
}

/** The member of a key that a JSON parser keeps: the last one listed. */
function lastMember(members: readonly MemberRange[], key: string): MemberRange | undefined {
  for (let i = members.length - 1; i >= 0; i--) if (members[i].key === key) return members[i];
  return undefined;
}

/** An object of the members' values parsed exactly, but for `except` (and other members of its key). */
function parseMembers(text: string, members: readonly MemberRange[], except?: MemberRange): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of members) if (m.key !== except?.key) putKey(out, m.key, parseJsonExact(text.slice(m.start, m.end)));
  return out;
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
