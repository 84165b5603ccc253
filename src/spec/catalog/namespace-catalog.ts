/**
 * NamespaceCatalog: the loaded namespaces and their types. Adding namespaces registers the types of
 * their sources and of the namespaces they include; specs come back resolved (inheritance merged).
 *
 * Versions: a catalog keeps every version of a namespace it is given. One version per name is
 * *active* — the one used when no version is asked for. By default the newest version is active
 * (`prefer: "newest"`); `prefer: "first"` keeps the first one added active, which is what hdmf does
 * (it ignores a later version of a namespace already loaded). Includes between namespaces added
 * together resolve within that set first, so a file's cached `core` uses the `hdmf-common` cached
 * with it, even when a newer bundled hdmf-common is active.
 */
import type { CachedNamespace } from "../loading/cached-namespace.js";
import { MissingNamespaceError, UnknownTypeError } from "../errors.js";
import type { TypeSpec } from "../model/group-spec.js";
import { readCachedNamespaces } from "../loading/load-cached.js";
import type { LoadedNamespace } from "./loaded-namespace.js";
import type { NamespaceRecord, TypeEntry } from "./namespace-record.js";
import { type NamespaceSpec } from "../model/namespace-spec.js";
import { orderByIncludes } from "./include-order.js";
import { buildRecord } from "./register-types.js";
import { resolvedSpec } from "./resolve.js";
import { compareVersions } from "./versions.js";

/** Options of {@link NamespaceCatalog}. */
export interface CatalogOptions {
  /** Which version of a namespace is active when several are added: the newest (default) or the first. */
  prefer?: "newest" | "first";
}

/** Options of lookups that may name a version. */
export interface VersionOption {
  /** A specific version instead of the active one. */
  version?: string;
}

/** The loaded namespaces and their types. */
export class NamespaceCatalog {
  private readonly prefer: "newest" | "first";
  private readonly records = new Map<string, NamespaceRecord[]>();
  private readonly active = new Map<string, NamespaceRecord>();
  /** Notes about types defined twice and namespaces already present (hdmf warns about these). */
  readonly warnings: string[] = [];

  constructor(options: CatalogOptions = {}) {
    this.prefer = options.prefer ?? "newest";
  }

  /**
   * Add namespaces, in an order where each comes after those it includes. Includes resolve to a
   * namespace of the same set first, else to the catalog's active version. A version already in the
   * catalog is skipped. All or nothing: on error nothing of the set is added.
   * @returns the namespaces added (not those skipped).
   */
  add(input: LoadedNamespace | readonly LoadedNamespace[]): NamespaceSpec[] {
    const list = Array.isArray(input) ? (input as readonly LoadedNamespace[]) : [input as LoadedNamespace];
    const pending = new Map<string, NamespaceRecord>();
    const built: NamespaceRecord[] = [];
    for (const loaded of orderByIncludes(list, (name) => this.active.has(name))) {
      const ns = loaded.namespace;
      const existing = this.find(ns.name, ns.version) ?? built.find((r) => r.spec.name === ns.name && r.spec.version === ns.version);
      if (existing !== undefined) {
        // Same name and version: the one already here serves includes of this set.
        if (!pending.has(ns.name)) pending.set(ns.name, existing);
        this.warnings.push(`namespace '${ns.name}' version ${ns.version ?? "(none)"} is already loaded; the copy from ${loaded.origin} was skipped`);
        continue;
      }
      const record = buildRecord(loaded, (name) => pending.get(name) ?? this.active.get(name), this.warnings);
      if (!pending.has(ns.name)) pending.set(ns.name, record);
      built.push(record);
    }
    for (const record of built) this.commit(record);
    return built.map((r) => r.spec);
  }

  /** Add the namespaces cached in a file (as `ZarrIO.loadNamespaces()` returns them). */
  addCached(cached: readonly CachedNamespace[]): NamespaceSpec[] {
    return this.add(readCachedNamespaces(cached));
  }

  private commit(record: NamespaceRecord): void {
    const name = record.spec.name;
    const versions = this.records.get(name) ?? [];
    versions.push(record);
    this.records.set(name, versions);
    const current = this.active.get(name);
    if (current === undefined || (this.prefer === "newest" && compareVersions(record.spec.version, current.spec.version) > 0)) {
      this.active.set(name, record);
    }
  }

  private find(name: string, version: string | undefined): NamespaceRecord | undefined {
    return this.records.get(name)?.find((r) => r.spec.version === version);
  }

