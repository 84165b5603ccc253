/**
 * Data types of builders and their specs, through a catalog, with the lookups memoised: a builder's
 * type is its `neurodata_type` (NWB) or `data_type` (hdmf) attribute, looked up in the namespace its
 * `namespace` attribute names (else wherever the catalog defines it).
 */
import type { Builder } from "../format/builders.js";
import { DatasetBuilder, GroupBuilder } from "../format/builders.js";
import type { TypeSpec } from "../spec/model/group-spec.js";
import type { NamespaceCatalog } from "../spec/catalog/namespace-catalog.js";

/** The type attributes a builder carries. */
export interface BuilderType {
  type: string;
  /** The `namespace` attribute, when present. */
  namespace?: string;
}

/** The data type a builder declares, if any. */
export function builderType(builder: Builder): BuilderType | undefined {
  if (!(builder instanceof GroupBuilder || builder instanceof DatasetBuilder)) return undefined;
  const attrs = builder.attributes;
  const type = attrs.neurodata_type ?? attrs.data_type;
  if (typeof type !== "string" || type === "") return undefined;
  return { type, namespace: typeof attrs.namespace === "string" ? attrs.namespace : undefined };
}

/** A type found in the catalog: the namespace that holds it, its spec and its ancestors (nearest first). */
export interface KnownType {
  namespace: string;
  spec: TypeSpec;
  hierarchy: readonly string[];
}

/** Catalog lookups for the validator, memoised per (namespace, type). */
export class TypeLookup {
  private readonly known = new Map<string, KnownType | undefined>();

  constructor(readonly catalog: NamespaceCatalog) {}

  /** The namespace to look a type up in: the declared one when it is loaded and has the type, else the defining one. */
  private namespaceOf(t: BuilderType): string | undefined {
    const { catalog } = this;
    if (t.namespace !== undefined && catalog.has(t.namespace) && catalog.getTypes(t.namespace).includes(t.type)) return t.namespace;
    return catalog.getTypeNamespace(t.type) ?? catalog.namespaces.find((ns) => catalog.getTypes(ns).includes(t.type));
  }

  /** The catalog's knowledge of a type, or undefined when no loaded namespace defines it. */
  lookup(t: BuilderType): KnownType | undefined {
    const key = `${t.namespace ?? ""}\u0000${t.type}`;
    if (this.known.has(key)) return this.known.get(key);
    const ns = this.namespaceOf(t);
    const found = ns === undefined ? undefined : {
      namespace: ns, spec: this.catalog.getSpec(ns, t.type), hierarchy: this.catalog.getHierarchy(t.type, ns),
    };
    this.known.set(key, found);
    return found;
  }

  /** Whether a builder declares `ancestor` or a subtype of it. Untyped and unknown builders are not. */
  isA(builder: Builder, ancestor: string): boolean {
    const t = builderType(builder);
    if (t === undefined) return false;
    if (t.type === ancestor) return true;
    return this.lookup(t)?.hierarchy.includes(ancestor) ?? false;
  }
}
