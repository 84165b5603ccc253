/**
 * The `dtype` of a dataset or attribute: a primitive name (`float32`, `text`, …), a reference
 * ({@link RefSpec}), or — datasets only — a compound type: a list of named fields
 * ({@link DtypeSpec}), each with its own dtype.
 */
import { isPrimitiveDtype } from "./dtype-names.js";
import { asObject, child, describe, isObject, reqString, syntaxError, type SpecContext } from "./raw.js";
import { RefSpec } from "./ref-spec.js";

/** A dtype: primitive name, reference, or compound field list. */
export type Dtype = string | RefSpec | DtypeSpec[];

/** The dtype of an attribute: a primitive name or a reference (never compound). */
export type AttributeDtype = string | RefSpec;

/** One field of a compound dtype. */
export class DtypeSpec {
  readonly name: string;
  readonly doc: string;
  readonly dtype: Dtype;

  constructor(name: string, doc: string, dtype: Dtype) {
    this.name = name;
    this.doc = doc;
    this.dtype = dtype;
  }

  /** Parse `{name, doc, dtype}`. */
  static parse(raw: unknown, ctx: SpecContext): DtypeSpec {
    const obj = asObject(raw, ctx, "a compound dtype field");
    const name = reqString(obj, "name", ctx);
    const fieldCtx = child(ctx, name);
    if (obj.dtype === undefined || obj.dtype === null) throw syntaxError(fieldCtx, "compound field has no 'dtype'");
    return new DtypeSpec(name, typeof obj.doc === "string" ? obj.doc : "", parseDtype(obj.dtype, fieldCtx, true));
  }

  toSchema(): { name: string; doc: string; dtype: unknown } {
    return { name: this.name, doc: this.doc, dtype: dtypeToSchema(this.dtype) };
  }
}

/** Parse a raw dtype; compound lists only where `allowCompound`. */
export function parseDtype(raw: unknown, ctx: SpecContext, allowCompound: boolean): Dtype {
  if (typeof raw === "string") {
    if (!isPrimitiveDtype(raw)) throw syntaxError(ctx, `dtype '${raw}' is not a data type of the schema language`);
    return raw;
  }
  if (isObject(raw)) return RefSpec.parse(raw, ctx);
  if (Array.isArray(raw)) {
    if (!allowCompound) throw syntaxError(ctx, "a compound dtype is allowed only on datasets");
    if (raw.length === 0) throw syntaxError(ctx, "a compound dtype needs at least one field");
    const fields = raw.map((f, i) => DtypeSpec.parse(f, child(ctx, i)));
    const seen = new Set<string>();
    for (const f of fields) {
      if (seen.has(f.name)) throw syntaxError(ctx, `compound dtype has two fields named '${f.name}'`);
      seen.add(f.name);
    }
    return fields;
  }
  throw syntaxError(ctx, `dtype must be a name, a reference or a list of fields, found ${describe(raw)}`);
}

/** Whether a dtype is a compound field list. */
export function isCompound(d: Dtype | undefined): d is DtypeSpec[] {
  return Array.isArray(d);
}

/** Whether a dtype is a reference. */
export function isReference(d: Dtype | undefined): d is RefSpec {
  return d instanceof RefSpec;
}

/** The schema-language form of a dtype. */
export function dtypeToSchema(d: Dtype): unknown {
  if (typeof d === "string") return d;
  if (d instanceof RefSpec) return d.toSchema();
  return d.map((f) => f.toSchema());
}
