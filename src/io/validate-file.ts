/**
 * Validating a whole file: open it (path, URL or an open ZarrIO), build a catalog from the namespaces
 * cached in it (the bundled schemas when it caches none, or to supply namespaces its cache lacks),
 * and validate its builder tree. Node entry point (it opens files); browser code can call
 * {@link validateBuilder} with its own catalog.
 */
import type { GroupBuilder } from "../format/builders.js";
import type { CachedNamespace } from "../spec/loading/cached-namespace.js";
import { ZarrIO, type ZarrIOOptions } from "./zarr-io.js";
import { readBundledNamespaces } from "../spec/loading/bundled.js";
import { MissingNamespaceError } from "../spec/errors.js";
import { readCachedNamespaces } from "../spec/loading/load-cached.js";
import { NamespaceCatalog } from "../spec/catalog/namespace-catalog.js";
import { bundledSchemaDir, fileSpecReader, loadBundledNamespaces } from "../spec/loading/node-loader.js";
import type { ValidateBuilderOptions } from "../validate/context.js";
import type { ValidationFinding } from "../validate/findings.js";
import { validateBuilder } from "../validate/validate-builder.js";

/** What {@link validate} needs of an open file (ZarrIO has both). */
export interface ValidatableFile {
  readBuilder(): Promise<GroupBuilder>;
  loadNamespaces(): Promise<CachedNamespace[]>;
}

/** Options of {@link validate}. */
export interface ValidateOptions extends ValidateBuilderOptions {
  /** Validate against this catalog instead of the file's cached namespaces. */
  catalog?: NamespaceCatalog;
  /** Options for opening a path or URL (e.g. `allowPickle` to check references in legacy pickle arrays). */
  io?: ZarrIOOptions;
}

/**
 * The catalog a file validates against: the namespaces it caches; with none cached, the bundled
 * hdmf-common, hdmf-experimental and NWB core; when the cache lacks a namespace another cached one
 * includes, the bundled one of that name fills in.
 */
export async function catalogForFile(file: ValidatableFile): Promise<NamespaceCatalog> {
  const cached = await file.loadNamespaces();
  if (cached.length === 0) return loadBundledNamespaces(new NamespaceCatalog());
  const fromFile = readCachedNamespaces(cached);
  try {
    const catalog = new NamespaceCatalog();
    catalog.add(fromFile);
    return catalog;
  } catch (e) {
    if (!(e instanceof MissingNamespaceError)) throw e;
    const names = new Set(fromFile.map((n) => n.namespace.name));
    const bundled = (await readBundledNamespaces(fileSpecReader(bundledSchemaDir()))).filter((n) => !names.has(n.namespace.name));
    const catalog = new NamespaceCatalog();
    catalog.add([...fromFile, ...bundled]);
    return catalog;
  }
}

/**
 * Validate a file: a path or URL (opened read-only and closed again) or an open file (left open).
 * @returns the findings, errors first; an empty list means the file follows its specs.
 */
export async function validate(file: string | URL | ValidatableFile, options: ValidateOptions = {}): Promise<ValidationFinding[]> {
  const opened = typeof file === "string" || file instanceof URL ? new ZarrIO(file, "r", options.io) : undefined;
  const source = opened ?? (file as ValidatableFile);
  try {
    const catalog = options.catalog ?? (await catalogForFile(source));
    return await validateBuilder(await source.readBuilder(), catalog, options);
  } finally {
    await opened?.close();
  }
}
