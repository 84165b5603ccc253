/**
 * A namespace as a file's spec cache holds it: every spec document of one namespace version, still
 * unparsed. The storage layers read and write it; the spec layer parses it.
 */

/** One cached namespace: its documents by source name (`namespace`, `base`, `nwb.ecephys`, …). */
export interface CachedNamespace {
  name: string;
  /** Version folder name; "unversioned" when the namespace has none. */
  version: string;
  documents: Record<string, unknown>;
}
