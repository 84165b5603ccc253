/**
 * A Zarr hierarchy on a store: find, list, create and update nodes of either Zarr format.
 * Reads come from consolidated metadata when it was loaded (one request to open a store; each node
 * parsed when first asked for); otherwise each node's metadata is read on demand and cached.
 */
import { MetadataError, NodeNotFoundError, ReadOnlyError, StoreError, type ErrorLocation } from "../errors.js";
import { checkValueSize, type ByteLimit } from "../store/capped-read.js";
import { isWritable, joinKey, type ReadableStore, type WritableStore } from "../store/types.js";
import { parseJsonExact } from "./json-exact.js";
import { ZarrArray, type ChunkDecoder } from "./array.js";
import {
  readV2Consolidated, readV3Root, v2ConsolidatedDocument, v3ConsolidatedRoot, type ConsolidatedDocuments, type ConsolidatedIndex,
} from "./consolidated.js";
import { parseV2Array, parseV2Group, v2ArrayDocument, v2Json, V2_KEYS } from "./metadata-v2.js";
import { parseV3Node, v3Json, v3NodeDocument, V3_KEY } from "./metadata-v3.js";
import type { ScannedV3Root } from "./v3-root-stream.js";
import { addChildPath, type ChildLists } from "./child-lists.js";
import type { ArrayMetadata, GroupMetadata, NodeMetadata, ZarrFormat } from "./metadata-types.js";
import { chunkLimit, metadataLimit, type ReadLimits } from "./limits.js";
import { Semaphore } from "./concurrency.js";
import { isIncomplete, markIncomplete, withoutMarker } from "./incomplete.js";

/** Options of a hierarchy; `maxMetadataBytes` and `maxChunkBytes` (limits.ts) bound what is read. */
export interface HierarchyOptions extends ReadLimits {
  /** Load consolidated metadata when present (default true). */
  consolidated?: boolean;
  /** Decode pickle-coded v2 arrays (default false). */
  allowPickle?: boolean;
  /** Chunk requests in flight per array read. */
  concurrency?: number;
  /** Optional off-thread decoder for the bytes stage of chunks. */
  decodePool?: ChunkDecoder;
  /**
   * The root `zarr.json` as scanned while it arrived (`V3RootStreamScan`), given the bytes read:
   * undefined when no scan saw exactly these bytes. Opening then decodes and scans only what the
   * scan left.
   */
  scannedRoot?: (bytes: Uint8Array) => ScannedV3Root | undefined;
}

/** Groups listed at once by prefetch (each listing then reads its children's metadata together). */
const PREFETCH_GROUPS = 64;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Normalise a node path: no leading/trailing slash, "" for the root. */
export function nodePath(path: string): string {
  return joinKey(path);
}

export class ZarrHierarchy {
  readonly store: ReadableStore;
  readonly format: ZarrFormat;
  private readonly options: HierarchyOptions;
  /** The most bytes one metadata document may take. */
  private readonly metadataLimit: ByteLimit;
  /** Nodes known so far from reads and writes (null: not there); before `consolidated`. */
  private readonly nodes = new Map<string, NodeMetadata | null>();
  /** Every node of the consolidated metadata, each parsed when first asked for. */
  private readonly consolidated?: ConsolidatedDocuments;
  /** True when consolidated metadata was loaded: it lists every node. */
  private complete: boolean;
  /** Node reads in flight, shared by callers asking for the same node at once. */
  private readonly reading = new Map<string, Promise<NodeMetadata | undefined>>();
  /** Set once this hierarchy took consolidated metadata out of the store (until it consolidates again). */
  private consolidatedDropped = false;

  private constructor(store: ReadableStore, format: ZarrFormat, options: HierarchyOptions, index?: ConsolidatedDocuments) {
    this.store = store;
    this.format = format;
    this.options = options;
    this.metadataLimit = metadataLimit(options, { store: store.description });
    chunkLimit(options, { store: store.description }); // checked now rather than at the first chunk
    this.complete = index !== undefined;
    this.consolidated = index;
  }

  /** Children of every group, from the complete (consolidated) node list; built once, dropped when nodes change. */
  private children?: Map<string, string[]>;
  /** The groups whose list in `children` is sorted (see childrenOf). */
  private readonly sortedChildren = new Set<string>();

