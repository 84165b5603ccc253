/**
 * The data provider over a Zarr store (either format, either hdmf-zarr convention). Opening reads
 * the metadata only — consolidated metadata in one round trip when the store has it — and every
 * later answer comes from that metadata, except values (read by selection, only the chunks the
 * selection touches), storage facts (a listing) and, for stores without consolidated metadata,
 * the children of a group when it is first listed.
 */
import { InvalidArgumentError, NodeNotFoundError } from "../../errors.js";
import { linksAttribute, V2, V3 } from "../../format/convention.js";
import { elementReference, parseLinks } from "../../format/references.js";
import { arrayFacts } from "../../repr/payload/array-facts.js";
import { typeInfo } from "../../repr/payload/common.js";
import { toJsonValue } from "../../repr/payload/json-value.js";
import { displayValue } from "../../zarr/dtype-display.js";
import { storageStats } from "../../repr/payload/storage-stats.js";
import type { JsonValue } from "../../repr/payload/types.js";
import type { ReadableStore } from "../../store/browser.js";
import type { ZarrArray } from "../../zarr/array.js";
import { ZarrHierarchy } from "../../zarr/hierarchy.js";
import type { SelectionEntry } from "../../zarr/indexing.js";
import type { ArrayMetadata, NodeMetadata } from "../../zarr/metadata-types.js";
import {
  absolutePath, childPath, parentPath,
  type ChildPage, type DataProvider, type Entity, type SearchHit, type SearchQuery, type StorageFacts, type Target,
  type ValueBlock, type ValueSelection,
} from "./data-provider.js";
import { PreloadedStore } from "./preloaded-store.js";
import { baseOf, datasetEntity, entityKind, groupEntity, isLegacyScalar, isReferenceArray, linkEntity, marksReferences, toTarget } from "./zarr-entity.js";
import { SearchIndex, type IndexItem } from "./search-index.js";
import { V3RootStreamScan, type ScannedV3Root } from "../../zarr/v3-root-stream.js";
import { watchesReads } from "./watched-reads.js";
import { V3_KEY } from "../../zarr/metadata-v3.js";

/** Options of {@link ZarrStoreProvider.open}. */
export interface ZarrProviderOptions {
  /** Where the store is (path or URL), shown in snippets. */
  location: string;
  /** Decode pickle-coded legacy object arrays (allow-listed decoder). Default false. */
  allowPickle?: boolean;
}

/** The documents that can hold a whole store's metadata: asked for together when a store opens. */
const ROOT_DOCUMENTS = [V3_KEY, ".zmetadata"];

/** The attributes a search hit reads of its node (its type, whether it holds references), without parsing the rest of the node's metadata. */
const HIT_ATTRIBUTES: readonly string[] = ["neurodata_type", "data_type", "namespace", V3.dtype, V2.dtype];

/** The attributes that list a group's links (either convention's). */
const LINK_ATTRIBUTES: readonly string[] = [V3.links, V2.links];

/** Paths added between two pauses of the search index's builder. */
const INDEX_BATCH = 4096;

function zarrPath(path: string): string {
  return absolutePath(path).slice(1);
}

function toSelection(sel: ValueSelection): SelectionEntry[] {
  return sel.map((e) => (e === null ? null : typeof e === "number" ? e : { start: e[0], stop: e[1] }));
}

/** Values as numbers for plots (bigints and booleans converted; anything else NaN). */
function numbersOf(data: ArrayLike<unknown>): Float64Array {
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    out[i] = typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : typeof v === "boolean" ? Number(v) : NaN;
  }
  return out;
}

export class ZarrStoreProvider implements DataProvider {
  readonly location: string;
  readonly zarrFormat: 2 | 3;
  readonly isNwb: boolean;
  private readonly hierarchy: ZarrHierarchy;
  private readonly arrays = new Map<string, ZarrArray>();
  private readonly searchIndex = new SearchIndex((add, pause) => this.collectPaths(add, pause), (path) => this.hitOf(path));

  private constructor(hierarchy: ZarrHierarchy, location: string, root: NodeMetadata) {
    this.hierarchy = hierarchy;
    this.location = location;
    this.zarrFormat = hierarchy.format;
    this.isNwb = root.attributes.neurodata_type === "NWBFile";
  }

