/**
 * What a catalog holds for one namespace version: the declaration, its documents, and every type it
 * makes available — its own and those it includes — each as a {@link TypeEntry} shared with the
 * namespace that defines it.
 */
import type { TypeSpec } from "../model/group-spec.js";
import type { NamespaceSpec } from "../model/namespace-spec.js";

/** One registered type. Entries are shared between a defining namespace and those including it. */
export interface TypeEntry {
  readonly name: string;
  /** The spec as written (unresolved). */
  readonly spec: TypeSpec;
  /** The namespace that defines the type; its types are the context the spec resolves in. */
  readonly home: NamespaceRecord;
  /** Where the spec was read (source file, URL or cache location). */
  readonly location: string;
  /** Source name (without extension) within the home namespace. */
  readonly source: string;
  /** Resolution state, filled by resolve.ts. */
  inherited?: TypeSpec;
  resolved?: TypeSpec;
  inheriting?: boolean;
  resolving?: boolean;
}

/** A namespace version in a catalog. */
export interface NamespaceRecord {
  /** Set once the namespace's sources are read (it then records their type-key spelling). */
  spec: NamespaceSpec;
  /** Own source documents by source name (without extension), as read. */
  readonly documents: Record<string, unknown>;
  readonly origin: string;
  /** Every type available in the namespace, own and included, in registration order. */
  readonly types: Map<string, TypeEntry>;
  /** Names of the types the namespace itself defines. */
  readonly own: string[];
}
