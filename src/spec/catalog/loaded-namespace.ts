/**
 * A namespace read from somewhere (YAML files, a file's spec cache, a URL) but not yet added to a
 * catalog: its declaration and the raw documents of its sources.
 */
import type { NamespaceSpec } from "../model/namespace-spec.js";

/** A namespace and its source documents, ready for {@link NamespaceCatalog.add}. */
export interface LoadedNamespace {
  namespace: NamespaceSpec;
  /** Raw source documents (`{groups, datasets}`), keyed by source name without extension (`nwb.base`). */
  documents: Record<string, unknown>;
  /** Where the namespace came from (namespace file path, URL, or `cache:<name>/<version>`), for messages. */
  origin: string;
  /** Where each source came from, by source name, for messages; defaults to the origin. */
  locations?: Record<string, string>;
}
