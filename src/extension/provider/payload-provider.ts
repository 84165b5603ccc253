/**
 * The data provider over a MIME payload (`application/vnd.hdmf-zarr+json`, version 1): the same
 * views as for a store, limited to what the payload carries. Values come from a dataset's preview
 * (the corner it holds; `Entity.readable` says how far) or from a tiny dataset's full values.
 * A container payload becomes the tree of its file: each item at its own path (with the groups
 * between, such as `/acquisition`), field values as attributes, and each table as one dataset per
 * column holding its first rows (a ragged cell: the row's first values, or its item count).
 */
import { InvalidArgumentError, NodeNotFoundError } from "../../errors.js";
import type {
  ContainerSectionItem, DatasetPayload, GroupPayload, JsonValue, Preview, ReprPayload, TreeEntry, TypeInfo,
} from "../../repr/payload/types.js";
import {
  absolutePath, childPath, parentPath,
  type ArrayFacts, type ChildPage, type DataProvider, type Entity, type SearchHit, type SearchQuery, type StorageFacts,
  type ValueBlock, type ValueSelection,
} from "./data-provider.js";
import { matchesQuery } from "./search.js";
import { flattenNested, isNumericDtype, selectBlock } from "./value-block.js";

/** Values held for a dataset: flat C order over `shape`, which covers `readable` of the dataset. */
interface HeldValues {
  flat: JsonValue[];
  shape: number[];
}

interface Node {
  entity: Entity;
  children: string[];
  values?: HeldValues;
}

/** Where a preview sits: `[0:10, 0, 0:4]` → stops per dimension (an index counts as one row). */
export function previewExtent(selection: string, ndim: number): number[] | null {
  const inner = selection.trim().replace(/^\[|\]$/g, "").trim();
  const parts = inner === "" ? [] : inner.split(",").map((s) => s.trim());
  if (parts.length !== ndim) return null;
  const out: number[] = [];
  for (const p of parts) {
    const range = /^0:(\d+)$/.exec(p);
    if (range) out.push(Number(range[1]));
    else if (p === "0") out.push(1);
    else return null;
  }
  return out;
}

function heldFromPreview(preview: Preview | null, shape: number[]): HeldValues | undefined {
  if (!preview || "error" in preview) return undefined;
  const extent = previewExtent(preview.selection, shape.length);
  if (!extent) return undefined;
  return { flat: flattenNested(preview.values, preview.shape), shape: extent };
}

function descriptionOf(attrs: Record<string, JsonValue>): string | null {
  return typeof attrs.description === "string" ? attrs.description : null;
}

function baseEntity(kind: Entity["kind"], name: string, path: string, type: TypeInfo | null, attributes: Record<string, JsonValue> = {}): Entity {
  const references = Object.entries(attributes)
    .filter(([, v]) => v !== null && typeof v === "object" && !Array.isArray(v) && v.$type === "reference")
    .map(([k, v]) => {
      const r = v as { path?: JsonValue; source?: JsonValue };
      return { name: k, target: { path: String(r.path), source: typeof r.source === "string" ? r.source : null } };
    });
  return { kind, name, path, type, description: descriptionOf(attributes), attributes, references, childCount: null };
}

export class PayloadProvider implements DataProvider {
  readonly location: string;
  readonly zarrFormat: 2 | 3 | null;
  readonly isNwb: boolean;
  /** The path the payload describes (the view opens there). */
  readonly rootPath: string;
  private readonly nodes = new Map<string, Node>();
  /** Paths of the tables a container payload holds. */
  private readonly tables = new Set<string>();
  private readonly store: string;

  constructor(payload: ReprPayload) {
    if (!payload || payload.version !== 1) {
      throw new InvalidArgumentError(`payload version ${JSON.stringify((payload as { version?: unknown })?.version)} is not understood (only 1)`);
    }
    this.location = payload.store?.location ?? "";
    this.zarrFormat = payload.store?.zarrFormat ?? null;
    this.store = this.location || "payload";
    this.rootPath = absolutePath(payload.path);
    this.isNwb = payload.type?.name === "NWBFile";
    if (payload.kind === "dataset") this.addDataset(payload);
    else if (payload.kind === "container") this.addContainer(payload);
    else this.addGroup(payload);
  }

  private add(entity: Entity, values?: HeldValues): Node {
    const node: Node = { entity, children: [], values };
    this.nodes.set(entity.path, node);
    this.attach(entity.path);
    return node;
  }

