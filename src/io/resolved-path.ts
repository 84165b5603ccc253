/**
 * A local path as hdmf-zarr 0.14 keeps it (`str(Path(path).resolve())`): absolute, with the
 * symbolic links of the part that exists resolved, and the rest (a file not created yet) appended.
 */
import { realpathSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** `path` made absolute, its existing part resolved through symbolic links (Python's non-strict `Path.resolve()`). */
export function resolvedPath(path: string): string {
  const absolute = resolve(path);
  const missing: string[] = [];
  for (let head = absolute; ; head = dirname(head)) {
    try {
      return join(realpathSync(head), ...missing.reverse());
    } catch {
      if (dirname(head) === head) return absolute;
      missing.push(basename(head));
    }
  }
}