  /** Children found by listing the store (no consolidated metadata), by group; dropped when nodes change. */
  private readonly listed = new Map<string, Promise<string[]>>();
  /** Every folder name the store lists under a path (with Zarr metadata or not), shared by listChildren and listFolders. */
  private readonly folders = new Map<string, Promise<string[]>>();

  private forgetChildren(): void {
    this.children = undefined;
    this.listed.clear();
    this.folders.clear();
  }

  private childIndex(): Map<string, string[]> {
    if (this.children) return this.children;
    // The consolidated paths grouped as they were scanned, the first time (a big store's root
    // zarr.json scanned while it arrived); else grouped now, paths only: listing parses no node.
    const grouped = this.consolidated?.takeChildLists();
    const lists: ChildLists = grouped ?? new Map();
    for (const [key, meta] of this.nodes) if (key !== "" && meta) addChildPath(lists, key);
    if (!grouped) for (const key of this.consolidated?.keys() ?? []) if (key !== "") addChildPath(lists, key);
    this.children = lists;
    this.sortedChildren.clear();
    return this.children;
  }

  /**
   * The names of the children of the group at `path`, sorted, each once (a folder is added as an
   * ancestor and as a node). A group's list is sorted when first asked for: the first view shows
   * only the root's children, not the other groups' (a thousand lists for 100,000 nodes).
   */
  private childrenOf(path: string): string[] {
    const list = this.childIndex().get(path);
    if (!list) return [];
    if (!this.sortedChildren.has(path)) {
      list.sort();
      let kept = 0;
      for (let i = 0; i < list.length; i++) if (i === 0 || list[i] !== list[i - 1]) list[kept++] = list[i];
      list.length = kept;
      this.sortedChildren.add(path);
    }
    return list;
  }


  /** Whether the metadata came from a consolidated document. */
  get isConsolidated(): boolean {
    return this.complete;
  }

  /** The consolidated metadata read at open, for indexes over every node (`summary`); undefined without it. */
  get consolidatedDocuments(): ConsolidatedDocuments | undefined {
    return this.complete ? this.consolidated : undefined;
  }

  private where(path: string): ErrorLocation {
    return { store: this.store.description, path: "/" + path };
  }

  /** Read and parse a JSON document of at most maxMetadataBytes; undefined when the key is missing. */
  private async readJson(key: string, path: string): Promise<unknown> {
    const text = await this.readText(key, path);
    return text === undefined ? undefined : this.parseJson(text, key, path);
  }

  /** Read the text of a JSON document of at most maxMetadataBytes; undefined when the key is missing. */
  private async readText(key: string, path: string): Promise<string | undefined> {
    const bytes = await this.readBytes(key, path);
    return bytes === undefined ? undefined : decoder.decode(bytes);
  }

  /** Read the bytes of a JSON document of at most maxMetadataBytes; undefined when the key is missing. */
  private async readBytes(key: string, path: string): Promise<Uint8Array | undefined> {
    let bytes: Uint8Array | undefined;
    try {
      // Stores that can stop at the limit do; for the others it is checked once read.
      bytes = checkValueSize(await this.store.get(key, { limit: this.metadataLimit, metadata: true }), this.metadataLimit, `'${key}'`, this.where(path));
    } catch (e) {
      if (e instanceof StoreError) throw e;
      throw new StoreError(`cannot read '${key}': ${(e as Error).message}`, this.where(path), { cause: e });
    }
    return bytes;
  }

  /** Parse the text of the JSON document `key`; a MetadataError naming it when the text is not JSON. */
  private parseJson(text: string, key: string, path: string): unknown {
    try {
      return parseJsonExact(text);
    } catch (e) {
      throw new MetadataError(`'${key}' is not valid JSON: ${(e as Error).message}`, this.where(path), { cause: e });
    }
  }