  /** List a path under its parent, making the groups between it and the payload's root as needed. */
  private attach(path: string): void {
    if (path === "/" || path === this.rootPath) return;
    const up = parentPath(path);
    let parent = this.nodes.get(up);
    const underRoot = this.rootPath === "/" || up === this.rootPath || up.startsWith(`${this.rootPath}/`);
    if (!parent && underRoot) {
      // A container payload lists `/acquisition/x` without a node for `/acquisition`.
      parent = { entity: baseEntity("group", up.slice(up.lastIndexOf("/") + 1), up, null), children: [] };
      this.nodes.set(up, parent);
      this.attach(up);
    }
    if (parent && !parent.children.includes(path)) {
      parent.children.push(path);
      if (parent.entity.childCount !== null) parent.entity.childCount = Math.max(parent.entity.childCount, parent.children.length);
    }
  }

  /** The node at a path, made once: a later item for the same path (a table's column listed again as a child) adds nothing. */
  private addOnce(entity: Entity, values?: HeldValues): Node | undefined {
    return this.nodes.has(entity.path) ? undefined : this.add(entity, values);
  }

  private addDataset(p: DatasetPayload): void {
    const e = baseEntity(p.dtype === "object reference" ? "reference" : "dataset", p.name, absolutePath(p.path), p.type, p.attributes);
    const held = heldFromPreview(p.preview, p.shape);
    Object.assign(e, { dtype: p.dtype, shape: p.shape, dims: p.dims, readable: held?.shape ?? p.shape.map(() => 0) });
    if (p.array) {
      const a = p.array;
      const facts: ArrayFacts = {
        zarrFormat: a.zarrFormat, shape: a.shape, dataType: a.dataType, storedDataType: a.storedDataType,
        chunks: a.chunkShape, shards: a.shardShape,
        codecs: { filters: a.filters, serializer: a.serializer, compressors: a.compressors },
        fillValue: a.fillValue, order: a.order, bytesStored: a.nbytesStored, chunksInitialized: a.chunksInitialized,
        chunkCount: a.chunkCount,
      };
      e.array = facts;
    } else e.array = null;
    this.add(e, held);
  }

  private addTreeEntry(t: TreeEntry): void {
    const path = absolutePath(t.path);
    if (t.kind === "link") {
      this.add({ ...baseEntity("link", t.name, path, null), target: { path: t.target, source: t.targetSource } });
    } else if (t.kind === "dataset") {
      const e = baseEntity("dataset", t.name, path, t.type);
      const held = t.value === undefined ? undefined : { flat: flattenNested(t.value, t.shape), shape: t.shape };
      Object.assign(e, { dtype: t.dtype, shape: t.shape, dims: t.dims, array: null, readable: held ? t.shape : t.shape.map(() => 0) });
      this.add(e, held);
    } else {
      const e = baseEntity("group", t.name, path, t.type);
      e.childCount = t.counts.groups + t.counts.datasets + t.counts.links;
      this.add(e);
      for (const c of t.children) this.addTreeEntry(c);
    }
  }

  private addGroup(p: GroupPayload): void {
    const e = baseEntity("group", p.name, absolutePath(p.path), p.type, p.attributes);
    e.childCount = p.counts.groups + p.counts.datasets + p.counts.links;
    this.add(e);
    for (const c of p.children) this.addTreeEntry(c);
  }

  private addContainer(p: Extract<ReprPayload, { kind: "container" }>): void {
    const attrs: Record<string, JsonValue> = {};
    const root = this.add(baseEntity("group", p.name, absolutePath(p.path), p.type, attrs));
    for (const section of p.sections) for (const item of section.items) this.addItem(root, item, attrs);
    root.entity.description = descriptionOf(attrs);
    root.entity.childCount = root.children.length;
    for (const n of this.nodes.values()) if (n.entity.kind === "group" && n.entity.childCount === null) n.entity.childCount = n.children.length;
  }

