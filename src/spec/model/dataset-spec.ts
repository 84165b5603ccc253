/**
 * A dataset spec: an n-d array (or scalar) with a dtype — primitive, reference or compound — optional
 * dims/shape, a fixed `value` or a `default_value`, and attributes.
 */
import { dtypeToSchema, parseDtype, type Dtype } from "./dtype-spec.js";
import { asObject, optValue, syntaxError, type SpecContext } from "./raw.js";
import { checkDimsShape, parseDims, parseShape, type DimsSpec, type ShapeSpec } from "./shape.js";
import { parseStorageFields, StorageSpec, type StorageSpecInit } from "./storage-spec.js";
import type { TypeKeyStyle } from "./type-keys.js";

/** The fields of a dataset spec. */
export interface DatasetSpecInit extends StorageSpecInit {
  dtype?: Dtype;
  dims?: DimsSpec;
  shape?: ShapeSpec;
  value?: unknown;
  defaultValue?: unknown;
}

/** A dataset spec. */
export class DatasetSpec extends StorageSpec {
  readonly kind = "dataset";
  /** Undefined when the spec leaves the dtype open. */
  readonly dtype?: Dtype;
  readonly dims?: DimsSpec;
  readonly shape?: ShapeSpec;
  readonly value?: unknown;
  readonly defaultValue?: unknown;

  constructor(init: DatasetSpecInit) {
    super(init);
    this.dtype = init.dtype;
    this.dims = init.dims;
    this.shape = init.shape;
    this.value = init.value;
    this.defaultValue = init.value === undefined ? init.defaultValue : undefined;
  }

  /** The fields, for copies with changes. */
  toInit(): DatasetSpecInit {
    return { ...this.baseInit(), dtype: this.dtype, dims: this.dims, shape: this.shape, value: this.value, defaultValue: this.defaultValue };
  }

  /** A copy with some fields changed. */
  with(changes: Partial<DatasetSpecInit>): DatasetSpec {
    return new DatasetSpec({ ...this.toInit(), ...changes });
  }

  /** Parse a raw dataset spec; `ctx` points at the spec. */
  static parse(raw: unknown, ctx: SpecContext): DatasetSpec {
    const obj = asObject(raw, ctx, "a dataset spec");
    const base = parseStorageFields(obj, ctx);
    const dims = parseDims(obj.dims, ctx);
    const shape = parseShape(obj.shape, ctx);
    checkDimsShape(dims, shape, ctx);
    const value = optValue(obj, "value");
    const defaultValue = optValue(obj, "default_value");
    if (value !== undefined && defaultValue !== undefined) throw syntaxError(ctx, "a dataset cannot have both 'value' and 'default_value'");
    const dtype = obj.dtype === undefined || obj.dtype === null ? undefined : parseDtype(obj.dtype, ctx, true);
    return new DatasetSpec({ ...base, dtype, dims, shape, value, defaultValue });
  }

  /** The schema-language form, with the type keys spelled as `style`. */
  toSchema(style: TypeKeyStyle = "data_type"): Record<string, unknown> {
    const out = this.baseSchema(style);
    if (this.dtype !== undefined) out.dtype = dtypeToSchema(this.dtype);
    if (this.dims !== undefined) out.dims = this.dims;
    if (this.shape !== undefined) out.shape = this.shape;
    if (this.value !== undefined) out.value = this.value;
    if (this.defaultValue !== undefined) out.default_value = this.defaultValue;
    return out;
  }
}
