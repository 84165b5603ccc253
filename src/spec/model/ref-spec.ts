/**
 * A reference dtype: `{target_type, reftype}`. The value is a reference to an object of
 * `target_type` (or a subtype); `reftype: region` (old NWB schemas) references a region of it.
 */
import { asObject, describe, reqString, syntaxError, type SpecContext } from "./raw.js";

/** The kinds of reference. */
export type RefType = "object" | "region";

/** A reference dtype. */
export class RefSpec {
  readonly kind = "reference";
  /** The type the reference must point to. */
  readonly targetType: string;
  readonly reftype: RefType;

  constructor(targetType: string, reftype: RefType = "object") {
    this.targetType = targetType;
    this.reftype = reftype;
  }

  /** Parse `{target_type, reftype}`. */
  static parse(raw: unknown, ctx: SpecContext): RefSpec {
    const obj = asObject(raw, ctx, "a reference dtype");
    const target = reqString(obj, "target_type", ctx);
    const reftype = obj.reftype ?? "object";
    if (reftype !== "object" && reftype !== "region") {
      throw syntaxError(ctx, `reftype ${describe(reftype)} is invalid: use 'object' or 'region'`);
    }
    return new RefSpec(target, reftype);
  }

  /** The schema-language form. */
  toSchema(): { target_type: string; reftype: RefType } {
    return { target_type: this.targetType, reftype: this.reftype };
  }
}