  /** Open a store: metadata only, consolidated metadata in one round trip when present. */
  static async open(store: ReadableStore, options: ZarrProviderOptions): Promise<ZarrStoreProvider> {
    // The root zarr.json is scanned as it downloads, where the store lets its reads be watched:
    // after its last byte only the rest of the outline is left (the last scan that ended is used,
    // when it saw as many bytes as the read returned).
    let scanned: ScannedV3Root | undefined;
    const unwatch = watchesReads(store) ? store.watchReads(V3_KEY, () => {
      const scan = new V3RootStreamScan();
      return { piece: (bytes) => scan.push(bytes), end: () => void (scanned = scan.end()) };
    }) : undefined;
    try {
      const preloaded = await PreloadedStore.open(store, ROOT_DOCUMENTS);
      const hierarchy = await ZarrHierarchy.open(preloaded, { allowPickle: options.allowPickle ?? false, scannedRoot: () => scanned });
      return new ZarrStoreProvider(hierarchy, options.location, await hierarchy.requireNode(""));
    } finally {
      unwatch?.();
      scanned = undefined; // the hierarchy holds what it took
    }
  }

  /** Whether the metadata came from one consolidated document. */
  get isConsolidated(): boolean {
    return this.hierarchy.isConsolidated;
  }

  private where(path: string) {
    return { store: this.hierarchy.store.description, path };
  }

  private links(meta: NodeMetadata, path: string): { name: string; target: Target }[] {
    return meta.nodeType === "group" ? this.linksOf(meta.attributes, path) : [];
  }

  /** The links a group's attributes list (either convention's attribute). */
  private linksOf(attributes: Record<string, unknown>, path: string): { name: string; target: Target }[] {
    const raw = attributes[linksAttribute(this.zarrFormat)] ?? attributes[V2.links];
    if (raw === undefined) return [];
    try {
      return parseLinks(raw, this.where(path)).map((l) => ({ name: l.name, target: toTarget(l) }));
    } catch {
      // A broken link list hides the links, not the group.
      return [];
    }
  }

  /** Child count of a group when it is known without listing the store. */
  private async childCount(path: string, meta: NodeMetadata, list: boolean): Promise<number | null> {
    if (!list && !this.hierarchy.isConsolidated) return null;
    return (await this.hierarchy.listChildren(zarrPath(path))).length + this.links(meta, path).length;
  }

  private async entityOf(path: string, meta: NodeMetadata, list: boolean): Promise<Entity> {
    if (meta.nodeType === "group") return groupEntity(path, meta, await this.childCount(path, meta, list));
    return datasetEntity(path, meta);
  }

  private array(path: string, meta: ArrayMetadata): Promise<ZarrArray> {
    const hit = this.arrays.get(path);
    if (hit) return Promise.resolve(hit);
    return this.hierarchy.openArray(zarrPath(path), meta).then((a) => (this.arrays.set(path, a), a));
  }

  private async arrayNode(path: string): Promise<ArrayMetadata> {
    const meta = await this.hierarchy.getNode(zarrPath(path));
    if (!meta || meta.nodeType !== "array") throw new NodeNotFoundError("no dataset here", this.where(path));
    return meta;
  }

  async getEntity(rawPath: string): Promise<Entity> {
    const path = absolutePath(rawPath);
    const meta = await this.hierarchy.getNode(zarrPath(path));
    if (meta) {
      const entity = await this.entityOf(path, meta, true);
      if (meta.nodeType === "array") {
        const f = await arrayFacts(await this.array(path, meta), { storage: false });
        entity.array = {
          zarrFormat: f.zarrFormat, shape: f.shape, dataType: f.dataType, storedDataType: f.storedDataType,
          chunks: f.chunkShape, shards: f.shardShape,
          codecs: { filters: f.filters, serializer: f.serializer, compressors: f.compressors },
          fillValue: f.fillValue, order: f.order, bytesStored: null, chunksInitialized: null, chunkCount: f.chunkCount,
        };
      }
      return entity;
    }
    if (path !== "/") {
      const parent = await this.hierarchy.getNode(zarrPath(parentPath(path)));
      const link = parent && this.links(parent, parentPath(path)).find((l) => l.name === baseOf(path));
      if (link) return linkEntity(path, link.target);
    }
    throw new NodeNotFoundError("no group, dataset or link here", this.where(path));
  }

  async getChildren(rawPath: string, offset: number, limit: number): Promise<ChildPage> {
    const path = absolutePath(rawPath);
    const meta = await this.hierarchy.getNode(zarrPath(path));
    if (!meta) throw new NodeNotFoundError("no group here", this.where(path));
    if (meta.nodeType !== "group") return { entries: [], total: 0, offset };
    const nodes = await this.hierarchy.listChildren(zarrPath(path));
    const links = new Map(this.links(meta, path).map((l) => [l.name, l.target]));
    const names = [...new Set([...nodes, ...links.keys()])].sort();
    const page = names.slice(offset, offset + Math.max(0, limit));
    const entries = await Promise.all(
      page.map(async (name) => {
        const p = childPath(path, name);
        const child = links.has(name) ? undefined : await this.hierarchy.getNode(zarrPath(p));
        return child ? this.entityOf(p, child, false) : linkEntity(p, links.get(name)!);
      }),
    );
    return { entries, total: names.length, offset };
  }