  private record(name: string, version?: string): NamespaceRecord {
    const record = version === undefined ? this.active.get(name) : this.find(name, version);
    if (record === undefined) {
      const known = this.records.get(name)?.map((r) => r.spec.version ?? "(none)");
      const what = version === undefined ? `namespace '${name}'` : `namespace '${name}' version ${version}`;
      throw new MissingNamespaceError(name, `${what} is not loaded${known ? ` (loaded versions: ${known.join(", ")})` : ""}`);
    }
    return record;
  }

  private entry(namespace: string, type: string, options: VersionOption): TypeEntry {
    const record = this.record(namespace, options.version);
    const entry = record.types.get(type);
    if (entry === undefined) {
      throw new UnknownTypeError(type, namespace, `type '${type}' is not defined in namespace '${namespace}' (version ${record.spec.version ?? "(none)"})`);
    }
    return entry;
  }

  /** Names of the loaded namespaces. */
  get namespaces(): string[] {
    return [...this.active.keys()];
  }

  /** Whether a namespace (optionally a given version) is loaded. */
  has(name: string, version?: string): boolean {
    return version === undefined ? this.active.has(name) : this.find(name, version) !== undefined;
  }

  /** The loaded versions of a namespace, in the order added. */
  getVersions(name: string): (string | undefined)[] {
    return (this.records.get(name) ?? []).map((r) => r.spec.version);
  }

  /** A namespace declaration (the active version unless one is asked for). */
  getNamespace(name: string, options: VersionOption = {}): NamespaceSpec {
    return this.record(name, options.version).spec;
  }

  /**
   * The types available in a namespace: with `own`, only those it defines itself; otherwise also the
   * types it includes (as hdmf's `get_registered_types`).
   */
  getTypes(namespace: string, options: VersionOption & { own?: boolean } = {}): string[] {
    const record = this.record(namespace, options.version);
    return options.own ? [...record.own] : [...record.types.keys()];
  }

  /** The resolved spec of a type: its own spec with everything it inherits merged in. */
  getSpec(namespace: string, type: string, options: VersionOption = {}): TypeSpec {
    return resolvedSpec(this.entry(namespace, type, options));
  }

  /** The spec of a type exactly as written in its source (nothing inherited). */
  getUnresolvedSpec(namespace: string, type: string, options: VersionOption = {}): TypeSpec {
    return this.entry(namespace, type, options).spec;
  }

  /** Where a type is defined: its namespace (name and version) and source name. */
  getTypeSource(namespace: string, type: string, options: VersionOption = {}): { namespace: string; version?: string; source: string } {
    const entry = this.entry(namespace, type, options);
    return { namespace: entry.home.spec.name, version: entry.home.spec.version, source: entry.source };
  }

  /**
   * The namespace that defines a type, among the active versions (the first added wins when two
   * define the same name); undefined when none does.
   */
  getTypeNamespace(type: string): string | undefined {
    for (const [name, record] of this.active) if (record.own.includes(type)) return name;
    return undefined;
  }

  /**
   * A type and its ancestors, nearest first: `ElectricalSeries` → `[ElectricalSeries, TimeSeries,
   * NWBDataInterface, NWBContainer, Container]`. Looked up in `namespace`, else where the type is defined.
   */
  getHierarchy(type: string, namespace?: string, options: VersionOption = {}): string[] {
    const ns = namespace ?? this.getTypeNamespace(type) ?? this.namespaceHolding(type);
    if (ns === undefined) throw new UnknownTypeError(type, undefined, `type '${type}' is not defined in any loaded namespace`);
    let entry: TypeEntry | undefined = this.entry(ns, type, options);
    const chain: string[] = [];
    while (entry !== undefined && !chain.includes(entry.name)) {
      chain.push(entry.name);
      const inc: string | undefined = entry.spec.typeInc;
      entry = inc === undefined ? undefined : entry.home.types.get(inc);
    }
    return chain;
  }

  /** Whether `type` is `ancestor` or inherits from it. */
  isSubtype(type: string, ancestor: string, namespace?: string, options: VersionOption = {}): boolean {
    return this.getHierarchy(type, namespace, options).includes(ancestor);
  }

  private namespaceHolding(type: string): string | undefined {
    for (const [name, record] of this.active) if (record.types.has(type)) return name;
    return undefined;
  }

  /**
   * A namespace in the form a file's spec cache stores it: `namespace` → `{namespaces: [...]}` and
   * one document per own source, named without extension (as hdmf writes them).
   */
  toCached(name: string, options: VersionOption = {}): CachedNamespace {
    const record = this.record(name, options.version);
    return {
      name, version: record.spec.version ?? "unversioned",
      documents: { namespace: { namespaces: [record.spec.toSchema()] }, ...record.documents },
    };
  }
}
