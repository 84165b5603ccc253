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
import { forEachMember, hasEscape, JsonScanError, keyText, objectMembers, skipSpace, smallValueEnd, valueEnd, valueEndNoting, type MemberRange } from "./json-scan.js";
import type { NodeMetadata } from "./metadata-types.js";
import type { ChildLists } from "./child-lists.js";
import { pickAttributes, scanAttributes, summaryOfMetadata, v3NodeType, type NodeSummary } from "./node-summary.js";

/** Node path ("" = root, no leading slash) → metadata, every node parsed (what a walk finds and consolidation writes). */
export type ConsolidatedIndex = Map<string, NodeMetadata>;

/** Reads the kind and the named attributes of one node's raw entry; throws MetadataError naming `path`. */
export type SummarizeNode = (raw: unknown, path: string, names: readonly string[]) => NodeSummary;

/** The paths of the nodes whose metadata text holds one of `names` as a JSON string (quotes included). */
export type FindMentions = (names: readonly string[]) => string[];

/**
 * Consolidated metadata as read: node path ("" = root, no leading slash) → the node's raw JSON
 * (or where its text lies), parsed on first `get` and cached. Opening a store of many nodes then
 * costs little more than its JSON; a node whose metadata is bad raises a MetadataError naming it
 * when it is first asked for. `summary` reads a node's kind and a few attributes without parsing
 * the rest, for indexes over every node.
 */
export class ConsolidatedDocuments {
  private readonly raw: Map<string, unknown>;
  private readonly parsed = new Map<string, NodeMetadata>();
  private readonly parseNode: (raw: unknown, path: string) => NodeMetadata;
  private readonly summarize: SummarizeNode;
  private readonly mentions?: FindMentions;
  /** The paths' children grouped already (see takeChildLists). */
  private childLists?: ChildLists;

  /**
   * @param parseNode parses one node's raw entry; throws MetadataError naming `path`.
   * @param summarize reads one node's kind and named attributes from its raw entry.
   * @param mentions finds the nodes whose text mentions names (entries kept as text); without it every node is a candidate.
   */
  constructor(raw: Map<string, unknown>, parseNode: (raw: unknown, path: string) => NodeMetadata, summarize: SummarizeNode, mentions?: FindMentions) {
    this.raw = raw;
    this.parseNode = parseNode;
    this.summarize = summarize;
    this.mentions = mentions;
  }

  /**
   * The paths of the nodes that may have one of the attributes `names`: those whose metadata text
   * holds one of them as a JSON string, found by a native search through the whole document, not
   * by a scan of each node. A superset (the name may be a value, or a key elsewhere in the node):
   * `summary` tells. A key written with escapes for plain letters (`"\u005fLINKS"`) is not found.
   */
  pathsMentioning(names: readonly string[]): string[] {
    return this.mentions ? this.mentions(names).filter((p) => this.raw.has(p)) : [...this.raw.keys()];
  }

  /**
   * The kind and the attributes `names` of the node at `path`, without parsing the rest of its
   * metadata (from the parsed metadata when it was parsed); undefined when it is not listed. Not
   * cached: an index calls it once per node. Bad JSON in what it reads throws a MetadataError naming the node.
   */
  summary(path: string, names: readonly string[]): NodeSummary | undefined {
    const meta = this.parsed.get(path);
    if (meta) return summaryOfMetadata(meta, names);
    return this.raw.has(path) ? this.summarize(this.raw.get(path), path, names) : undefined;
  }

  /**
   * The children of every group as `addChildPath` groups `keys()`, when they were grouped while
   * the document was scanned; given once (undefined after, or after a node was deleted): the
   * caller then owns and may sort the lists.
   */
  takeChildLists(): ChildLists | undefined {
    const lists = this.childLists;
    this.childLists = undefined;
    return lists;
  }

  /** Give the children of every group, grouped from exactly `keys()` as `addChildPath` does, for `takeChildLists`. */
  setChildLists(lists: ChildLists): void {
    this.childLists = lists;
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
    this.childLists = undefined;
    this.raw.delete(path);
    this.parsed.delete(path);
  }
}

function parentOf(key: string, leaf: string): string {
  return key === leaf ? "" : key.slice(0, -(leaf.length + 1));
}

