/**
 * A type map over the bundled schemas (hdmf-common, hdmf-experimental, NWB core) with the
 * hdmf-common classes registered. Node only: the schemas are read from the package folder.
 */
import { NamespaceCatalog } from "../spec/catalog/namespace-catalog.js";
import { loadBundledNamespaces } from "../spec/loading/node-loader.js";
import { registerCommonClasses } from "./common/register.js";
import { TypeMap } from "./type-map.js";

/** A new type map over the bundled namespaces, with the hdmf-common classes registered. */
export async function loadBundledTypeMap(catalog: NamespaceCatalog = new NamespaceCatalog()): Promise<TypeMap> {
  return registerCommonClasses(new TypeMap(await loadBundledNamespaces(catalog)));
}
