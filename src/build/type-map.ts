/**
 * TypeMap: the namespace catalog plus the classes and mappers of its types. Every type the catalog
 * knows has a class — the one registered for it (typed classes such as DynamicTable), else one made
 * from its spec on first use, derived from its parent type's class. Types no loaded namespace
 * defines (files whose spec is not cached) read into spec-less classes named after the type.
 */
import { InvalidArgumentError } from "../errors.js";
import type { CachedNamespace } from "../spec/loading/cached-namespace.js";
import { MissingNamespaceError, UnknownTypeError } from "../spec/errors.js";
import type { TypeSpec } from "../spec/model/group-spec.js";
import { NamespaceCatalog } from "../spec/catalog/namespace-catalog.js";
import type { NamespaceSpec } from "../spec/model/namespace-spec.js";
import type { TypeKeyStyle } from "../spec/model/type-keys.js";
import type { BuilderType } from "./builder-info.js";
import { makeContainerClass } from "./class-generator.js";
import { Container, type ContainerClass, type ContainerInit } from "./container.js";
import { Data } from "./data.js";
import type { TypeHierarchy } from "./field-holder.js";
import { ObjectMapper } from "./object-mapper.js";

/** Makes the mapper of a type from its resolved spec. */
export type MapperFactory = (spec: TypeSpec, typeMap: TypeMap) => ObjectMapper;

const key = (namespace: string, type: string) => `${namespace}/${type}`;

/** The catalog's types as classes, and their mappers. */
export class TypeMap implements TypeHierarchy {
  readonly catalog: NamespaceCatalog;
  private readonly registered = new Map<string, ContainerClass>();
  private readonly factories = new Map<string, MapperFactory>();
  private readonly made = new WeakMap<TypeSpec, ContainerClass>();
  private readonly mappers = new WeakMap<TypeSpec, ObjectMapper>();
  private readonly specless = new Map<string, ContainerClass>();
  private readonly speclessMapper = new ObjectMapper(undefined);

  constructor(catalog: NamespaceCatalog = new NamespaceCatalog()) {
    this.catalog = catalog;
  }

  /** The namespace that defines a type, as seen from `namespace` (or from any active namespace). */
  homeOf(type: string, namespace?: string): string {
    if (namespace !== undefined) return this.catalog.getTypeSource(namespace, type).namespace;
    const home = this.catalog.getTypeNamespace(type);
    if (home === undefined) throw new UnknownTypeError(type, undefined, `type '${type}' is not defined in any loaded namespace`);
    return home;
  }

  /** Whether a loaded namespace (`namespace`, or any) defines or includes the type. */
  hasType(type: string, namespace?: string): boolean {
    try {
      this.homeOf(type, namespace);
      return true;
    } catch (e) {
      if (e instanceof UnknownTypeError || e instanceof MissingNamespaceError) return false;
      throw e;
    }
  }

  /**
   * Use a class for a type (and, through derived classes, for its subtypes). The class's static
   * `typeName` and `namespace` must name the type. A class that carries no spec of its own gets the
   * type's spec and this type map (the first type map to register it wins), so `add()` and `set()`
   * know its members.
   */
  registerClass(namespace: string, type: string, cls: ContainerClass): void {
    if (cls.typeName !== type || cls.namespace !== namespace) {
      throw new InvalidArgumentError(`class ${cls.name} declares ${cls.namespace}/${cls.typeName}, not ${namespace}/${type}`, { path: type });
    }
    this.registered.set(key(namespace, type), cls);
    const own = (k: string) => Object.prototype.hasOwnProperty.call(cls, k) && (cls as unknown as Record<string, unknown>)[k] !== undefined;
    const statics = cls as { spec?: TypeSpec; typeMap?: TypeHierarchy };
    if (!own("spec") && this.hasType(type, namespace)) {
      statics.spec = this.getSpec(namespace, type);
      if (!own("typeMap")) statics.typeMap = this;
    }
  }

  /** Use a custom mapper for a type. */
  registerMapper(namespace: string, type: string, factory: MapperFactory): void {
    this.factories.set(key(namespace, type), factory);
  }

  /** The resolved spec of a type. */
  getSpec(namespace: string, type: string): TypeSpec {
    return this.catalog.getSpec(namespace, type);
  }

