/**
 * Zarr nodes → builders, for both conventions. Reads metadata only: datasets become lazy
 * ZarrDatasets; links and attribute references are resolved to builders after the whole tree
 * is known, so forward references and cycles need no special care.
 */
import type { BuilderDtype, CompoundField } from "../data/index.js";
import { MetadataError, type ErrorLocation } from "../errors.js";
import type { NodeMetadata } from "../zarr/metadata-types.js";
import type { ZarrHierarchy } from "../zarr/hierarchy.js";
import { numpyName, type DataType } from "../zarr/dtype.js";
import { jsonText } from "../zarr/json-values.js";
import { joinKey } from "../store/types.js";
import { DatasetBuilder, GroupBuilder, LinkBuilder, ReferenceBuilder } from "./builders.js";
import { DEFAULT_SPEC_LOCATION, RESERVED_ATTRIBUTES, SPEC_LOCATION_ATTR, V2, V3, linksAttribute, DIMENSION_LABELS_ATTR } from "./convention.js";
import { attributeReference, parseLinks, type RefTarget } from "./references.js";
import { isLindiStore, lindiAttributes, lindiDatasetMarkers, softLinkTarget } from "./lindi.js";
import { ZarrDataset, type TargetResolver } from "./zarr-dataset.js";

export interface ReadTreeContext {
  hierarchy: ZarrHierarchy;
  /** Store location recorded as each builder's `source`. */
  source: string;
  /** Resolves a target (this store or another) to its builder; may look into `byPath` while links are resolved. */
  resolve: TargetResolver;
  /** Filled with every node read, by absolute path. */
  byPath: Map<string, GroupBuilder | DatasetBuilder>;
  /** Called once every node is in `byPath`, before links and references are resolved. */
  onNodesIndexed?: () => void;
  /** Called for each entry of a legacy (Zarr v2) file that is left out of the tree (see {@link SkippedEntry}). */
  onSkipped?: (entry: SkippedEntry) => void;
}

/**
 * An entry of a legacy (Zarr v2) file left out of the tree, and why (hdmf-zarr 0.14's
 * `ZarrV2IO.skipped_entries`): a folder inside a group with no Zarr metadata, found when the file
 * is read node by node (without consolidated metadata, or in mode `r-`). (0.14 skips children whose
 * metadata it cannot parse or decode; here those are a MetadataError, or an UnknownCodecError
 * when values are read, so they are never left out.)
 */
export interface SkippedEntry {
  /** Absolute path of the entry in the file. */
  path: string;
  reason: string;
}

/** A builder tree plus a path index of its nodes. */
export interface ReadTree {
  root: GroupBuilder;
  byPath: Map<string, GroupBuilder | DatasetBuilder>;
}

/** The hdmf dtype of a Zarr type, as hdmf-zarr infers it when no marker says otherwise. */
function zarrTypeName(dtype: DataType): string {
  switch (dtype.kind) {
    case "numeric": return dtype.name;
    case "bool": return "bool";
    case "string": case "fixed-utf32": return "text";
    case "bytes": case "fixed-bytes": return "bytes";
    case "object": return "object";
    case "struct": return "compound";
    case "complex": case "datetime": case "timedelta": case "raw": return numpyName(dtype);
    case "unsupported": return dtype.text;
  }
}

function structFields(dtype: DataType, refFields: Set<string>): CompoundField[] {
  if (dtype.kind !== "struct") return [];
  return dtype.fields.map((f) => ({ name: f.name, dtype: refFields.has(f.name) ? "object" : zarrTypeName(f.type) }));
}

interface DatasetMarkers {
  dtype: BuilderDtype;
  legacyScalar: boolean;
  isReference: boolean;
  referenceFields: string[];
}

