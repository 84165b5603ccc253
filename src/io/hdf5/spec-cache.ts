/**
 * The namespaces cached in an HDF5 file (`/specifications/<name>/<version>/<source>`, each a JSON
 * string dataset), in the form the Zarr spec cache writer takes.
 */
import { MetadataError } from "../../errors.js";
import type { CachedNamespace } from "../../spec/loading/cached-namespace.js";
import type { H5Dataset, H5File, H5Group, H5wasm } from "./h5wasm-api.js";
import { textValue } from "./types.js";

/** Every cached version of every namespace (empty when `location` is undefined or missing). */
export function readHdf5SpecCache(h5wasm: H5wasm, file: H5File, location: string | undefined, source: string): CachedNamespace[] {
  if (location === undefined) return [];
  const top = file.get(location);
  if (!(top instanceof h5wasm.Group)) return [];
  const out: CachedNamespace[] = [];
  const group = top as H5Group;
  for (const name of group.keys()) {
    const versions = group.get(name);
    if (!(versions instanceof h5wasm.Group)) continue;
    for (const version of (versions as H5Group).keys()) {
      const docs = (versions as H5Group).get(version);
      if (!(docs instanceof h5wasm.Group)) continue;
      const documents: Record<string, unknown> = {};
      for (const sourceName of (docs as H5Group).keys()) {
        const ds = (docs as H5Group).get(sourceName);
        if (!(ds instanceof h5wasm.Dataset)) continue;
        const raw = (ds as H5Dataset).value;
        const text = textValue(Array.isArray(raw) ? raw[0] : raw);
        try {
          documents[sourceName] = JSON.parse(text);
        } catch (e) {
          throw new MetadataError(`cached spec is not valid JSON: ${(e as Error).message}`, { store: source, path: (ds as H5Dataset).path }, { cause: e });
        }
      }
      out.push({ name, version, documents });
    }
  }
  return out;
}