/** The key of the `.zattrs` entry of the node at `path` in `.zmetadata`. */
function v2AttrsKey(path: string): string {
  return path ? `${path}/${V2_KEYS.attrs}` : V2_KEYS.attrs;
}

/** The v2 error for a `.zmetadata` `.zattrs` entry that is not an object, naming its key. */
function v2AttrsNotObject(path: string): string {
  return `'${v2AttrsKey(path)}' in .zmetadata is not a JSON object`;
}

/** Checks of a v2 `.zmetadata` document's shape, in the order JSON.parse's object meets them. */
function checkV2Shape(metadata: "object" | "list" | "missing", format: unknown, where: ErrorLocation): void {
  if (metadata === "missing") throw new MetadataError(".zmetadata has no 'metadata' object", where);
  if (format !== 1) throw new MetadataError(`unsupported zarr_consolidated_format ${jsonText(format)}`, where);
  if (metadata === "list") throw new MetadataError(".zmetadata 'metadata' is a list, not an object", where);
}

/**
 * A FindMentions over text ranges: the `"name"`s are found by one regular expression through the
 * whole text (native code, about 10 ms for 43 MB), and each place found is mapped to the range
 * holding it by a binary search. `rangeOf` gives an entry's range (undefined: not text); `always`
 * lists paths that are candidates anyway.
 */
function mentionsIn(whole: string | (() => string), entries: Map<string, unknown>, rangeOf: (entry: unknown) => { start: number; end: number } | undefined, always: readonly string[] = []): FindMentions {
  let sorted: { starts: number[]; ends: number[]; paths: string[] } | undefined;
  // The ranges by position: the map's order is the text's, but for a key listed twice.
  const sortRanges = () => {
    const list: { start: number; end: number; path: string }[] = [];
    for (const [path, entry] of entries) {
      const r = rangeOf(entry);
      if (r) list.push({ start: r.start, end: r.end, path });
    }
    list.sort((a, b) => a.start - b.start);
    return { starts: list.map((r) => r.start), ends: list.map((r) => r.end), paths: list.map((r) => r.path) };
  };
  return (names) => {
    const found = new Set<string>(always);
    if (!names.length) return [...found];
    const pattern = new RegExp(names.map((n) => JSON.stringify(n).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
    const text = typeof whole === "string" ? whole : whole();
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const { starts, ends, paths } = (sorted ??= sortRanges());
      let lo = 0, hi = starts.length - 1, at = -1; // the last range starting at or before the place found
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid] <= m.index) (at = mid), (lo = mid + 1);
        else hi = mid - 1;
      }
      if (at >= 0 && m.index < ends[at]) found.add(paths[at]);
    }
    return [...found];
  };
}

/**
 * Read a v2 `.zmetadata` document. Its shape is checked now; each node's entries when the node is
 * first asked for (the root's now, as a store without consolidated metadata reads it at open).
 */
export function parseV2Consolidated(raw: unknown, store: string): ConsolidatedDocuments {
  const where = { store, path: "/.zmetadata" };
  const doc = raw as { metadata?: Record<string, unknown>; zarr_consolidated_format?: unknown };
  const hasObject = !!doc && typeof doc === "object" && typeof doc.metadata === "object" && doc.metadata !== null;
  checkV2Shape(!hasObject ? "missing" : Array.isArray(doc.metadata) ? "list" : "object", doc?.zarr_consolidated_format, where);
  const md = doc.metadata!;
  // path → the key of its .zarray or .zgroup entry (the last one listed, when both are)
  const docKeys = new Map<string, unknown>();
  for (const key of Object.keys(md)) {
    const leaf = key.slice(key.lastIndexOf("/") + 1);
    if (leaf === V2_KEYS.group || leaf === V2_KEYS.array) docKeys.set(parentOf(key, leaf), key);
  }
  const attrsOf = (path: string) => md[v2AttrsKey(path)] ?? {};
  const index = new ConsolidatedDocuments(
    docKeys,
    (docKey, path) => {
      const at = { store, path: "/" + path };
      const attrs = attrsOf(path);
      if (!attrs || typeof attrs !== "object" || Array.isArray(attrs)) throw new MetadataError(v2AttrsNotObject(path), at);
      const key = docKey as string;
      return (key.endsWith(V2_KEYS.group) ? parseV2Group : parseV2Array)(md[key], attrs as Record<string, unknown>, at);
    },
    (docKey, path, names) => ({
      nodeType: (docKey as string).endsWith(V2_KEYS.group) ? "group" : "array",
      attributes: pickAttributes(attrsOf(path), names, `'${v2AttrsKey(path)}' in .zmetadata`, { store, path: "/" + path }),
    }),
  );
  index.get(""); // a bad root fails at open, as it does without consolidated metadata
  return index;
}

