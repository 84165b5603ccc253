/** JSON files on disk: read one, edit one in place. */
import { readFileSync, writeFileSync } from "node:fs";
import { parseJsonExact } from "../../src/zarr/json-exact.js";

export interface ReadJsonOptions {
  /** Read bare `NaN` (as Python's json writes it) as null. */
  nanAsNull?: boolean;
  /** Keep integers beyond 2^53 exact (as bigints), as the library's own metadata reader does. */
  exact?: boolean;
}

export function readJson(file: string, options: ReadJsonOptions = {}): any {
  let text = readFileSync(file, "utf8");
  if (options.nanAsNull) text = text.replace(/\bNaN\b/g, "null");
  return options.exact ? parseJsonExact(text) : JSON.parse(text);
}

/** Read a JSON file, change it with `edit`, write it back (indented by `indent`, default 2). */
export function editJson(file: string, edit: (doc: Record<string, any>) => void, indent = 2): void {
  const doc = readJson(file);
  edit(doc);
  writeFileSync(file, JSON.stringify(doc, null, indent));
}