  /**
   * Open the hierarchy rooted at the store root. Detects the format (v3 `zarr.json`, else v2 `.zgroup`/`.zarray`)
   * unless `format` is given. Throws NodeNotFoundError when the root holds no Zarr metadata.
   */
  static async open(store: ReadableStore, options: HierarchyOptions & { format?: ZarrFormat } = {}): Promise<ZarrHierarchy> {
    const probe = new ZarrHierarchy(store, options.format ?? 3, options);
    const useConsolidated = options.consolidated !== false;
    // A store of unknown format is asked for zarr.json and .zmetadata at once: a consolidated v2
    // store then opens in one round trip over HTTP, not two.
    let zmetaRead: Promise<string | undefined> | undefined;
    if (options.format !== 2) {
      if (options.format === undefined && useConsolidated) {
        zmetaRead = probe.readText(V2_KEYS.consolidated, "");
        zmetaRead.catch(() => undefined); // looked at below, only when there is no zarr.json
      }
      const rootBytes = await probe.readBytes(V3_KEY, "");
      if (rootBytes !== undefined) {
        // Consolidated entries are scanned, not parsed, until their node is asked for (most of them
        // may have been scanned as the bytes arrived).
        const seen = useConsolidated ? options.scannedRoot?.(rootBytes) : undefined;
        const scanned = seen?.bytes === rootBytes.byteLength ? seen : undefined;
        const rootText = scanned?.text ?? decoder.decode(rootBytes);
        const { root, index } = readV3Root(rootText, store.description, useConsolidated, (text) => probe.parseJson(text, V3_KEY, ""), scanned?.entries);
        const h = new ZarrHierarchy(store, 3, options, index);
        if (!index) h.nodes.set("", parseV3Node(root, h.where("")));
        return h;
      }
      if (options.format === 3) throw new NodeNotFoundError("no Zarr v3 metadata (zarr.json) at the store root", probe.where(""));
    }
    if (useConsolidated) {
      // Its entries are scanned, not parsed, until their node is asked for.
      const zmeta = await (zmetaRead ?? probe.readText(V2_KEYS.consolidated, ""));
      if (zmeta !== undefined) {
        return new ZarrHierarchy(store, 2, options, readV2Consolidated(zmeta, store.description, (text) => probe.parseJson(text, V2_KEYS.consolidated, "")));
      }
    }
    const h = new ZarrHierarchy(store, 2, options);
    // Without consolidated metadata the tree is read by listing it: the root's listing is asked for
    // beside its documents, one round trip fewer over HTTP.
    if (store.list) h.listFolders("").catch(() => undefined);
    const root = await h.readNode("");
    if (!root) throw new NodeNotFoundError("no Zarr metadata (zarr.json, .zgroup or .zarray) at the store root", h.where(""));
    h.nodes.set("", root);
    return h;
  }

  /**
   * Empty a store. Its root metadata goes first, so that a clearing that stops part way leaves no
   * store (readers say so), never old metadata over chunks that are gone.
   */
  static async clearStore(store: WritableStore): Promise<void> {
    for (const key of [V2_KEYS.consolidated, V3_KEY, V2_KEYS.group, V2_KEYS.array, V2_KEYS.attrs]) await store.delete(key);
    await store.deletePrefix("");
  }

  /** Create an empty hierarchy (root group) in `store`, of the given format. */
  static async create(store: WritableStore, format: ZarrFormat, attributes: Record<string, unknown> = {}, options: HierarchyOptions = {}): Promise<ZarrHierarchy> {
    const h = new ZarrHierarchy(store, format, options);
    await h.createGroup("", attributes);
    return h;
  }

  private async readNode(path: string): Promise<NodeMetadata | undefined> {
    const where = this.where(path);
    if (this.format === 3) {
      const doc = await this.readJson(joinKey(path, V3_KEY), path);
      return doc === undefined ? undefined : parseV3Node(doc, where);
    }
    // The three documents are requested together (one round trip over HTTP instead of three) and
    // looked at in the order they always were: a bad .zgroup beside a good .zarray stays unread.
    const [attrsRead, arrayRead, groupRead] = await Promise.allSettled(
      [V2_KEYS.attrs, V2_KEYS.array, V2_KEYS.group].map((key) => this.readJson(joinKey(path, key), path)),
    );
    const rawAttrs = settledValue(attrsRead);
    const attrs = (rawAttrs === undefined ? {} : rawAttrs) as Record<string, unknown>;
    if (!attrs || typeof attrs !== "object" || Array.isArray(attrs)) throw new MetadataError(".zattrs is not a JSON object", where);
    const arr = settledValue(arrayRead);
    if (arr !== undefined) return parseV2Array(arr, attrs, where);
    const grp = settledValue(groupRead);
    if (grp !== undefined) return parseV2Group(grp, attrs, where);
    return undefined;
  }

