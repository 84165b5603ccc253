/**
 * The payload of a group or of a whole file: the tree below it, listed breadth-first within a
 * node budget (so the top of a large tree is always complete), with counts of what is left out,
 * and the values of tiny datasets (scalars such as `session_description`) inline.
 */
import { DatasetBuilder, GroupBuilder, LinkBuilder } from "../../format/builders.js";
import { DIMENSION_LABELS_ATTR } from "../../format/convention.js";
import { shapeOf, unwrapData } from "../../data/index.js";
import { ZarrDataset } from "../../format/zarr-dataset.js";
import { mapConcurrent } from "../../zarr/concurrency.js";
import { storeType } from "./array-facts.js";
import { attributesPayload, baseName, dimsOf, dtypeLabel, typeInfo, type CommonReprOptions } from "./common.js";
import type { ChildCounts, DatasetTreeEntry, GroupTreeEntry, GroupPayload, StoreInfo, TreeEntry } from "./types.js";
import { memoryPreview, readPreview } from "./preview.js";

/** Options of a group or file repr. */
export interface GroupReprOptions extends CommonReprOptions {
  /** Most tree entries listed in all (default 200). */
  maxNodes?: number;
  /** Most children listed per group (default 50). */
  maxChildren?: number;
  /** Deepest level listed below the group (default: no limit but `maxNodes`). */
  maxDepth?: number;
  /** Read the values of datasets with at most this many elements (default 8; 0 reads none). */
  inlineElements?: number;
  /** Most datasets read for inline values (default 50). */
  maxInlineReads?: number;
}

type Child = GroupBuilder | DatasetBuilder | LinkBuilder;

const byName = (a: Child, b: Child) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Children in display order: groups, then datasets, then links, each by name. */
function childrenOf(g: GroupBuilder): Child[] {
  return [...[...g.groups.values()].sort(byName), ...[...g.datasets.values()].sort(byName), ...[...g.links.values()].sort(byName)];
}

function countsOf(g: GroupBuilder): ChildCounts {
  return { groups: g.groups.size, datasets: g.datasets.size, links: g.links.size };
}

function countNodes(g: GroupBuilder): number {
  let n = 0;
  const stack = [g];
  while (stack.length) {
    const cur = stack.pop()!;
    n += cur.groups.size + cur.datasets.size + cur.links.size;
    stack.push(...cur.groups.values());
  }
  return n;
}

function datasetShape(d: DatasetBuilder): number[] {
  return d.data instanceof ZarrDataset ? d.data.shape.slice() : shapeOf(unwrapData(d.data).data);
}

function datasetEntry(d: DatasetBuilder): DatasetTreeEntry {
  const shape = datasetShape(d);
  const dims = d.dimensionLabels ?? (d.data instanceof ZarrDataset ? d.data.array.metadata.dimensionNames : undefined) ?? d.attributes[DIMENSION_LABELS_ATTR];
  const dtype = d.dtype ?? (d.data instanceof ZarrDataset ? d.data.dtype : undefined);
  return { kind: "dataset", name: d.name, path: d.path, type: typeInfo(d.attributes), dtype: dtypeLabel(dtype), shape, dims: dimsOf(dims, shape.length) };
}

function groupEntry(g: GroupBuilder): GroupTreeEntry {
  const counts = countsOf(g);
  return {
    kind: "group", name: g.name, path: g.path, type: typeInfo(g.attributes),
    attributeCount: Object.keys(g.attributes).length, counts, children: [],
    hiddenChildren: counts.groups + counts.datasets + counts.links,
  };
}

function entryOf(child: Child, rootSource: string | undefined): TreeEntry {
  if (child instanceof GroupBuilder) return groupEntry(child);
  if (child instanceof DatasetBuilder) return datasetEntry(child);
  const target = child.builder;
  const external = target.source !== undefined && rootSource !== undefined && target.source !== rootSource;
  return {
    kind: "link", name: child.name, path: child.path, target: target.path,
    targetKind: target instanceof GroupBuilder ? "group" : "dataset", targetSource: external ? target.source! : null,
  };
}

/** Store location and format, the format taken from the first dataset found below the group. */
function storeOf(g: GroupBuilder): StoreInfo {
  const queue: GroupBuilder[] = [g];
  for (let i = 0; i < queue.length && i < 10_000; i++) {
    for (const d of queue[i].datasets.values()) {
      if (d.data instanceof ZarrDataset) {
        const array = d.data.array;
        return { location: g.source ?? array.store.description, zarrFormat: array.metadata.zarrFormat, type: storeType(array.store) };
      }
    }
    queue.push(...queue[i].groups.values());
  }
  return { location: g.source ?? null, zarrFormat: null, type: null };
}

/** Read the values of tiny datasets into their entries (failures leave `value` out). */
async function fillInlineValues(pairs: [DatasetTreeEntry, DatasetBuilder][], options: GroupReprOptions): Promise<void> {
  const limit = options.inlineElements ?? 8;
  if (limit <= 0) return;
  const small = pairs
    .filter(([e]) => e.shape.length <= 1 && e.shape.reduce((a, b) => a * b, 1) <= limit)
    .slice(0, options.maxInlineReads ?? 50);
  const previewOptions = { maxElements: limit, maxString: 120 };
  await mapConcurrent(small, 8, async ([entry, d]) => {
    const p = d.data instanceof ZarrDataset ? await readPreview(d.data, previewOptions) : memoryPreview(unwrapData(d.data).data, previewOptions);
    if (!("error" in p)) entry.value = p.values;
  });
}

/**
 * The payload of a group (`kind: "group"`) or of a file's root group with its tree
 * (`kind: "store"`). Reads only the values of tiny datasets (see `inlineElements`).
 */
export async function groupPayload(group: GroupBuilder, kind: "group" | "store", options: GroupReprOptions = {}): Promise<GroupPayload> {
  const maxNodes = options.maxNodes ?? 200;
  const maxChildren = options.maxChildren ?? 50;
  const maxDepth = options.maxDepth ?? Infinity;
  const rootSource = group.source;
  const store = storeOf(group);
  const top = groupEntry(group);
  const datasets: [DatasetTreeEntry, DatasetBuilder][] = [];
  let budget = maxNodes;
  let shown = 0;
  // Breadth-first: every level is listed before anything deeper takes from the budget.
  const queue: { builder: GroupBuilder; entry: GroupTreeEntry; depth: number }[] = [{ builder: group, entry: top, depth: 0 }];
  for (let i = 0; i < queue.length && budget > 0; i++) {
    const { builder, entry, depth } = queue[i];
    if (depth >= maxDepth) continue;
    const kids = childrenOf(builder);
    const take = Math.min(kids.length, maxChildren, budget);
    for (const kid of kids.slice(0, take)) {
      const e = entryOf(kid, rootSource);
      entry.children.push(e);
      if (e.kind === "group") queue.push({ builder: kid as GroupBuilder, entry: e, depth: depth + 1 });
      else if (e.kind === "dataset") datasets.push([e, kid as DatasetBuilder]);
    }
    entry.hiddenChildren = kids.length - take;
    budget -= take;
    shown += take;
  }
  await fillInlineValues(datasets, options);
  const attrs = attributesPayload(group.attributes, new Set(), options.maxAttributes ?? 100);
  const name = kind === "store" && store.location ? baseName(store.location) : group.name;
  return {
    version: 1,
    kind,
    name,
    path: group.path,
    type: top.type,
    ...attrs,
    store,
    counts: top.counts,
    children: top.children,
    hiddenChildren: top.hiddenChildren,
    nodes: { total: countNodes(group), shown },
  };
}
