/**
 * The order of a write, as hdmf-zarr's: first every group and dataset (with their plain attributes),
 * then links and reference attributes, once their targets exist. A write that stops part way so
 * leaves no dangling link or reference behind, and the file stays readable.
 * Builders already in the file (written before, or read from it) are not written again; their new
 * children, links and attributes are added.
 */
import { joinKey } from "../store/types.js";
import { pythonJsonStringify } from "../zarr/codecs/json-text.js";
import { Builder, DatasetBuilder, GroupBuilder, ReferenceBuilder } from "./builders.js";
import { linksAttribute } from "./convention.js";
import { unwrapData } from "./data-io.js";
import type { LinkEntry } from "./references.js";
import type { WriteTreeContext } from "./write-context.js";
import { attributesJson, targetOf, writeDataset } from "./write-dataset.js";
import { ZarrDataset } from "./zarr-dataset.js";

/** What is left for the second pass on one node. */
interface Pending {
  path: string;
  builder: GroupBuilder | DatasetBuilder;
  references: Record<string, unknown>;
  links: LinkEntry[];
  /** Builders that count as written once the links are stored (link builders, datasets stored as links). */
  linkBuilders: Builder[];
}

const isReference = (v: unknown) => v instanceof ReferenceBuilder || v instanceof Builder;

/** Split attributes into those that can be stored now and references that must wait for their targets. */
function splitAttributes(attrs: Record<string, unknown>) {
  const plain: Record<string, unknown> = {};
  const references: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) (isReference(v) ? references : plain)[k] = v;
  return { plain, references };
}

/** A dataset whose data is an array already in a file: link to it (when asked), unless it is this very node. */
function linkedArray(ctx: WriteTreeContext, ds: DatasetBuilder): ZarrDataset | undefined {
  const { data, settings } = unwrapData(ds.data);
  if (!(data instanceof ZarrDataset) || !(settings.linkData ?? ctx.linkData)) return undefined;
  return data;
}

async function writeNodes(ctx: WriteTreeContext, group: GroupBuilder, path: string, pending: Pending[]): Promise<void> {
  const where = { store: ctx.source, path: "/" + path };
  const { plain, references } = splitAttributes(group.attributes);
  const onDisk = ctx.isWritten(group);
  if (!onDisk) await ctx.hierarchy.createGroup(path, attributesJson(ctx, plain, where));
  const node: Pending = { path, builder: group, references: onDisk ? group.attributes : references, links: [], linkBuilders: [] };
  pending.push(node);
  for (const g of group.groups.values()) await writeNodes(ctx, g, joinKey(path, g.name), pending);
  for (const ds of group.datasets.values()) {
    if (ctx.isWritten(ds)) continue;
    const linked = linkedArray(ctx, ds);
    if (linked) {
      const sameFile = linked.array.store.description === ctx.hierarchy.store.description;
      node.links.push({ source: sameFile ? "." : ctx.externalSource(linked.array.store.description), path: linked.path, name: ds.name });
      node.linkBuilders.push(ds);
      continue;
    }
    const split = splitAttributes(ds.attributes);
    const dsPath = joinKey(path, ds.name);
    await writeDataset(ctx, ds, dsPath, split.plain);
    if (Object.keys(split.references).length) pending.push({ path: dsPath, builder: ds, references: split.references, links: [], linkBuilders: [] });
  }
  for (const link of group.links.values()) {
    if (ctx.isWritten(link)) continue;
    node.links.push({ ...targetOf(ctx, link.builder), name: link.name });
    node.linkBuilders.push(link);
  }
}

/** Second pass: reference attributes and link lists, merged into what the node already has. */
async function finishNodes(ctx: WriteTreeContext, pending: Pending[]): Promise<void> {
  for (const p of pending) {
    if (!p.links.length && !Object.keys(p.references).length) continue;
    const where = { store: ctx.source, path: "/" + p.path };
    const meta = await ctx.hierarchy.requireNode(p.path);
    const attributes = { ...meta.attributes, ...attributesJson(ctx, p.references, where) };
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
    for (const l of p.linkBuilders) ctx.onWritten?.(l);
  }
  for (const p of pending) if (p.builder instanceof GroupBuilder) ctx.onWritten?.(p.builder);
}

/** Write a group and everything below it. */
export async function writeGroup(ctx: WriteTreeContext, builder: GroupBuilder, path: string): Promise<void> {
  const pending: Pending[] = [];
  await writeNodes(ctx, builder, path, pending);
  await finishNodes(ctx, pending);
}

/** Write one dataset (its reference attributes after the array). */
export async function writeDatasetNode(ctx: WriteTreeContext, builder: DatasetBuilder, path: string): Promise<void> {
  const { plain, references } = splitAttributes(builder.attributes);
  await writeDataset(ctx, builder, path, plain);
  await finishNodes(ctx, [{ path, builder, references, links: [], linkBuilders: [] }]);
}
