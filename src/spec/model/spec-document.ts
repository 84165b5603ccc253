/**
 * A schema source document (`nwb.base.yaml`, or a cached `nwb.base` JSON): top-level `groups` and
 * `datasets`, each defining a type. Parsing it yields the type specs in file order.
 */
import { DatasetSpec } from "./dataset-spec.js";
import { GroupSpec, type TypeSpec } from "./group-spec.js";
import { asObject, child, isObject, optList, syntaxError, type RawObject, type SpecContext } from "./raw.js";
import { specLabel } from "./storage-spec.js";
import { styleOf, type TypeKeyStyle } from "./type-keys.js";

/** The specs of one source document. */
export interface ParsedSpecDocument {
  /** Top-level type specs (datasets first, then groups, as hdmf registers them). */
  specs: TypeSpec[];
  /** The type-key spelling the document uses, if any spec carries a type key. */
  style?: TypeKeyStyle;
}

/** Parse a source document; `source` names it in errors. */
export function parseSpecDocument(raw: unknown, source: string): ParsedSpecDocument {
  const ctx: SpecContext = { source, path: "" };
  const doc = asObject(raw ?? {}, ctx, "a schema source document");
  const specs: TypeSpec[] = [];
  let style: TypeKeyStyle | undefined;
  const parseEach = (key: "datasets" | "groups") => {
    optList(doc, key, ctx).forEach((item, i) => {
      const here = child(ctx, isObject(item) ? specLabel(item, i) : `${key}[${i}]`);
      const spec = key === "datasets" ? DatasetSpec.parse(item, here) : GroupSpec.parse(item, here);
      if (spec.typeDef === undefined) throw syntaxError(here, `a top-level ${key.slice(0, -1)} spec must define a type ('data_type_def')`);
      style ??= findStyle(item as RawObject);
      specs.push(spec);
    });
  };
  parseEach("datasets");
  parseEach("groups");
  return { specs, style };
}

/** The type-key spelling used anywhere in a raw spec tree. */
function findStyle(obj: RawObject): TypeKeyStyle | undefined {
  const own = styleOf(obj);
  if (own !== undefined) return own;
  for (const key of ["groups", "datasets"]) {
    const list = obj[key];
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      const s = isObject(item) ? findStyle(item) : undefined;
      if (s !== undefined) return s;
    }
  }
  return undefined;
}
