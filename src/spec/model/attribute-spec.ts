/**
 * An attribute spec: a named value on a group or dataset with a dtype (primitive or reference),
 * optional dims/shape, and either a fixed `value` or a `default_value`. Attributes are required unless
 * `required: false` or a default value is given.
 */
import { parseDtype, dtypeToSchema, type AttributeDtype } from "./dtype-spec.js";
import { asObject, child, optBool, optString, optValue, reqString, syntaxError, type SpecContext } from "./raw.js";
import { checkDimsShape, parseDims, parseShape, type DimsSpec, type ShapeSpec } from "./shape.js";

/** The fields of an attribute spec. */
export interface AttributeSpecInit {
  name: string;
  doc: string;
  /** A primitive dtype name or a reference; attributes have no compound dtype. */
  dtype: AttributeDtype;
  dims?: DimsSpec;
  shape?: ShapeSpec;
  /** As written; see {@link AttributeSpec.required} for the effective value. */
  required?: boolean;
  /** A fixed value the attribute must have. */
  value?: unknown;
  /** The value to use when none is given. */
  defaultValue?: unknown;
}

/** An attribute spec. */
export class AttributeSpec {
  readonly kind = "attribute";
  readonly name: string;
  readonly doc: string;
  readonly dtype: AttributeDtype;
  readonly dims?: DimsSpec;
  readonly shape?: ShapeSpec;
  readonly value?: unknown;
  readonly defaultValue?: unknown;
  private readonly requiredAsWritten?: boolean;

  constructor(init: AttributeSpecInit) {
    this.name = init.name;
    this.doc = init.doc;
    this.dtype = init.dtype;
    this.dims = init.dims;
    this.shape = init.shape;
    this.value = init.value;
    // A fixed value wins over a default (hdmf drops the default when both are present).
    this.defaultValue = init.value === undefined ? init.defaultValue : undefined;
    this.requiredAsWritten = init.required;
  }

  /** Whether the attribute must be present: false with `required: false` or a default value. */
  get required(): boolean {
    if (this.value !== undefined) return true;
    if (this.defaultValue !== undefined) return false;
    return this.requiredAsWritten ?? true;
  }

  /** The fields, for copies with changes. */
  toInit(): AttributeSpecInit {
    return {
      name: this.name, doc: this.doc, dtype: this.dtype, dims: this.dims, shape: this.shape,
      required: this.requiredAsWritten, value: this.value, defaultValue: this.defaultValue,
    };
  }

  /** Parse a raw attribute spec. */
  static parse(raw: unknown, ctx: SpecContext, index = 0): AttributeSpec {
    const obj = asObject(raw, child(ctx, `attributes[${index}]`), "an attribute spec");
    const name = reqString(obj, "name", child(ctx, `attributes[${index}]`));
    const here = child(ctx, name);
    if (obj.dtype === undefined || obj.dtype === null) throw syntaxError(here, "attribute has no 'dtype'");
    const dims = parseDims(obj.dims, here);
    const shape = parseShape(obj.shape, here);
    checkDimsShape(dims, shape, here);
    const value = optValue(obj, "value");
    const defaultValue = optValue(obj, "default_value");
    if (value !== undefined && defaultValue !== undefined) throw syntaxError(here, "an attribute cannot have both 'value' and 'default_value'");
    return new AttributeSpec({
      name, doc: optString(obj, "doc", here) ?? "",
      dtype: parseDtype(obj.dtype, here, false) as AttributeDtype,
      dims, shape, required: optBool(obj, "required", here), value, defaultValue,
    });
  }

  /** The schema-language form. */
  toSchema(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, doc: this.doc, dtype: dtypeToSchema(this.dtype) };
    if (this.dims !== undefined) out.dims = this.dims;
    if (this.shape !== undefined) out.shape = this.shape;
    if (this.requiredAsWritten !== undefined) out.required = this.requiredAsWritten;
    if (this.value !== undefined) out.value = this.value;
    if (this.defaultValue !== undefined) out.default_value = this.defaultValue;
    return out;
  }
}
