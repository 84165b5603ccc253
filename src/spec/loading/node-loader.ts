/**
 * Loading schemas from the local file system (Node only; the browser build never imports this file):
 * namespace files on disk, and the bundled schemas in the package's `schema-bundle/` folder.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import { SpecError } from "../../errors.js";
import { readBundledNamespaces } from "./bundled.js";
import type { LoadedNamespace } from "../catalog/loaded-namespace.js";
import { readNamespaceFile } from "./load-namespace-file.js";
import { NamespaceCatalog } from "../catalog/namespace-catalog.js";
import { joinPath, type SpecFileReader } from "./spec-reader.js";

/** A reader of files under `root` (absolute paths are read as given). Missing files read as undefined. */
export function fileSpecReader(root = ""): SpecFileReader {
  return async (path) => {
    const file = root === "" ? path : joinPath(root, path);
    try {
      return await readFile(file, "utf8");
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "ENOENT" || code === "ENOTDIR") return undefined;
      throw new SpecError(`could not read schema file: ${(e as Error).message}`, { store: file }, { cause: e });
    }
  };
}

function posix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

/** Read the namespaces of a namespace file on disk (and their sources) without adding them anywhere. */
export async function readNamespaceFileFromDisk(path: string): Promise<LoadedNamespace[]> {
  return readNamespaceFile(posix(resolve(path)), fileSpecReader());
}

/** Add the namespaces of a namespace file on disk to a catalog (a new one by default). */
export async function loadNamespaceFile(path: string, catalog = new NamespaceCatalog()): Promise<NamespaceCatalog> {
  catalog.add(await readNamespaceFileFromDisk(path));
  return catalog;
}

/** The bundled schema folder: `schema-bundle/` at the package root (two levels above this file in src/ and dist/). */
export function bundledSchemaDir(): string {
  for (const up of [["..", ".."], [".."], ["..", "..", ".."]]) {
    const dir = join(__dirname, ...up, "schema-bundle");
    if (existsSync(join(dir, "README.md"))) return dir;
  }
  throw new SpecError("the bundled schemas were not found; the package is incomplete (schema-bundle/ is missing)", { store: join(__dirname, "..", "..", "schema-bundle") });
}

let bundled: Promise<LoadedNamespace[]> | undefined;

/**
 * Add the bundled hdmf-common, hdmf-experimental and NWB core namespaces to a catalog (a new one by
 * default). The files are read and parsed once per process.
 */
export async function loadBundledNamespaces(catalog = new NamespaceCatalog()): Promise<NamespaceCatalog> {
  if (bundled === undefined) {
    const dir = posix(bundledSchemaDir());
    bundled = readBundledNamespaces(fileSpecReader(dir), (p) => joinPath(dir, p));
    bundled.catch(() => (bundled = undefined));
  }
  catalog.add(await bundled);
  return catalog;
}