/** Interpret `_DTYPE`/`_REFERENCE_FIELDS` (current) or `zarr_dtype` (legacy) on an array. */
function datasetMarkers(meta: NodeMetadata & { nodeType: "array" }, where: ErrorLocation): DatasetMarkers {
  const attrs = meta.attributes;
  const current = attrs[V3.dtype];
  const legacy = attrs[V2.dtype];
  const refFields = new Set<string>(Array.isArray(attrs[V3.referenceFields]) ? (attrs[V3.referenceFields] as string[]) : []);
  if (Array.isArray(legacy)) {
    // legacy compound: [{name, dtype}], reference fields say "object"
    const fields = legacy.map((f) => {
      if (!f || typeof f !== "object") throw new MetadataError(`bad zarr_dtype field ${jsonText(f)}`, where);
      const { name, dtype } = f as { name?: unknown; dtype?: unknown };
      if (typeof name !== "string") throw new MetadataError(`bad zarr_dtype field ${jsonText(f)}`, where);
      if (dtype === V2.referenceDtype) refFields.add(name);
      return { name, dtype: (dtype === V2.referenceDtype ? "object" : dtype) as BuilderDtype };
    });
    return { dtype: fields, legacyScalar: false, isReference: false, referenceFields: [...refFields] };
  }
  const marker = current ?? legacy;
  // A type we cannot hold shows as written in the file, whatever a marker claims.
  if (meta.dtype.kind === "unsupported") return { dtype: zarrTypeName(meta.dtype), legacyScalar: false, isReference: false, referenceFields: [] };
  if (meta.dtype.kind === "struct") {
    return { dtype: structFields(meta.dtype, refFields), legacyScalar: false, isReference: false, referenceFields: [...refFields] };
  }
  if (marker === V3.referenceDtype || (legacy === V2.referenceDtype && current === undefined)) {
    return { dtype: "object", legacyScalar: false, isReference: true, referenceFields: [] };
  }
  if (legacy === V2.scalar && meta.zarrFormat === 2) {
    return { dtype: zarrTypeName(meta.dtype), legacyScalar: meta.shape.length === 1 && meta.shape[0] === 1, isReference: false, referenceFields: [] };
  }
  // The Zarr type is the authority for numbers: hdmf writes Python's "int"/"float" markers on int64/float64 data.
  const numericOrBool = meta.dtype.kind === "numeric" || meta.dtype.kind === "bool";
  return {
    dtype: typeof marker === "string" && !numericOrBool ? marker : zarrTypeName(meta.dtype),
    legacyScalar: false, isReference: false, referenceFields: [],
  };
}

/** Builder attributes: reserved names dropped; reference values left as RefTargets for the second pass. */
function userAttributes(attrs: Record<string, unknown>, isRoot: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (RESERVED_ATTRIBUTES.has(k)) continue;
    if (k === SPEC_LOCATION_ATTR && isRoot) continue;
    out[k] = v;
  }
  return out;
}

