/**
 * Where schema files come from. A reader maps a path (relative to some root, `/`-separated) to the
 * file's text, or undefined when there is no such file; it works the same over a folder on disk
 * (see node-loader.ts) or a base URL (below), so the loading code runs in the browser too.
 */
import { SpecError } from "../../errors.js";

/** Reads one schema file; resolves undefined when the file does not exist. */
export type SpecFileReader = (path: string) => Promise<string | undefined>;

/** The folder part of a `/`-separated path (`core/nwb.namespace.yaml` → `core`). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

/** Join a folder and a relative path, resolving `.` and `..` segments. */
export function joinPath(dir: string, rel: string): string {
  if (rel.startsWith("/")) return rel;
  const out: string[] = dir === "" ? [] : dir.split("/");
  const lead = dir.startsWith("/") ? "/" : "";
  if (lead) out.shift();
  for (const seg of rel.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === ".." && out.length && out[out.length - 1] !== "..") out.pop();
    else out.push(seg);
  }
  return lead + out.join("/");
}

/**
 * A reader over a base URL (e.g. the bundled schemas served next to a web app): `path` is resolved
 * against `base`; HTTP 404 means "no such file".
 */
export function urlSpecReader(base: string | URL, fetchFn: typeof fetch = globalThis.fetch): SpecFileReader {
  const root = new URL(base);
  if (!root.pathname.endsWith("/")) root.pathname += "/";
  return async (path) => {
    const url = new URL(path.replace(/^\/+/, ""), root);
    let response: Response;
    try {
      response = await fetchFn(url);
    } catch (e) {
      throw new SpecError(`could not fetch schema file: ${(e as Error).message}`, { store: url.href }, { cause: e });
    }
    if (response.status === 404) return undefined;
    if (!response.ok) throw new SpecError(`could not fetch schema file: HTTP ${response.status}`, { store: url.href });
    return response.text();
  };
}
