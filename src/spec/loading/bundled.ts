/**
 * The schemas bundled with the package (folder `schema-bundle/`; versions in its README): hdmf-common
 * and hdmf-experimental from the `hdmf` wheel, NWB `core` from the `pynwb` wheel. This file only
 * knows their layout; node-loader.ts reads them from disk, a browser app through {@link urlSpecReader}.
 *
 * Parsing the YAML takes most of the time of opening a file, so the bundle also ships the parsed
 * namespaces as one JSON file (`bundled-namespaces.json`, written by scripts/write-schema-json.mjs
 * whenever scripts/update-schemas.sh refreshes the YAML); it is read instead of the YAML when present.
 */
import { SpecSyntaxError } from "../errors.js";
import type { LoadedNamespace } from "../catalog/loaded-namespace.js";
import { readNamespaceFile } from "./load-namespace-file.js";
import { NamespaceCatalog } from "../catalog/namespace-catalog.js";
import { NamespaceSpec } from "../model/namespace-spec.js";
import { asObject, optList } from "../model/raw.js";
import type { SpecFileReader } from "./spec-reader.js";

/** Namespace files of the bundle, relative to its folder, in load order (core includes hdmf-common). */
export const BUNDLED_NAMESPACE_FILES: readonly string[] = ["hdmf-common/namespace.yaml", "core/nwb.namespace.yaml"];

/** The pre-parsed bundle, relative to the bundle folder. */
export const BUNDLED_JSON_FILE = "bundled-namespaces.json";

/** One namespace of the pre-parsed bundle: what {@link readNamespaceFile} gives, with paths relative to the bundle. */
interface BundledNamespaceJson {
  /** The namespace file declaring it. */
  file: string;
  /** Its position in that file's `namespaces` list. */
  index: number;
  /** The namespace entry as parsed. */
  namespace: unknown;
  /** The parsed source documents, by source name. */
  documents: Record<string, unknown>;
  /** The file of each source, by source name. */
  locations: Record<string, string>;
}

/** The bundled namespaces parsed from their YAML files, read through `read` (paths relative to the bundle folder). */
export async function readBundledYaml(read: SpecFileReader, label: (p: string) => string = (p) => p): Promise<LoadedNamespace[]> {
  const out: LoadedNamespace[] = [];
  for (const file of BUNDLED_NAMESPACE_FILES) out.push(...(await readNamespaceFile(file, read, label)));
  return out;
}

/**
 * The JSON of the pre-parsed bundle, from namespaces read by {@link readBundledYaml} with paths
 * left relative (the default label).
 */
export function bundleJsonOf(loaded: readonly LoadedNamespace[]): { namespaces: BundledNamespaceJson[] } {
  const seen = new Map<string, number>();
  const namespaces = loaded.map((n) => {
    const index = seen.get(n.origin) ?? 0;
    seen.set(n.origin, index + 1);
    return { file: n.origin, index, namespace: n.namespace.raw, documents: { ...n.documents }, locations: { ...(n.locations ?? {}) } };
  });
  return { namespaces };
}

/** The namespaces of a pre-parsed bundle, as {@link readBundledYaml} gives them. */
export function readBundleJson(text: string, label: (p: string) => string = (p) => p): LoadedNamespace[] {
  const where = label(BUNDLED_JSON_FILE);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new SpecSyntaxError(`not valid JSON: ${(e as Error).message}`, { store: where }, { cause: e });
  }
  const list = optList(asObject(doc, { source: where, path: "" }, "the pre-parsed bundle"), "namespaces", { source: where, path: "" });
  return list.map((entry, i) => {
    const ctx = { source: where, path: `namespaces[${i}]` };
    const e = asObject(entry, ctx, "a bundled namespace") as unknown as BundledNamespaceJson;
    if (typeof e.file !== "string" || typeof e.index !== "number") throw new SpecSyntaxError(`namespaces[${i}] needs 'file' and 'index'`, { store: where });
    const documents: Record<string, unknown> = Object.create(null); // keys come from the file
    const locations: Record<string, string> = Object.create(null);
    for (const [k, v] of Object.entries(asObject(e.documents, ctx, "the documents"))) documents[k] = v;
    for (const [k, v] of Object.entries(asObject(e.locations, ctx, "the locations"))) locations[k] = label(String(v));
    return { namespace: NamespaceSpec.parse(e.namespace, label(e.file), e.index), documents, origin: label(e.file), locations };
  });
}

/**
 * The bundled namespaces, read through `read` (paths relative to the bundle folder): from the
 * pre-parsed JSON when the bundle has it, else from the YAML.
 */
export async function readBundledNamespaces(read: SpecFileReader, label: (p: string) => string = (p) => p): Promise<LoadedNamespace[]> {
  const json = await read(BUNDLED_JSON_FILE);
  return json !== undefined ? readBundleJson(json, label) : readBundledYaml(read, label);
}

/** Add the bundled namespaces (read through `read`) to a catalog (a new one by default). */
export async function loadBundledNamespacesFrom(read: SpecFileReader, catalog = new NamespaceCatalog()): Promise<NamespaceCatalog> {
  catalog.add(await readBundledNamespaces(read));
  return catalog;
}