  /** Metadata of the node at `path`, or undefined when there is none. */
  async getNode(path: string): Promise<NodeMetadata | undefined> {
    const p = nodePath(path);
    if (this.nodes.has(p)) return this.nodes.get(p) ?? undefined;
    // Parsed on first use; a bad entry rejects with the MetadataError naming this node.
    const listed = this.consolidated?.get(p);
    if (listed) return listed;
    if (this.complete) return undefined;
    // Callers asking for the same node at once share one read.
    let pending = this.reading.get(p);
    if (!pending) {
      pending = this.readNode(p)
        .then((meta) => {
          if (!this.nodes.has(p)) this.nodes.set(p, meta ?? null); // a write in the meantime wins
          return meta;
        })
        .finally(() => this.reading.delete(p));
      this.reading.set(p, pending);
    }
    return pending;
  }

  /**
   * Read the metadata of every node below `path` into the cache: each group is listed as soon as
   * its own metadata says it is a group, and its children's documents are read together, so over
   * HTTP a store without consolidated metadata opens in two round trips per level of depth, where
   * reading group after group takes two per group. At most {@link PREFETCH_GROUPS} groups are
   * listed at once (the store bounds its own requests too). A no-op with consolidated metadata or a
   * store that cannot list. `skip` leaves subtrees out. Errors are not raised here: the reads that
   * follow meet them in their usual order.
   */
  async prefetch(path = "", skip?: (path: string) => boolean): Promise<void> {
    if (this.complete || !this.store.list) return;
    const permits = new Semaphore(PREFETCH_GROUPS);
    const visit = async (group: string): Promise<void> => {
      // listChildren reads the metadata of the children it finds, so their kinds are cached after it.
      const children = await permits.run(async () => (await this.listChildren(group)).map((name) => joinKey(group, name)));
      await Promise.all(children.filter((child) => !skip?.(child) && this.nodes.get(child)?.nodeType === "group").map(visit));
    };
    try {
      await visit(nodePath(path));
    } catch {
      // see above
    }
  }

  /** The same store read node by node, without consolidated metadata (for nodes the consolidated document left out). */
  async withoutConsolidated(): Promise<ZarrHierarchy> {
    if (!this.complete) return this;
    // Nothing is read here: the root is read when first asked for, beside the caller's other reads.
    return new ZarrHierarchy(this.store, this.format, { ...this.options, consolidated: false });
  }

  /** Whether the node's metadata is in the store now (bypasses cached and consolidated metadata). */
  async existsOnDisk(path: string): Promise<boolean> {
    const p = nodePath(path);
    const keys = this.format === 3 ? [V3_KEY] : [V2_KEYS.array, V2_KEYS.group];
    for (const key of keys) {
      const k = joinKey(p, key);
      if (this.store.has ? await this.store.has(k) : (await this.store.get(k)) !== undefined) return true;
    }
    return false;
  }

  /** Like getNode, but throws NodeNotFoundError. */
  async requireNode(path: string): Promise<NodeMetadata> {
    const meta = await this.getNode(path);
    if (!meta) throw new NodeNotFoundError("no Zarr group or array here", this.where(nodePath(path)));
    return meta;
  }

  /**
   * Names of the child nodes of a group, sorted. Uses consolidated metadata when loaded, otherwise lists the store.
   * Folders without Zarr metadata are not nodes and are skipped.
   */
  async listChildren(path: string): Promise<string[]> {
    const p = nodePath(path);
    if (this.complete) return this.childrenOf(p);
    if (!this.store.list) {
      throw new StoreError("cannot list children: the store cannot list keys and has no consolidated metadata", this.where(p));
    }
    let children = this.listed.get(p);
    if (!children) {
      children = (async () => {
        const prefixes = await this.listFolders(p);
        const found = await Promise.all(prefixes.map(async (name) => ((await this.getNode(joinKey(p, name))) ? name : undefined)));
        return found.filter((n): n is string => n !== undefined).sort();
      })();
      this.listed.set(p, children);
      children.catch(() => this.listed.delete(p)); // a failed listing is tried again
    }
    return [...(await children)];
  }