  /** A container item under `parent`; plain values become attributes of the parent. */
  private addItem(parent: Node, item: ContainerSectionItem, attrs: Record<string, JsonValue>): void {
    const at = (name: string, path: string | null) => absolutePath(path ?? childPath(parent.entity.path, name));
    switch (item.kind) {
      case "value":
        attrs[item.name] = item.value;
        return;
      case "dataset": {
        const e = baseEntity("dataset", item.name, at(item.name, item.path), null);
        const held = heldFromPreview(item.preview, item.shape);
        Object.assign(e, { dtype: item.dtype, shape: item.shape, dims: null, array: null, readable: held?.shape ?? item.shape.map(() => 0) });
        this.addOnce(e, held);
        return;
      }
      case "link":
        this.addOnce({ ...baseEntity("link", item.name, at(item.name, null), item.type), target: { path: item.target, source: null } });
        return;
      case "container": {
        // A table's columns (and their indexes) are in the table already.
        if (this.tables.has(parentPath(at(item.name, item.path)))) return;
        const node = this.addOnce(baseEntity("group", item.name, at(item.name, item.path), item.type, { summary: item.summary }));
        if (!node) return;
        for (const c of item.children ?? []) this.addItem(node, c, {});
        node.entity.childCount = node.children.length + (item.hiddenChildren ?? 0);
        return;
      }
      case "group": {
        const path = at(item.name, item.path);
        const existing = this.nodes.get(path);
        const groupAttrs: Record<string, JsonValue> = existing?.entity.attributes ?? {};
        const node = existing ?? this.add(baseEntity("group", item.name, path, item.type, groupAttrs));
        for (const c of item.items) this.addItem(node, c, groupAttrs);
        node.entity.childCount = node.children.length + item.hidden;
        return;
      }
      case "table": {
        // The table's first rows become one column dataset each, so the table view can page them.
        // The payload of a table itself holds it at its own path: then the root is the table.
        const path = at(item.name, item.path);
        const cols = item.columns.filter((c) => c.kind !== "id").map((c) => c.name);
        const node = this.nodes.get(path) ?? this.add(baseEntity("group", item.name, path, item.type));
        this.tables.add(path);
        Object.assign(node.entity.attributes, { colnames: cols, description: item.description });
        node.entity.description = item.description;
        item.columns.forEach((c, i) => {
          // A ragged cell holds the row's first values when the payload carries them, else its count.
          const flat = item.rows.map((r, row) => (c.kind === "ragged" && c.items?.[row] !== undefined ? c.items[row] : (r[i] ?? null)));
          const e = baseEntity("dataset", c.name, childPath(path, c.name), null);
          const numeric = flat.every((v) => typeof v === "number");
          Object.assign(e, { dtype: numeric ? "float64" : "text", shape: [item.rowCount], dims: null, array: null, readable: [flat.length] });
          this.nodes.delete(e.path);
          this.add(e, { flat, shape: [flat.length] });
        });
        node.entity.childCount = node.children.length;
        return;
      }
    }
  }

  private node(path: string): Node {
    const n = this.nodes.get(absolutePath(path));
    if (!n) throw new NodeNotFoundError("this output does not include this path", { store: this.store, path: absolutePath(path) });
    return n;
  }

  async getEntity(path: string): Promise<Entity> {
    return this.node(path).entity;
  }

  async getChildren(path: string, offset: number, limit: number): Promise<ChildPage> {
    const n = this.node(path);
    const names = [...n.children].sort();
    const entries = names.slice(offset, offset + Math.max(0, limit)).map((p) => this.nodes.get(p)!.entity);
    const hidden = Math.max(0, (n.entity.childCount ?? names.length) - names.length);
    return { entries, total: names.length, offset, hidden };
  }

  async getValues(path: string, selection: ValueSelection): Promise<ValueBlock> {
    const n = this.node(path);
    const where = { store: this.store, path: n.entity.path };
    if (!n.values) throw new InvalidArgumentError("this output carries no values of this dataset; open the store to read them", where);
    return selectBlock(n.values.flat, n.values.shape, selection, isNumericDtype(n.entity.dtype), where);
  }

  async getStorage(path: string): Promise<StorageFacts> {
    const a = this.node(path).entity.array;
    return { bytesStored: a?.bytesStored ?? null, chunksInitialized: a?.chunksInitialized ?? null };
  }

  async search(query: SearchQuery): Promise<SearchHit[]> {
    const limit = query.limit ?? 200;
    const hits = [...this.nodes.values()]
      .map((n) => ({ path: n.entity.path, kind: n.entity.kind, type: n.entity.type }))
      .filter((h) => h.path !== "/" && matchesQuery(h, query))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return hits.slice(0, limit);
  }
}
