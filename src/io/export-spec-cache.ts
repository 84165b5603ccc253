/**
 * The spec cache of an exported file: every version of every namespace cached in the source, and
 * the namespaces a rebuilt container uses that the source does not cache (hdmf-zarr caches the
 * source's namespaces and those of the writing manager).
 */
import type { CachedNamespace } from "../spec/loading/cached-namespace.js";
import type { ZarrFile } from "./export-contract.js";

/** Every cached version of every namespace of a file. */
export async function cachedNamespaces(io: ZarrFile): Promise<CachedNamespace[]> {
  const out: CachedNamespace[] = [];
  for (const [name, versions] of await io.readSpecCache()) {
    for (const [version, documents] of versions) out.push({ name, version, documents });
  }
  return out;
}

/** The source's cached namespaces, and those of `used` whose names the source does not cache. */
export async function exportedSpecCache(src: ZarrFile, used: CachedNamespace[] = []): Promise<CachedNamespace[]> {
  const cached = await cachedNamespaces(src);
  const names = new Set(cached.map((ns) => ns.name));
  return [...cached, ...used.filter((ns) => !names.has(ns.name))];
}
