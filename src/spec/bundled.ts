/**
 * The schemas bundled with the package (folder `schema-bundle/`; versions in its README): hdmf-common
 * and hdmf-experimental from the `hdmf` wheel, NWB `core` from the `pynwb` wheel. This file only
 * knows their layout; node-loader.ts reads them from disk, a browser app through {@link urlSpecReader}.
 */
import type { LoadedNamespace } from "./loaded-namespace.js";
import { readNamespaceFile } from "./load-namespace-file.js";
import { NamespaceCatalog } from "./namespace-catalog.js";
import type { SpecFileReader } from "./spec-reader.js";

/** Namespace files of the bundle, relative to its folder, in load order (core includes hdmf-common). */
export const BUNDLED_NAMESPACE_FILES: readonly string[] = ["hdmf-common/namespace.yaml", "core/nwb.namespace.yaml"];

/** The bundled namespaces, read through `read` (paths relative to the bundle folder). */
export async function readBundledNamespaces(read: SpecFileReader, label?: (p: string) => string): Promise<LoadedNamespace[]> {
  const out: LoadedNamespace[] = [];
  for (const file of BUNDLED_NAMESPACE_FILES) out.push(...(await readNamespaceFile(file, read, label)));
  return out;
}

/** Add the bundled namespaces (read through `read`) to a catalog (a new one by default). */
export async function loadBundledNamespacesFrom(read: SpecFileReader, catalog = new NamespaceCatalog()): Promise<NamespaceCatalog> {
  catalog.add(await readBundledNamespaces(read));
  return catalog;
}