/** Read the whole builder tree of the hierarchy (metadata only). */
export async function readTree(ctx: ReadTreeContext): Promise<ReadTree> {
  const h = ctx.hierarchy;
  const byPath = ctx.byPath;
  const pendingLinks: { group: GroupBuilder; entries: ReturnType<typeof parseLinks> }[] = [];
  const pendingRefs: { owner: GroupBuilder | DatasetBuilder; name: string; target: RefTarget }[] = [];
  const rootMeta = await h.requireNode("");
  // A LINDI reference file of an HDF5 file marks what Zarr v2 lacks in its own way (lindi.ts).
  const lindi = await isLindiStore(h.store);
  const attributesOf = (attrs: Record<string, unknown>, isRoot: boolean) => userAttributes(lindi ? lindiAttributes(attrs) : attrs, isRoot);
  const specLoc = typeof rootMeta.attributes[SPEC_LOCATION_ATTR] === "string"
    ? (rootMeta.attributes[SPEC_LOCATION_ATTR] as string).replace(/^\/+/, "")
    : attributeReference(rootMeta.attributes[SPEC_LOCATION_ATTR])?.path.replace(/^\/+/, "") ?? DEFAULT_SPEC_LOCATION;

  const collectRefs = (owner: GroupBuilder | DatasetBuilder) => {
    for (const [name, value] of Object.entries(owner.attributes)) {
      const target = attributeReference(value);
      if (target) pendingRefs.push({ owner, name, target });
    }
  };

  const readGroup = async (path: string, meta: NodeMetadata, name: string): Promise<GroupBuilder> => {
    const where = { store: ctx.source, path: "/" + path };
    const group = new GroupBuilder(name, { attributes: attributesOf(meta.attributes, path === ""), source: ctx.source });
    byPath.set("/" + path, group);
    collectRefs(group);
    const links = parseLinks(meta.attributes[linksAttribute(meta.zarrFormat)] ?? meta.attributes[V2.links], where);
    if (links.length) pendingLinks.push({ group, entries: links });
    const legacy = meta.zarrFormat === 2 && !lindi && ctx.onSkipped !== undefined;
    for (const child of legacy ? await legacyChildren(path) : await h.listChildren(path)) {
      const childPath = joinKey(path, child);
      if (path === "" && child === specLoc) continue; // the spec cache is not part of the data tree
      const childMeta = legacy ? await legacyNode(childPath) : await h.requireNode(childPath);
      if (!childMeta) continue; // recorded as skipped
      const softLink = lindi ? softLinkTarget(childMeta.attributes, { store: ctx.source, path: "/" + childPath }) : undefined;
      if (softLink) pendingLinks.push({ group, entries: [{ name: child, ...softLink }] });
      else if (childMeta.nodeType === "group") group.setGroup(await readGroup(childPath, childMeta, child));
      else group.setDataset(await readDataset(childPath, childMeta, child));
    }
    return group;
  };

  const skip = (path: string, reason: string) => ctx.onSkipped?.({ path: "/" + path, reason });

  /**
   * The children of a group of a legacy file, as hdmf-zarr 0.14 walks them: every folder the store
   * lists under it (names starting with "." are metadata, not children), from the listing the
   * hierarchy already made. With consolidated metadata the file is what that document names: the
   * store is not listed (opening stays one read), so only node-by-node reads (mode `r-`, or no
   * `.zmetadata`) find folders without metadata.
   */
  const legacyChildren = async (path: string): Promise<string[]> => {
    if (h.isConsolidated || !h.store.list) return h.listChildren(path);
    return (await h.listFolders(path)).filter((n) => !n.startsWith(".")).sort();
  };

  /**
   * A child's metadata, or undefined after recording why it is left out. Metadata that cannot be
   * parsed stays a MetadataError naming the node (0.14 skips such a node with a warning), so a
   * file is never read with parts missing for that reason.
   */
  const legacyNode = async (path: string): Promise<NodeMetadata | undefined> => {
    const meta = await h.getNode(path);
    if (!meta) skip(path, "a folder without Zarr metadata (.zgroup or .zarray): neither a group nor an array");
    return meta;
  };

  const readDataset = async (path: string, meta: NodeMetadata & { nodeType: "array" }, name: string): Promise<DatasetBuilder> => {
    const where = { store: ctx.source, path: "/" + path };
    const array = await h.openArray(path, meta);
    const markers = lindi ? await lindiDatasetMarkers(meta, array, where) : datasetMarkers(meta, where);
    const data = new ZarrDataset(array, { ...markers, resolve: ctx.resolve });
    const attributes = attributesOf(meta.attributes, false);
    const labels = attributes[DIMENSION_LABELS_ATTR];
    const ds = new DatasetBuilder(name, data, {
      dtype: markers.dtype, attributes, source: ctx.source, chunks: meta.chunkShape,
      maxshape: data.shape, dimensionLabels: Array.isArray(labels) ? (labels as string[]) : undefined,
    });
    byPath.set("/" + path, ds);
    collectRefs(ds);
    return ds;
  };

  // Without consolidated metadata, every level's listings and documents are read at once first.
  await h.prefetch("", (path) => path === specLoc);
  const root = await readGroup("", rootMeta, "root");
  ctx.onNodesIndexed?.();
  for (const { group, entries } of pendingLinks) {
    for (const e of entries) {
      const where = { store: ctx.source, path: `${group.path === "/" ? "" : group.path}/${e.name}` };
      const target = await ctx.resolve(e, where);
      group.setLink(new LinkBuilder(target, e.name, { source: ctx.source }));
    }
  }
  for (const { owner, name, target } of pendingRefs) {
    const where = { store: ctx.source, path: owner.path };
    owner.attributes[name] = new ReferenceBuilder(await ctx.resolve(target, where));
  }
  return { root, byPath };
}