  /**
   * The class of a type (registered, else made from its spec). Throws UnknownTypeError for unknown
   * types. `T` and `I` only cast (e.g. `getClass<DynamicTable, DynamicTableInit>("core", "Units")`).
   */
  getClass<T extends Container = Container, I extends ContainerInit = ContainerInit>(namespace: string, type: string): ContainerClass<T, I> {
    const home = this.homeOf(type, namespace);
    const reg = this.registered.get(key(home, type));
    if (reg !== undefined) return reg as unknown as ContainerClass<T, I>;
    const spec = this.catalog.getSpec(namespace, type);
    let cls = this.made.get(spec);
    if (cls === undefined) {
      const parent = this.catalog.getUnresolvedSpec(namespace, type).typeInc;
      // The parent's class as its own namespace has it, so that every subtype of a type shares one
      // base class (an extension built on an older cached core still is an instance of TimeSeries).
      const base: ContainerClass = parent !== undefined
        ? this.getClass(this.homeOf(parent, namespace), parent)
        : spec.kind === "group" ? Container : (Data as ContainerClass);
      cls = makeContainerClass(base, { typeName: type, namespace: home, spec, typeMap: this });
      this.made.set(spec, cls);
    }
    return cls as unknown as ContainerClass<T, I>;
  }

  /** The mapper of a type (registered, else the default one for its spec). */
  getMapper(namespace: string, type: string): ObjectMapper {
    if (!this.hasType(type, namespace)) return this.speclessMapper;
    const spec = this.catalog.getSpec(namespace, type);
    let mapper = this.mappers.get(spec);
    if (mapper === undefined) {
      const factory = this.factories.get(key(this.homeOf(type, namespace), type));
      mapper = factory ? factory(spec, this) : new ObjectMapper(spec);
      this.mappers.set(spec, mapper);
    }
    return mapper;
  }

  /** The class and mapper for a builder's type; spec-less ones for types no loaded namespace defines. */
  forBuilder(bt: BuilderType, storage: "group" | "dataset"): { cls: ContainerClass; mapper: ObjectMapper } {
    const namespace = bt.namespace ?? this.catalog.getTypeNamespace(bt.type);
    if (namespace !== undefined && this.hasType(bt.type, namespace)) {
      return { cls: this.getClass(namespace, bt.type), mapper: this.getMapper(namespace, bt.type) };
    }
    const k = `${storage}:${key(namespace ?? "", bt.type)}`;
    let cls = this.specless.get(k);
    if (cls === undefined) {
      cls = makeContainerClass(storage === "group" ? Container : (Data as ContainerClass), { typeName: bt.type, namespace: namespace ?? "" });
      this.specless.set(k, cls);
    }
    return { cls, mapper: this.speclessMapper };
  }

  /** A type and its ancestors, nearest first (just the type when it is unknown). */
  getHierarchy(type: string, namespace?: string): string[] {
    try {
      return this.catalog.getHierarchy(type, namespace);
    } catch (e) {
      if (e instanceof UnknownTypeError || e instanceof MissingNamespaceError) return [type];
      throw e;
    }
  }

  /** Whether `type` is `ancestor` or inherits from it. */
  isSubtype(type: string, ancestor: string, namespace?: string): boolean {
    return this.getHierarchy(type, namespace).includes(ancestor);
  }

  /** The type-key spelling of a namespace (`neurodata_type` for NWB core and its extensions). */
  typeKeyFor(namespace: string): TypeKeyStyle {
    return this.catalog.has(namespace) ? this.catalog.getNamespace(namespace).style ?? "data_type" : "data_type";
  }

  /** Add namespaces cached in a file (a version already loaded is skipped). */
  loadCached(cached: readonly CachedNamespace[]): NamespaceSpec[] {
    return this.catalog.addCached(cached);
  }

  /** The namespaces given plus every namespace they include, in include order. */
  withIncludes(namespaces: Iterable<string>): string[] {
    const out: string[] = [];
    const visit = (name: string) => {
      if (out.includes(name) || !this.catalog.has(name)) return;
      for (const inc of this.catalog.getNamespace(name).includes) visit(inc);
      out.push(name);
    };
    for (const n of namespaces) visit(n);
    return out;
  }

  /** The spec cache entries of namespaces and what they include (for `writeBuilder({ cacheSpec })`). */
  cachedNamespaces(namespaces: Iterable<string>): CachedNamespace[] {
    return this.withIncludes(namespaces).map((n) => this.catalog.toCached(n));
  }
}