  /**
   * Every folder the store lists under `path`, whether or not it holds Zarr metadata (a legacy
   * reader reports those without). One listing per path, shared with {@link listChildren}, so a
   * prefetched tree is not listed again. Throws StoreError when the store cannot list.
   */
  async listFolders(path: string): Promise<string[]> {
    const p = nodePath(path);
    if (!this.store.list) {
      throw new StoreError("cannot list folders: the store cannot list keys", this.where(p));
    }
    let folders = this.folders.get(p);
    if (!folders) {
      folders = this.store.list(p).then((l) => [...l.prefixes]);
      this.folders.set(p, folders);
      folders.catch(() => this.folders.delete(p)); // a failed listing is tried again
    }
    return [...(await folders)];
  }

  /** Open the array at `path`; its chunks are read from `store` (default: this hierarchy's store; a view of it). */
  async openArray(path: string, metadata?: ArrayMetadata, store: ReadableStore = this.store): Promise<ZarrArray> {
    const p = nodePath(path);
    const meta = metadata ?? (await this.requireNode(p));
    if (meta.nodeType !== "array") throw new NodeNotFoundError("is a group, not an array", this.where(p));
    return new ZarrArray({
      store, path: p, metadata: meta,
      allowPickle: this.options.allowPickle, concurrency: this.options.concurrency ?? store.readConcurrency, decodePool: this.options.decodePool,
      maxChunkBytes: this.options.maxChunkBytes,
    });
  }

  private writable(path: string): WritableStore {
    if (!isWritable(this.store)) throw new ReadOnlyError("the store is read-only", this.where(path));
    return this.store;
  }

  private async writeDoc(key: string, text: string, path: string): Promise<void> {
    await this.writable(path).set(key, encoder.encode(text));
  }

  /** Write a node's metadata documents. */
  private async writeNode(path: string, meta: NodeMetadata): Promise<void> {
    const where = this.where(path);
    if (this.format === 3) {
      await this.writeDoc(joinKey(path, V3_KEY), v3Json(v3NodeDocument(meta, where)), path);
    } else {
      const docKey = meta.nodeType === "group" ? V2_KEYS.group : V2_KEYS.array;
      const doc = meta.nodeType === "group" ? { zarr_format: 2 } : v2ArrayDocument(meta, where);
      // Serialise both documents before writing either, so a bad attribute leaves no half node.
      const docText = v2Json(doc);
      const attrsText = Object.keys(meta.attributes).length || path === "" ? v2Json(meta.attributes) : undefined;
      // Attributes first: a new node appears with its .zarray/.zgroup, and then already carries
      // them (an incomplete marker among them).
      if (attrsText !== undefined) {
        await this.writeDoc(joinKey(path, V2_KEYS.attrs), attrsText, path);
        await this.writeDoc(joinKey(path, docKey), docText, path);
      } else {
        await this.writeDoc(joinKey(path, docKey), docText, path);
        await this.writable(path).delete(joinKey(path, V2_KEYS.attrs));
      }
    }
    this.nodes.set(path, meta);
    this.forgetChildren();
  }

  /**
   * Create (or replace the metadata of) a group. With `incomplete`, it is marked as not yet
   * complete (incomplete.ts) until completeNode().
   */
  async createGroup(path: string, attributes: Record<string, unknown> = {}, options: { incomplete?: boolean } = {}): Promise<GroupMetadata> {
    const p = nodePath(path);
    const plain: GroupMetadata = { zarrFormat: this.format, nodeType: "group", attributes };
    const meta = options.incomplete ? markIncomplete(plain) : plain;
    await this.writeNode(p, meta);
    return meta;
  }

  /**
   * Create an array from full metadata; returns it opened. Anything under the path is removed first.
   * With `incomplete`, the array is marked as not yet complete (incomplete.ts) until completeNode():
   * readers refuse it until every chunk is stored.
   */
  async createArray(path: string, metadata: ArrayMetadata, options: { incomplete?: boolean } = {}): Promise<ZarrArray> {
    const p = nodePath(path);
    if (metadata.zarrFormat !== this.format) throw new MetadataError(`cannot put a v${metadata.zarrFormat} array in a v${this.format} store`, this.where(p));
    await this.removeNode(p);
    const meta = options.incomplete ? markIncomplete(metadata) : metadata;
    await this.writeNode(p, meta);
    return this.openArray(p, meta);
  }

  /** Take the incomplete marker off a node, with new attributes when given; no write when there is nothing to change. */
  async completeNode(path: string, attributes?: Record<string, unknown>): Promise<void> {
    const p = nodePath(path);
    const meta = await this.requireNode(p);
    if (attributes === undefined && !isIncomplete(meta)) return;
    await this.writeNode(p, { ...meta, attributes: withoutMarker(attributes ?? meta.attributes) });
  }

