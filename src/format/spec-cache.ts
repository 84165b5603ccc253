/**
 * The specification cache: the namespaces a file uses, stored in the file so readers need no
 * schema of their own. Layout (both conventions): root attribute `.specloc` names a group
 * (`specifications`), holding `<namespace>/<version>/<source>` datasets, each one JSON text:
 * `namespace` holds `{"namespaces": [...]}`, every other source its spec document.
 * v3 stores each text as a 0-d `string` array; v2 as a `[1]` object array with the json2 codec.
 */
import { IncompleteWriteError, MetadataError, StoreError } from "../errors.js";
import { metadataReads } from "../store/metadata-reads.js";
import { joinKey } from "../store/types.js";
import type { ZarrHierarchy } from "../zarr/hierarchy.js";
import { isIncomplete } from "../zarr/incomplete.js";
import { chunkLimit } from "../zarr/limits.js";
import type { ArrayMetadata } from "../zarr/metadata-types.js";
import { V2_JSON_CODEC, v2CodecChain } from "../zarr/codecs/v2-chain.js";
import { V3_DEFAULT_COMPRESSOR } from "./array-layout.js";
import { DEFAULT_SPEC_LOCATION, SPEC_LOCATION_ATTR, V2 } from "./convention.js";
import type { CachedNamespace } from "../spec/loading/cached-namespace.js";

/** Every cached version of every namespace: name → version → documents. */
export type SpecCache = Map<string, Map<string, Record<string, unknown>>>;

function specLocation(attrs: Record<string, unknown>): string | undefined {
  const loc = attrs[SPEC_LOCATION_ATTR];
  if (typeof loc === "string") return loc.replace(/^\/+/, "");
  const ref = (loc as { _REFERENCE?: { path?: unknown } } | undefined)?._REFERENCE?.path;
  return typeof ref === "string" ? ref.replace(/^\/+/, "") : undefined;
}

/** The metadata of one spec text dataset, in the hierarchy's format. */
function specArray(format: 2 | 3): ArrayMetadata {
  if (format === 3) {
    return {
      zarrFormat: 3, nodeType: "array", shape: [], chunkShape: [], dtype: { kind: "string" }, fillValue: "", order: "C",
      chunkKeyEncoding: { kind: "default", separator: "/" },
      codecs: [{ name: "vlen-utf8", configuration: {} }, V3_DEFAULT_COMPRESSOR], attributes: {},
    };
  }
  const dtype = { kind: "object" } as const;
  return {
    zarrFormat: 2, nodeType: "array", shape: [1], chunkShape: [1], dtype, fillValue: null, order: "C",
    chunkKeyEncoding: { kind: "v2", separator: "." },
    codecs: v2CodecChain({ filters: [V2_JSON_CODEC], compressor: null, dtype, order: "C" }),
    v2: { filters: [V2_JSON_CODEC], compressor: null, dtype: "|O" }, attributes: { [V2.dtype]: V2.scalar },
  };
}

/**
 * Write namespaces into the file's spec cache (adding to what is there; existing versions of other
 * namespaces are kept, as hdmf-zarr does) and point `.specloc` at it.
 */
export async function writeSpecCache(h: ZarrHierarchy, namespaces: CachedNamespace[]): Promise<void> {
  const root = await h.requireNode("");
  const loc = specLocation(root.attributes) ?? DEFAULT_SPEC_LOCATION;
  if (!(await h.getNode(loc))) await h.createGroup(loc);
  if (root.attributes[SPEC_LOCATION_ATTR] !== loc) await h.setAttributes("", { ...root.attributes, [SPEC_LOCATION_ATTR]: loc });
  for (const ns of namespaces) {
    const nsPath = joinKey(loc, ns.name);
    if (!(await h.getNode(nsPath))) await h.createGroup(nsPath);
    const versionPath = joinKey(nsPath, ns.version || "unversioned");
    // A new version is marked incomplete until all of its documents are stored.
    if (!(await h.getNode(versionPath))) await h.createGroup(versionPath, {}, { incomplete: true });
    for (const [source, doc] of Object.entries(ns.documents)) {
      const path = joinKey(versionPath, source);
      const array = await h.createArray(path, specArray(h.format), { incomplete: true });
      // compact JSON, as Python's json.dumps(spec, separators=(",", ":"))
      await array.set([], { dtype: array.dtype, shape: array.shape, data: [JSON.stringify(doc)] });
      await h.completeNode(path);
    }
    await h.completeNode(versionPath);
  }
}

/**
 * Read every cached namespace version (an empty map when the file has no `.specloc`).
 *
 * Without consolidated metadata, each level of the cache (namespaces, versions, documents) costs
 * one round trip over HTTP: a group's listing is asked for with its own metadata, every document
 * of a version at once, and their values at once (as metadata reads: they are few and small).
 */