/** Where a v2 node's entries lie in the `.zmetadata` text: its `.zarray` or `.zgroup`, and its `.zattrs`. */
interface V2NodeText {
  doc?: V2EntryText;
  attrs?: V2EntryText;
}

/** Where one entry of a node lies in `.zmetadata`, and its key's last part (`.zarray`, `.zgroup` or `.zattrs`). */
interface V2EntryText {
  leaf: string;
  start: number;
  end: number;
}

/** The key of a node's entry in `.zmetadata`. */
function v2Key(path: string, leaf: string): string {
  return path ? `${path}/${leaf}` : leaf;
}

const V2_LEAVES = [V2_KEYS.array, V2_KEYS.group, V2_KEYS.attrs] as const;

/**
 * The node path and last part of the `.zmetadata` key whose raw text is t[start, end), when the
 * last part is one of V2_LEAVES; undefined for other keys. A plain key whose path is `last`
 * (the previous key's: a node's entries are usually listed together) allocates no new path.
 */
function v2KeyParts(t: string, start: number, end: number, last: string | undefined): { path: string; leaf: string } | undefined {
  for (const leaf of V2_LEAVES) {
    const at = end - leaf.length;
    if (at < start || !t.startsWith(leaf, at)) continue;
    if (at === start) return { path: "", leaf };
    if (t.charCodeAt(at - 1) !== 0x2f) break;
    const length = at - 1 - start;
    if (last !== undefined && last.length === length && t.startsWith(last, start)) return { path: last, leaf };
    return { path: hasEscape(t, start, at - 1) ? keyText(t, start, at - 1) : t.slice(start, at - 1), leaf };
  }
  if (!hasEscape(t, start, end)) return undefined;
  // A key written with escapes: decoded whole.
  const key = keyText(t, start, end);
  const leaf = key.slice(key.lastIndexOf("/") + 1);
  return (V2_LEAVES as readonly string[]).includes(leaf) ? { path: parentOf(key, leaf), leaf } : undefined;
}

/** Parse the entry `key` of `.zmetadata` lying at `range` exactly; bad JSON names the key. */
function parseV2Entry(text: string, range: V2EntryText, key: string, where: ErrorLocation): unknown {
  try {
    return parseJsonExact(text.slice(range.start, range.end)); // no location: the error below gives it once
  } catch (e) {
    throw new MetadataError(`'${key}' in .zmetadata is not valid JSON: ${(e as Error).message}`, where, { cause: e });
  }
}

/**
 * Read a v2 `.zmetadata` document from its text, as `readV3Root` reads a v3 root: only the outline
 * of its entries is scanned now (where each `.zarray`, `.zgroup` and `.zattrs` lies); a node's
 * entries are parsed exactly when the node is first asked for. The document's shape and the root
 * node are checked now, as `parseV2Consolidated` does.
 * @param parseWhole parses the whole text (used when its outline does not scan: its typed error says why)
 */
