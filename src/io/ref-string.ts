/**
 * A reference given as a string, as hdmf-zarr's `resolve_ref` takes it: JSON of `{source, path}`
 * (older files and attribute values), else a path in the same file (0.14's path-string references).
 */
import { InvalidArgumentError, type ErrorLocation } from "../errors.js";
import type { RefTarget } from "../format/references.js";

/** The target a reference string names; JSON that is not a `{source?, path}` object is refused. */
export function parseRefString(ref: string, where: ErrorLocation): RefTarget {
  let parsed: unknown;
  try {
    parsed = JSON.parse(ref);
  } catch {
    return { source: ".", path: ref };
  }
  const obj = parsed as { source?: unknown; path?: unknown } | null;
  if (obj === null || typeof obj !== "object" || Array.isArray(obj) || (obj.path !== undefined && typeof obj.path !== "string")) {
    throw new InvalidArgumentError(`the reference ${JSON.stringify(ref.slice(0, 200))} is JSON but not an object with a string 'path' (and 'source')`, where);
  }
  return { source: typeof obj.source === "string" ? obj.source : ".", path: (obj.path as string | undefined) ?? "" };
}