  async getValues(rawPath: string, selection: ValueSelection): Promise<ValueBlock> {
    const path = absolutePath(rawPath);
    const meta = await this.arrayNode(path);
    const array = await this.array(path, meta);
    if (isLegacyScalar(meta)) {
      if (selection.length) throw new InvalidArgumentError("a scalar takes an empty selection", this.where(path));
      selection = [0];
    }
    const nd = await array.get(toSelection(selection));
    const data = nd.data as ArrayLike<unknown>;
    const where = this.where(path);
    const values: JsonValue[] = new Array(data.length);
    if (isReferenceArray(meta)) {
      for (let i = 0; i < data.length; i++) {
        const t = toTarget(elementReference(data[i], where));
        values[i] = { $type: "reference", path: t.path, source: t.source };
      }
    } else {
      for (let i = 0; i < data.length; i++) values[i] = toJsonValue(displayValue(nd.dtype, data[i]), { maxItems: 16, maxString: 500 });
    }
    const numeric = nd.dtype.kind === "numeric" || nd.dtype.kind === "bool";
    return { shape: isLegacyScalar(meta) ? [] : nd.shape, values, numbers: numeric ? numbersOf(data) : null };
  }

  async getStorage(rawPath: string): Promise<StorageFacts> {
    const path = absolutePath(rawPath);
    const meta = await this.arrayNode(path);
    return storageStats(await this.array(path, meta));
  }

  /**
   * Every node's path and every link for the search index, from the consolidated metadata: the
   * paths straight from its outline (no node read), the links from the groups whose text mentions
   * a link attribute (found by a search through the document, each checked by `summary`), with a
   * pause for the page between batches. The index sorts them by path.
   */
  private async collectPaths(add: (items: readonly IndexItem[]) => void, pause: () => Promise<void>): Promise<void> {
    const docs = this.hierarchy.consolidatedDocuments;
    if (!docs) return this.collectByListing(add, pause);
    let batch: string[] = [];
    for (const p of docs.keys()) {
      batch.push("/" + p);
      if (batch.length >= INDEX_BATCH) {
        add(batch);
        batch = [];
        await pause();
      }
    }
    add(batch);
    for (const p of docs.pathsMentioning(LINK_ATTRIBUTES)) {
      const node = docs.summary(p, LINK_ATTRIBUTES);
      const path = "/" + p;
      if (node?.nodeType === "group") add(this.linksOf(node.attributes, path).map((l) => ({ path: childPath(path, l.name), kind: "link" as const, type: null })));
    }
  }

  /**
   * Every node and link of a store without consolidated metadata, depth first from the root, each
   * node's metadata read (as listing the tree reads it), with a pause for the page every few hundred nodes.
   */
  private async collectByListing(add: (items: readonly IndexItem[]) => void, pause: () => Promise<void>): Promise<void> {
    const stack = [""];
    for (let visited = 1; stack.length; visited++) {
      const p = stack.pop()!;
      const meta = await this.hierarchy.getNode(p);
      if (!meta) continue;
      const path = "/" + p;
      add([{ path, kind: entityKind(meta), type: typeInfo(meta.attributes) }]);
      if (meta.nodeType === "group") {
        add(this.links(meta, path).map((l) => ({ path: childPath(path, l.name), kind: "link" as const, type: null })));
        const children = await this.hierarchy.listChildren(p);
        for (let i = children.length - 1; i >= 0; i--) stack.push(p ? `${p}/${children[i]}` : children[i]);
      }
      if (visited % 256 === 0) await pause();
    }
  }

  /** The search hit of a node: its kind and type from a summary of its metadata (read only for the hits a search returns). */
  private hitOf(path: string): SearchHit {
    const node = this.hierarchy.consolidatedDocuments?.summary(zarrPath(path), HIT_ATTRIBUTES);
    if (!node) throw new NodeNotFoundError("no group or dataset here", this.where(path));
    const kind = node.nodeType === "group" ? "group" : marksReferences(node.attributes) ? "reference" : "dataset";
    return { path, kind, type: typeInfo(node.attributes) };
  }

  /** Build the search index in the background; only from consolidated metadata (else it would list the whole store). */
  prepareSearch(): void {
    if (this.hierarchy.isConsolidated) this.searchIndex.build().catch(() => undefined);
  }

  search(query: SearchQuery): Promise<SearchHit[]> {
    return this.searchIndex.search(query);
  }

  async close(): Promise<void> {
    await this.hierarchy.store.close?.();
  }
}