export function readV2Consolidated(text: string, store: string, parseWhole: (text: string) => unknown): ConsolidatedDocuments {
  const outline = v2Outline(text);
  if (!outline) return parseV2Consolidated(parseWhole(text), store);
  const where = { store, path: "/.zmetadata" };
  checkV2Shape(outline.metadata, outline.format, where);
  // Only paths with a .zarray or .zgroup are nodes (a .zattrs alone is not).
  const nodes: Map<string, unknown> = outline.nodes;
  for (const [path, node] of outline.nodes) if (!node.doc) nodes.delete(path);
  const index = new ConsolidatedDocuments(
    nodes,
    (node, path) => {
      const at = { store, path: "/" + path };
      const { doc, attrs } = node as V2NodeText;
      const attributes = attrs ? parseV2Entry(text, attrs, v2AttrsKey(path), at) : {};
      if (!attributes || typeof attributes !== "object" || Array.isArray(attributes)) throw new MetadataError(v2AttrsNotObject(path), at);
      const raw = parseV2Entry(text, doc!, v2Key(path, doc!.leaf), at);
      return (doc!.leaf === V2_KEYS.group ? parseV2Group : parseV2Array)(raw, attributes as Record<string, unknown>, at);
    },
    (node, path, names) => {
      const { doc, attrs } = node as V2NodeText;
      const at = { store, path: "/" + path };
      return {
        nodeType: doc!.leaf === V2_KEYS.group ? "group" : "array",
        attributes: attrs ? scanAttributes(text, attrs.start, names, `'${v2AttrsKey(path)}' in .zmetadata`, at).attributes : {},
      };
    },
    mentionsIn(text, nodes, (node) => (node as V2NodeText).attrs),
  );
  index.get(""); // a bad root fails at open, as it does without consolidated metadata
  return index;
}

/**
 * The outline of a v2 `.zmetadata` text: each node's entries by path (the last of a key listed
 * twice, as JSON.parse keeps), what its `metadata` member is, and its `zarr_consolidated_format`
 * parsed; undefined when the text does not scan (then the whole parse reports why).
 */
function v2Outline(text: string): { nodes: Map<string, V2NodeText>; metadata: "object" | "list" | "missing"; format: unknown } | undefined {
  try {
    let nodes = new Map<string, V2NodeText>();
    let metadata: "object" | "list" | "missing" = "missing";
    let format: unknown;
    const end = forEachMember(text, skipSpace(text, 0), (k0, k1, v) => {
      const key = keyText(text, k0, k1);
      if (key === "zarr_consolidated_format") {
        const e = valueEnd(text, v);
        format = parseJsonExact(text.slice(v, e));
        return e;
      }
      if (key !== "metadata") return undefined;
      const c = text.charCodeAt(v);
      metadata = c === 0x7b ? "object" : c === 0x5b ? "list" : "missing";
      nodes = new Map();
      let lastPath: string | undefined;
      let lastNode: V2NodeText | undefined;
      if (metadata !== "object") return undefined;
      return forEachMember(text, v, (m0, m1, at) => {
        const parts = v2KeyParts(text, m0, m1, lastPath);
        if (!parts) return undefined;
        const range: V2EntryText = { leaf: parts.leaf, start: at, end: smallValueEnd(text, at) };
        // A node's entries are usually listed together: the last node found saves a lookup.
        let node = parts.path === lastPath ? lastNode : nodes.get(parts.path);
        if (!node) nodes.set(parts.path, (node = {}));
        lastPath = parts.path;
        lastNode = node;
        if (parts.leaf === V2_KEYS.attrs) node.attrs = range;
        else node.doc = range;
        return range.end;
      });
    });
    if (skipSpace(text, end) !== text.length) return undefined;
    return { nodes, metadata, format };
  } catch (e) {
    if (e instanceof JsonScanError || e instanceof MetadataError) return undefined; // the whole parse reports it
    throw e;
  }
}

