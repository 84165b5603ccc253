/**
 * A link spec: a group member that points to an object of `target_type` stored elsewhere
 * (a soft link in HDF5, a `zarr_link` entry in hdmf-zarr).
 */
import { parseQuantity, isRequiredQuantity, allowsMany, type Quantity } from "./quantity.js";
import { asObject, optString, reqString, syntaxError, type SpecContext } from "./raw.js";

/** The fields of a link spec. */
export interface LinkSpecInit {
  name?: string;
  doc: string;
  targetType: string;
  quantity?: Quantity;
}

/** A link spec. */
export class LinkSpec {
  readonly kind = "link";
  readonly name?: string;
  readonly doc: string;
  /** The type the link must point to (or a subtype). */
  readonly targetType: string;
  readonly quantity: Quantity;

  constructor(init: LinkSpecInit) {
    this.name = init.name;
    this.doc = init.doc;
    this.targetType = init.targetType;
    this.quantity = init.quantity ?? 1;
  }

  /** Whether the link must be present. */
  get required(): boolean {
    return isRequiredQuantity(this.quantity);
  }

  /** Whether several links may be present. */
  get many(): boolean {
    return allowsMany(this.quantity);
  }

  /** Parse a raw link spec; `ctx` points at the spec. */
  static parse(raw: unknown, ctx: SpecContext): LinkSpec {
    const obj = asObject(raw, ctx, "a link spec");
    const name = optString(obj, "name", ctx);
    if (name !== undefined && name.includes("/")) throw syntaxError(ctx, `name '${name}' is invalid: names cannot contain '/'`);
    return new LinkSpec({
      name, doc: optString(obj, "doc", ctx) ?? "", targetType: reqString(obj, "target_type", ctx),
      quantity: parseQuantity(obj.quantity, name, ctx),
    });
  }

  /** The schema-language form. */
  toSchema(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.name !== undefined) out.name = this.name;
    out.doc = this.doc;
    out.target_type = this.targetType;
    if (this.quantity !== 1) out.quantity = this.quantity;
    return out;
  }
}
