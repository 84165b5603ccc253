/**
 * The two spellings of the type keys. hdmf schemas write `data_type_def` / `data_type_inc` (and
 * `data_types` in namespace includes); NWB schemas write `neurodata_type_def` / `neurodata_type_inc`
 * (`neurodata_types`). Both mean the same thing; the model keeps one notion, `typeDef` / `typeInc`,
 * and remembers which spelling a namespace uses so it can be written back the same way.
 */
import { syntaxError, describe, type RawObject, type SpecContext } from "./raw.js";

/** Which spelling of the type keys a document uses. */
export type TypeKeyStyle = "data_type" | "neurodata_type";

/** The key names of one spelling. */
export interface TypeKeyNames {
  def: string;
  inc: string;
  /** Key of the type list in a namespace `schema` entry. */
  types: string;
}

export const TYPE_KEYS: Readonly<Record<TypeKeyStyle, TypeKeyNames>> = {
  data_type: { def: "data_type_def", inc: "data_type_inc", types: "data_types" },
  neurodata_type: { def: "neurodata_type_def", inc: "neurodata_type_inc", types: "neurodata_types" },
};

function read(obj: RawObject, role: "def" | "inc" | "types", ctx: SpecContext): unknown {
  const a = obj[TYPE_KEYS.data_type[role]];
  const b = obj[TYPE_KEYS.neurodata_type[role]];
  if (a !== undefined && a !== null && b !== undefined && b !== null && JSON.stringify(a) !== JSON.stringify(b)) {
    throw syntaxError(ctx, `'${TYPE_KEYS.data_type[role]}' and '${TYPE_KEYS.neurodata_type[role]}' disagree (${describe(a)} vs ${describe(b)})`);
  }
  return a ?? b ?? undefined;
}

function readName(obj: RawObject, role: "def" | "inc", ctx: SpecContext): string | undefined {
  const v = read(obj, role, ctx);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string" || v === "") throw syntaxError(ctx, `'${TYPE_KEYS.data_type[role]}' must be a type name, found ${describe(v)}`);
  return v;
}

/** The type a spec defines (`data_type_def` or `neurodata_type_def`). */
export function readTypeDef(obj: RawObject, ctx: SpecContext): string | undefined {
  return readName(obj, "def", ctx);
}

/** The type a spec includes/extends (`data_type_inc` or `neurodata_type_inc`). */
export function readTypeInc(obj: RawObject, ctx: SpecContext): string | undefined {
  return readName(obj, "inc", ctx);
}

/** The type list of a namespace schema entry (`data_types` or `neurodata_types`), if any. */
export function readTypeList(obj: RawObject, ctx: SpecContext): string[] | undefined {
  const v = read(obj, "types", ctx);
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) {
    throw syntaxError(ctx, `'${TYPE_KEYS.data_type.types}' must be a list of type names, found ${describe(v)}`);
  }
  return v as string[];
}

/** The spelling a raw spec or schema entry uses, if it has any type key. */
export function styleOf(obj: RawObject): TypeKeyStyle | undefined {
  const nwb = TYPE_KEYS.neurodata_type;
  if (nwb.def in obj || nwb.inc in obj || nwb.types in obj) return "neurodata_type";
  const hdmf = TYPE_KEYS.data_type;
  if (hdmf.def in obj || hdmf.inc in obj || hdmf.types in obj) return "data_type";
  return undefined;
}