/** The summary of a v3 node parsed as a whole object (not scanned). */
function v3ObjectSummary(raw: unknown, names: readonly string[], where: ErrorLocation): NodeSummary {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new MetadataError("zarr.json is not a JSON object", where);
  const doc = raw as { node_type?: unknown; attributes?: unknown };
  return { nodeType: v3NodeType(doc.node_type, where), attributes: pickAttributes(doc.attributes ?? {}, names, "zarr.json attributes", where) };
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
  const index = new ConsolidatedDocuments(
    docs,
    (doc, path) => parseV3Node(doc, { store, path: "/" + path }),
    (doc, path, names) => v3ObjectSummary(doc, names, { store, path: "/" + path }),
  );
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
 * @param scanned the entries of a `metadata` object of this text, scanned already (as the text
 *   arrived: `V3RootStreamScan`); the rest of the outline is scanned here as usual
 */
export function readV3Root(text: string | (() => string), store: string, useConsolidated: boolean, parseWhole: (text: string) => unknown, scanned?: V3EntriesScan): V3Root {
  // With the entries' texts kept apart by the scan, the whole text is joined only when needed:
  // when the outline must be scanned whole, or the search index looks through it.
  let whole = typeof text === "string" ? text : undefined;
  let entryText: ((i: number) => string) | undefined;
  const wholeText = () => {
    whole ??= (text as () => string)();
    entryText = undefined; // entries are sliced from the whole text from now on
    return whole;
  };
  let outline: ReturnType<typeof v3Outline>;
  if (useConsolidated && scanned?.apart && whole === undefined) {
    const { skeleton, at } = scanned.apart;
    const o = v3Outline(skeleton, { ...scanned, start: at, end: at + 2 });
    if (o && o.entries === scanned.entries) [outline, entryText] = [o, scanned.apart.entryText];
  }
  if (!outline && useConsolidated) outline = v3Outline(wholeText(), scanned);
  if (!outline) {
    const root = parseWhole(wholeText());
    return { root, index: useConsolidated ? parseV3Consolidated(root, store) : undefined };
  }
  const where: ErrorLocation = { store, path: "/" };
  const { root, entries, spans } = outline;
  const cm = root.consolidated_metadata as { kind?: unknown };
  if (cm.kind !== "inline") throw new MetadataError(`consolidated_metadata of kind ${jsonText(cm.kind)} is not understood (only "inline")`, where);
  if (!entries) throw new MetadataError("consolidated_metadata has no 'metadata' object", where);
  entries.set("", root); // first in the map's order, and the root document wins over an entry of its path
  const index = new ConsolidatedDocuments(
    entries,
    (doc, path) => {
      const at = { store, path: "/" + path };
      if (path === "") return parseV3Node(doc, at);
      const i = doc as number;
      const entry = entryText ? entryText(i) : whole!.slice(spans.starts[i], spans.ends[i]);
      return parseV3Node(parseJsonExact(entry, at), at);
    },
    (doc, path, names) => {
      const at = { store, path: "/" + path };
      if (path === "") return v3ObjectSummary(doc, names, at);
      const i = doc as number;
      return entryText ? v3EntrySummary(entryText(i), 0, names, at) : v3EntrySummary(whole!, spans.starts[i], names, at);
    },
    mentionsIn(wholeText, entries, (doc) => (typeof doc === "number" ? { start: spans.starts[doc], end: spans.ends[doc] } : undefined), [""]),
  );
  // The children grouped while the entries were scanned, when these are the entries kept.
  if (scanned?.childLists && entries === scanned.entries) index.setChildLists(scanned.childLists);
  index.get(""); // a bad root fails at open, as it does without consolidated metadata
  return { root, index };
}

/**
 * Where the node entries lie in the root `zarr.json` text: entry i at [starts[i], ends[i]). An
 * entry is kept as its index (no object per node: 100,000 of them cost in the first view), its
 * positions in typed arrays grown by doubling (two plain arrays pushed 100,000 times each cost
 * about 25 ms of the 170 ms scan in Node).
 */
export class V3EntrySpans {
  starts = new Uint32Array(1024);
  ends = new Uint32Array(1024);
  length = 0;

  /** Record an entry at [start, end); returns its index. */
  add(start: number, end: number): number {
    if (this.length === this.starts.length) {
      const grow = (a: Uint32Array) => {
        const b = new Uint32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
    }
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    return this.length++;
  }
}

/**
 * The entries of a consolidated `metadata` object already scanned: the object lies at
 * [start, end) of the text, `entries` maps each node path to its index in `spans` (the root's
 * place first, as `v3Outline` makes it).
 */
export interface V3EntriesScan {
  start: number;
  end: number;
  entries: Map<string, unknown>;
  spans: V3EntrySpans;
  /** The children of every group, grouped from the entries' paths (`addChildPath`; the root's place not among them). */
  childLists?: ChildLists;
  /**
   * The document kept apart, so that its whole text need not be joined to open it: `skeleton` is
   * the text with the entries' object written `{}` at `at`, and `entryText(i)` the text of entry i
   * (until the whole text is joined: entries are then sliced from it).
   */
  apart?: { skeleton: string; at: number; entryText: (i: number) => string };
}

/** A new map of node path → entry, holding the root's place first (its document replaces it). */
export function newEntryMap(): Map<string, unknown> {
  return new Map<string, unknown>([["", undefined]]);
}

/**
 * Record the consolidated entry whose raw key is t[keyStart, keyEnd) and whose value lies at
 * [start, end): leading slashes go from its path; a path listed twice keeps the last entry.
 * `offset` is added to the positions (the text is part of a longer one).
 */
export function recordEntry(entries: Map<string, unknown>, spans: V3EntrySpans, t: string, keyStart: number, keyEnd: number, start: number, end: number, offset = 0): string {
  const key = keyText(t, keyStart, keyEnd);
  const path = key.charCodeAt(0) === 0x2f ? key.replace(/^\/+/, "") : key;
  entries.set(path, spans.add(start + offset, end + offset));
  return path;
}

/** The top-level members of a node entry that a summary reads. */
const SUMMARY_MEMBERS = ["node_type", "attributes"] as const;

/**
 * The summary of a node from its entry's text: one pass over the entry finds where its
 * `node_type` and `attributes` lie; the kind is read straight from the text, the attributes scanned.
 */
function v3EntrySummary(text: string, start: number, names: readonly string[], where: ErrorLocation): NodeSummary {
  const noted: number[] = [];
  try {
    valueEndNoting(text, start, SUMMARY_MEMBERS, noted);
  } catch (e) {
    if (e instanceof JsonScanError) throw new MetadataError(`zarr.json is not valid JSON: ${e.message}`, where, { cause: e });
    throw e;
  }
  const [at, attributesAt] = noted;
  const nodeType = at >= 0 && text.startsWith('"group"', at) ? "group" : at >= 0 && text.startsWith('"array"', at) ? "array"
    : v3NodeType(at < 0 ? undefined : parseJsonExact(text.slice(at, valueEnd(text, at)), where), where);
  const attributes = attributesAt < 0 ? {} : scanAttributes(text, attributesAt, names, "zarr.json attributes", where).attributes;
  return { nodeType, attributes };
}

/**
 * The root document of a v3 `zarr.json` with its consolidated entries left as text ranges
 * (`consolidated_metadata.metadata` an empty object in `root`; `entries` by node path, undefined
 * when it is not an object); undefined when the text has no consolidated metadata object or does not scan.
 */
function v3Outline(text: string, scanned?: V3EntriesScan): { root: Record<string, unknown>; entries?: Map<string, unknown>; spans: V3EntrySpans } | undefined {
  try {
    // One pass: the consolidated_metadata object and its metadata object are scanned on the way.
    const objectAt = (start: number) => text.charCodeAt(start) === 0x7b;
    let cm: { members: MemberRange[]; end: number } | undefined;
    let entries: Map<string, unknown> | undefined;
    const spans = scanned?.spans ?? new V3EntrySpans();
    const top = objectMembers(text, skipSpace(text, 0), (key, start) => {
      if (key !== "consolidated_metadata") return undefined;
      entries = undefined; // the last one listed counts
      cm = objectAt(start) ? objectMembers(text, start, (k, at) => {
        if (k !== "metadata" || !objectAt(at)) return undefined;
        if (scanned && at === scanned.start) {
          entries = scanned.entries;
          return scanned.end;
        }
        const found = newEntryMap();
        entries = found;
        return forEachMember(text, at, (k0, k1, v) => {
          const end = smallValueEnd(text, v);
          recordEntry(found, spans, text, k0, k1, v, end);
          return end;
        });
      }) : undefined;
      return cm?.end;
    });
    if (skipSpace(text, top.end) !== text.length) return undefined;
    const cmAt = lastMember(top.members, "consolidated_metadata");
    if (!cmAt || !cm) return undefined;
    const metadataAt = lastMember(cm.members, "metadata");
    if (metadataAt && !objectAt(metadataAt.start)) entries = undefined; // a later 'metadata' that is not an object
    const root = parseMembers(text, top.members, cmAt);
    root.consolidated_metadata = { ...parseMembers(text, cm.members, metadataAt), ...(entries ? { metadata: {} } : {}) };
    return { root, entries, spans };
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
