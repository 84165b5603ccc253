/**
 * Reading and writing containers through a ZarrIO (or anything with its builder methods):
 * `readContainer` loads the file's cached namespaces into the type map, reads the builder tree and
 * builds the root container (metadata only); `writeContainer` builds the builder tree of a
 * container and writes it with the spec of the namespaces it uses cached in the file.
 */
import type { GroupBuilder } from "../format/builders.js";
import type { CachedNamespace } from "../spec/loading/cached-namespace.js";
import { BuildManager, type BuildOptions } from "./build-manager.js";
import { Container } from "./container.js";
import { BuildError } from "./errors.js";
import { TypeMap } from "./type-map.js";

/** The ZarrIO methods reading and writing containers use. */
export interface ContainerIO {
  readBuilder(): Promise<GroupBuilder>;
  loadNamespaces(): Promise<CachedNamespace[]>;
  writeBuilder(builder: GroupBuilder, options?: { cacheSpec?: CachedNamespace[]; linkData?: boolean; consolidateMetadata?: boolean }): Promise<void>;
  /** The store, for error messages. */
  readonly path?: string;
}

/** Options of {@link readContainer}. */
export interface ReadContainerOptions {
  /** Load the namespaces cached in the file into the type map first (default true). */
  loadNamespaces?: boolean;
  /** The manager to use (keeps its caches); a new one by default. */
  manager?: BuildManager;
  /** The file's cached namespaces, already being read (so that reading overlaps the tree's). */
  namespaces?: Promise<CachedNamespace[]>;
}

/** Read the root container of a file. Dataset values stay lazy. */
export async function readContainer<T extends Container = Container>(io: ContainerIO, typeMap: TypeMap, options: ReadContainerOptions = {}): Promise<T> {
  if (options.loadNamespaces ?? true) {
    const cached = await (options.namespaces ?? io.loadNamespaces());
    if (cached.length) typeMap.loadCached(cached);
  }
  const root = await io.readBuilder();
  const manager = options.manager ?? new BuildManager(typeMap);
  return manager.construct(root) as T;
}

/** Options of {@link writeContainer}. */
export interface WriteContainerOptions extends BuildOptions {
  /**
   * Cache specs in the file: true (default) for the namespaces the tree uses and what they include,
   * a list for those plus the listed namespaces (hdmf caches every namespace it has loaded), false
   * for none.
   */
  cacheSpec?: boolean | string[];
  /** Write consolidated metadata (default true). */
  consolidateMetadata?: boolean;
  /** The manager to use; a new one by default (so nothing read earlier is taken as already written). */
  manager?: BuildManager;
}

/**
 * Objects read from another file may use namespaces the writing type map does not know (an
 * extension cached in that file): take them from the type map that made their classes.
 */
function adoptNamespaces(root: Container, typeMap: TypeMap): void {
  const missing = new Map<string, TypeMap>();
  const seen = new Set<Container>();
  const visit = (c: Container) => {
    if (seen.has(c)) return;
    seen.add(c);
    const cls = c.constructor as typeof Container;
    const origin = cls.typeMap;
    if (origin instanceof TypeMap && origin !== typeMap && !typeMap.catalog.has(cls.namespace)) missing.set(cls.namespace, origin);
    for (const child of c.children) visit(child);
  };
  visit(root);
  for (const [namespace, origin] of missing) typeMap.loadCached(origin.cachedNamespaces([namespace]));
}

/** A container's builder tree and the namespaces to cache with it, as {@link writeContainer} writes them. */
export interface BuiltTree {
  root: GroupBuilder;
  /** Undefined when `cacheSpec` is false. */
  cacheSpec?: CachedNamespace[];
}

/** Build the builder tree of a container (a file's root) and the namespaces `cacheSpec` asks for. */
export async function buildFileTree(container: Container, typeMap: TypeMap, options: WriteContainerOptions = {}, where: { store?: string } = {}): Promise<BuiltTree> {
  adoptNamespaces(container, typeMap);
  const manager = options.manager ?? new BuildManager(typeMap);
  const root = await manager.build(container, options);
  if (!("groups" in root)) throw new BuildError("the root of a file must be a group, not a dataset", { store: where.store, path: "/" });
  const cacheSpec = options.cacheSpec ?? true;
  const namespaces = [...manager.namespacesUsed, ...(Array.isArray(cacheSpec) ? cacheSpec : [])].filter(Boolean);
  return { root: root as GroupBuilder, cacheSpec: cacheSpec === false ? undefined : typeMap.cachedNamespaces(namespaces) };
}

/** Write a container (the file's root) and everything below it. */
export async function writeContainer(io: ContainerIO, container: Container, typeMap: TypeMap, options: WriteContainerOptions = {}): Promise<void> {
  const { root, cacheSpec } = await buildFileTree(container, typeMap, options, { store: io.path });
  await io.writeBuilder(root, {
    cacheSpec,
    linkData: options.linkData,
    consolidateMetadata: options.consolidateMetadata,
  });
}