  /** Replace the attributes of a node. */
  async setAttributes(path: string, attributes: Record<string, unknown>): Promise<void> {
    const p = nodePath(path);
    const meta = await this.requireNode(p);
    await this.writeNode(p, { ...meta, attributes });
  }

  /**
   * Give an array a new shape, keeping its chunks (a growing dataset); returns it opened. Chunks
   * beyond a smaller shape stay in the store, as zarr-python's resize leaves them too. With
   * `incomplete`, the array is marked as not yet complete (incomplete.ts) until completeNode():
   * rows it gains read as missing, not as fill values, until they are written.
   */
  async resizeArray(path: string, shape: number[], options: { incomplete?: boolean } = {}): Promise<ZarrArray> {
    const p = nodePath(path);
    const meta = await this.requireNode(p);
    if (meta.nodeType !== "array") throw new MetadataError("cannot resize a group", this.where(p));
    if (shape.length !== meta.shape.length) {
      throw new MetadataError(`cannot resize an array of ${meta.shape.length} dimensions to [${shape}]`, this.where(p));
    }
    const plain: ArrayMetadata = { ...meta, shape: shape.slice() };
    const resized = options.incomplete ? markIncomplete(plain) : plain;
    await this.writeNode(p, resized);
    return this.openArray(p, resized);
  }

  /** Remove a node and everything below it. */
  async deleteNode(path: string): Promise<void> {
    await this.removeNode(nodePath(path));
  }

  /**
   * Remove what is under `p`. A node that is there goes in an order that never shows its old
   * metadata over missing chunks: consolidated metadata (which lists it) first, then its own
   * metadata document, then the rest.
   */
  private async removeNode(p: string): Promise<void> {
    const store = this.writable(p);
    if (await this.existsOnDisk(p)) {
      await this.dropConsolidated();
      for (const key of this.format === 3 ? [V3_KEY] : [V2_KEYS.array, V2_KEYS.group]) await store.delete(joinKey(p, key));
    }
    await store.deletePrefix(p);
    const below = (key: string) => key === p || key.startsWith(p + "/");
    for (const key of [...this.nodes.keys()]) if (below(key)) this.nodes.delete(key);
    for (const key of [...(this.consolidated?.keys() ?? [])]) if (below(key)) this.consolidated!.delete(key);
    this.forgetChildren();
  }

  /**
   * Stop readers from trusting consolidated metadata written before a change to a node it lists
   * (they read each node's own documents instead); consolidate() writes it again.
   */
  private async dropConsolidated(): Promise<void> {
    if (this.consolidatedDropped) return;
    if (this.format === 2) await this.writable("").delete(V2_KEYS.consolidated);
    else await this.writeNode("", await this.requireNode(""));
    this.consolidatedDropped = true;
  }

  /** Every node of the hierarchy (walks the store unless consolidated metadata is loaded). */
  async walk(): Promise<ConsolidatedIndex> {
    const out: ConsolidatedIndex = new Map();
    const visit = async (path: string): Promise<void> => {
      const meta = await this.getNode(path);
      if (!meta) return;
      out.set(path, meta);
      if (meta.nodeType === "group") for (const child of await this.listChildren(path)) await visit(joinKey(path, child));
    };
    await visit("");
    return out;
  }

  /** Write consolidated metadata for the whole hierarchy (v2 `.zmetadata`; v3 inline in the root `zarr.json`). */
  async consolidate(): Promise<void> {
    const saved = this.complete;
    this.complete = false; // list the store itself, so nodes written by others are included
    let nodes: ConsolidatedIndex;
    try {
      nodes = await this.walk();
    } finally {
      this.complete = saved;
    }
    const desc = this.store.description;
    if (this.format === 2) await this.writeDoc(V2_KEYS.consolidated, v2Json(v2ConsolidatedDocument(nodes, desc)), "");
    else await this.writeDoc(V3_KEY, v3Json(v3ConsolidatedRoot(nodes, desc)), "");
    this.consolidatedDropped = false;
  }
}

/** The value of a settled read, or its error thrown now. */
function settledValue<T>(result: PromiseSettledResult<T>): T {
  if (result.status === "rejected") throw result.reason;
  return result.value;
}
