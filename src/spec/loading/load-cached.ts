/**
 * Namespaces from a file's spec cache ({@link CachedNamespace}, as `ZarrIO.loadNamespaces()` returns
 * them): the `namespace` document holds `{namespaces: [...]}`, every other document is a source.
 */
import type { CachedNamespace } from "./cached-namespace.js";
import type { LoadedNamespace } from "../catalog/loaded-namespace.js";
import { NamespaceSpec } from "../model/namespace-spec.js";
import { asObject, optList } from "../model/raw.js";

/** The cached namespaces as loaded namespaces, ready for {@link NamespaceCatalog.add}. */
export function readCachedNamespaces(cached: readonly CachedNamespace[]): LoadedNamespace[] {
  return cached.map((c) => {
    const origin = `cache:${c.name}/${c.version}`;
    const ctx = { source: `${origin}/namespace`, path: "" };
    const doc = asObject(c.documents.namespace, ctx, "the cached 'namespace' document");
    const list = optList(doc, "namespaces", ctx);
    // The document names the namespace it describes; hdmf writes one per cached namespace.
    const index = Math.max(0, list.findIndex((n) => (n as { name?: unknown } | null)?.name === c.name));
    const namespace = NamespaceSpec.parse(list[index], ctx.source, index);
    const documents: Record<string, unknown> = Object.create(null); // keys come from the file
    const locations: Record<string, string> = Object.create(null);
    for (const [source, value] of Object.entries(c.documents)) {
      if (source === "namespace") continue;
      documents[source] = value;
      locations[source] = `${origin}/${source}`;
    }
    return { namespace, documents, origin, locations };
  });
}
