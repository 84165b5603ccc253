/**
 * The order of a write, as hdmf-zarr's: first every group and dataset (with their plain attributes),
 * then links and reference attributes, once their targets exist. A write that stops part way so
 * leaves no dangling link or reference behind, and the file stays readable.
 * Each group and dataset this write creates is marked incomplete (zarr/incomplete.ts) from its
 * creation until everything below it, its links and its attributes are stored; the marks come off
 * children first, so an unmarked node never has an incomplete part that is unmarked.
 * Builders already in the file (written before, or read from it) are not written again; their new
 * children, links and attributes are added.
 */
import { joinKey } from "../store/types.js";
import { pythonJsonStringify } from "../zarr/codecs/json-text.js";
import { withoutMarker } from "../zarr/incomplete.js";
import { Builder, DatasetBuilder, GroupBuilder, ReferenceBuilder } from "./builders.js";
import { linksAttribute } from "./convention.js";
import { unwrapData } from "../data/index.js";
import type { LinkEntry } from "./references.js";
import type { WriteTreeContext } from "./write-context.js";
import { targetOf } from "./dataset-plan.js";
import { attributesJson, writeDataset } from "./write-dataset.js";
import { ZarrDataset } from "./zarr-dataset.js";

/** What is left for the second pass on one node. */
interface Pending {
  path: string;
  builder: GroupBuilder | DatasetBuilder;
  references: Record<string, unknown>;
  links: LinkEntry[];
  /** Builders that count as written once the links are stored (link builders, datasets stored as links). */
  linkBuilders: Builder[];
  /** Created by this write (and marked incomplete until finished); false for a group already in the file. */
  created: boolean;
}

const isReference = (v: unknown) => v instanceof ReferenceBuilder || v instanceof Builder;

/** Split attributes into those that can be stored now and references that must wait for their targets. */
function splitAttributes(attrs: Record<string, unknown>) {
  const plain: Record<string, unknown> = {};
  const references: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) (isReference(v) ? references : plain)[k] = v;
  return { plain, references };
}

/** A dataset whose data is an array already in a file: link to it (when asked). */
function linkedArray(ctx: WriteTreeContext, ds: DatasetBuilder): ZarrDataset | undefined {
  const { data, settings } = unwrapData(ds.data);
  if (!(data instanceof ZarrDataset) || !(settings.linkData ?? ctx.linkData)) return undefined;
  return data;
}

/**
 * Whether a dataset's data is this very node of this file (a file read in mode `a` and written
 * again): it is already there, and neither a copy nor a link to itself may replace it.
 */
function isItself(ctx: WriteTreeContext, ds: DatasetBuilder, path: string): boolean {
  const { data } = unwrapData(ds.data);
  return data instanceof ZarrDataset && data.array.store.description === ctx.hierarchy.store.description && data.path === "/" + path;
}

async function writeNodes(ctx: WriteTreeContext, group: GroupBuilder, path: string, pending: Pending[]): Promise<void> {
  const where = { store: ctx.source, path: "/" + path };
  const { plain, references } = splitAttributes(group.attributes);
  const onDisk = ctx.isWritten(group);
  if (!onDisk) await ctx.hierarchy.createGroup(path, attributesJson(ctx, plain, where), { incomplete: true });
  const node: Pending = { path, builder: group, references: onDisk ? group.attributes : references, links: [], linkBuilders: [], created: !onDisk };
  pending.push(node);
  for (const g of group.groups.values()) await writeNodes(ctx, g, joinKey(path, g.name), pending);
  for (const ds of group.datasets.values()) {
    if (ctx.isWritten(ds)) continue;
    if (isItself(ctx, ds, joinKey(path, ds.name))) {
      node.linkBuilders.push(ds);
      continue;
    }
    const linked = linkedArray(ctx, ds);
    if (linked) {
      const sameFile = linked.array.store.description === ctx.hierarchy.store.description;
      node.links.push({ source: sameFile ? "." : ctx.externalSource(linked.array.store.description), path: linked.path, name: ds.name });
      node.linkBuilders.push(ds);
      continue;
    }
    const split = splitAttributes(ds.attributes);
    const dsPath = joinKey(path, ds.name);
    const later = Object.keys(split.references).length > 0;
    // A dataset with reference attributes is completed with them, in the second pass.
    await writeDataset(ctx, ds, dsPath, split.plain, { complete: !later });
    if (later) pending.push({ path: dsPath, builder: ds, references: split.references, links: [], linkBuilders: [], created: true });
  }
  for (const link of group.links.values()) {
    if (ctx.isWritten(link)) continue;
    node.links.push({ ...targetOf(ctx, link.builder), name: link.name });
    node.linkBuilders.push(link);
  }
}

/**
 * Second pass: reference attributes and link lists, merged into what the node already has, in the
 * same write that takes the incomplete mark off a node this write created. Children come before
 * their parents (pending lists parents first).
 */
async function finishNodes(ctx: WriteTreeContext, pending: Pending[]): Promise<void> {
  for (const p of [...pending].reverse()) {
    if (p.created || p.links.length || Object.keys(p.references).length) await finishNode(ctx, p);
    for (const l of p.linkBuilders) ctx.onWritten?.(l);
    if (p.builder instanceof DatasetBuilder) p.builder.written = true;
    ctx.onWritten?.(p.builder);
  }
}

async function finishNode(ctx: WriteTreeContext, p: Pending): Promise<void> {
  const where = { store: ctx.source, path: "/" + p.path };
  const meta = await ctx.hierarchy.requireNode(p.path);
  // A node already in the file keeps its state: it may be incomplete from an earlier write.
  const base = p.created ? withoutMarker(meta.attributes) : meta.attributes;
  const attributes = { ...base, ...attributesJson(ctx, p.references, where) };
  if (p.links.length) {
    const key = linksAttribute(ctx.format);
    const existing = Array.isArray(meta.attributes[key]) ? (meta.attributes[key] as LinkEntry[]) : [];
    const names = new Set(p.links.map((l) => l.name));
    attributes[key] = [...existing.filter((l) => !names.has(l.name)), ...p.links];
  }
  // A group already in the file whose attributes and links did not change is not rewritten.
  if (pythonJsonStringify(attributes, { sortKeys: true }) !== pythonJsonStringify(meta.attributes, { sortKeys: true })) {
    await ctx.hierarchy.setAttributes(p.path, attributes);
  }
}

/**
 * Write a group and everything below it. `more` writes what else belongs to the write before the
 * group is complete (the spec cache of a whole file).
 */
export async function writeGroup(ctx: WriteTreeContext, builder: GroupBuilder, path: string, more?: () => Promise<void>): Promise<void> {
  const pending: Pending[] = [];
  await writeNodes(ctx, builder, path, pending);
  await more?.();
  await finishNodes(ctx, pending);
}

/** Write one dataset (its reference attributes after the array, in the write that completes it). */
export async function writeDatasetNode(ctx: WriteTreeContext, builder: DatasetBuilder, path: string): Promise<void> {
  const { plain, references } = splitAttributes(builder.attributes);
  await writeDataset(ctx, builder, path, plain, { complete: false });
  await finishNodes(ctx, [{ path, builder, references, links: [], linkBuilders: [], created: true }]);
}