export async function readSpecCache(hierarchy: ZarrHierarchy): Promise<SpecCache> {
  const cache: SpecCache = new Map();
  // Files of hdmf-zarr < 0.11.2 consolidated their metadata before caching the spec (and setting
  // `.specloc`): when the consolidated view lacks it, read the nodes themselves.
  let h = hierarchy;
  let loc = specLocation((await h.requireNode("")).attributes);
  if (loc !== undefined) readGroupAhead(h, loc);
  if (loc === undefined || !(await h.getNode(loc))) {
    h = await hierarchy.withoutConsolidated();
    // Those files keep the cache at the default place: it is read ahead beside the root's attributes.
    readGroupAhead(h, DEFAULT_SPEC_LOCATION);
    loc = specLocation((await h.requireNode("")).attributes);
    if (loc !== undefined) readGroupAhead(h, loc);
  }
  if (loc === undefined) return cache;
  const specLoc = loc;
  if (!(await h.getNode(specLoc))) return cache;
  let namespaceNames: string[];
  try {
    namespaceNames = await childNodes(h, specLoc, true);
  } catch (e) {
    // Nodes left out of consolidated metadata cannot be found on a server that cannot list folders.
    if (h !== hierarchy && e instanceof StoreError) return cache;
    throw e;
  }
  const values = metadataReads(h.store);
  const decoder = new TextDecoder();
  const readDocument = async (path: string): Promise<unknown> => {
    const array = await h.openArray(path, undefined, values);
    if (array.metadata.codecs.some((c) => c.name === "numcodecs.pickle")) {
      throw new MetadataError("a pickled spec cache is refused (pickle can run code)", { store: h.store.description, path: "/" + path });
    }
    const value = (await array.get(array.shape.length ? [0] : [])).data[0];
    const text = value instanceof Uint8Array ? decoder.decode(value) : String(value);
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new MetadataError(`cached spec is not valid JSON: ${(e as Error).message}`, { store: h.store.description, path: "/" + path }, { cause: e });
    }
  };
  const readVersion = async (versionPath: string): Promise<Record<string, unknown>> => {
    if (isIncomplete(await h.requireNode(versionPath))) {
      throw new IncompleteWriteError(
        "the write of this cached namespace did not finish, so some of its documents may be missing. Cache it again " +
          "(cacheSpec) in mode 'a' or 'r+', or write the file again in mode 'w'",
        { store: h.store.description, path: "/" + versionPath }, ["/" + versionPath],
      );
    }
    const sources = await childNodes(h, versionPath, false, (path) => {
      // Each document is one chunk at a key the writers always use: read beside its metadata.
      values.readAhead(joinKey(path, h.format === 2 ? "0" : "c"), chunkLimit({}));
    });
    const documents = await Promise.all(sources.map((source) => readDocument(joinKey(versionPath, source))));
    return Object.fromEntries(sources.map((source, i) => [source, documents[i]]));
  };
  const namespaces = await Promise.all(namespaceNames.map(async (ns) => {
    const versionNames = await childNodes(h, joinKey(specLoc, ns), true);
    const documents = await Promise.all(versionNames.map((version) => readVersion(joinKey(specLoc, ns, version))));
    return new Map(versionNames.map((version, i) => [version, documents[i]]));
  }));
  namespaceNames.forEach((ns, i) => cache.set(ns, namespaces[i]));
  return cache;
}

/**
 * Ask for a group's metadata and its listing at once, before either is needed (failures are met
 * when they are). Nothing to ask with consolidated metadata or a store that cannot list.
 */
function readGroupAhead(h: ZarrHierarchy, path: string): void {
  if (h.isConsolidated || !h.store.list) return;
  h.getNode(path).catch(() => undefined);
  h.listFolders(path).catch(() => undefined);
}

/**
 * The child nodes of the group at `path` (as `listChildren`). When the store is listed, the
 * listings of children that are `groups` in the cache's layout are asked for beside their
 * metadata, and `ahead` is called on each child folder as soon as the listing names it.
 */
async function childNodes(h: ZarrHierarchy, path: string, groups: boolean, ahead?: (child: string) => void): Promise<string[]> {
  if (h.isConsolidated || !h.store.list) return h.listChildren(path);
  for (const name of await h.listFolders(path)) {
    const child = joinKey(path, name);
    if (groups) h.listFolders(child).catch(() => undefined);
    ahead?.(child);
  }
  return h.listChildren(path);
}

/**
 * The version of each namespace a reader loads when several are cached. hdmf-zarr takes the last
 * key of the (name-sorted) version group, so "2.9.0" wins over "2.11.0"; we do the same, so both
 * libraries load the same schema from the same file.
 */
export function latestCached(cache: SpecCache): CachedNamespace[] {
  return [...cache].map(([name, versions]) => {
    const version = [...versions.keys()].sort().pop()!;
    return { name, version, documents: versions.get(version)! };
  });
}
