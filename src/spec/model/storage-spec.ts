/**
 * What groups and datasets share: a fixed `name` or a `default_name`, `doc`, `quantity`, `linkable`,
 * the type keys (`typeDef` = `data_type_def`/`neurodata_type_def`, `typeInc` = `…_inc`) and attributes.
 */
import { AttributeSpec } from "./attribute-spec.js";
import { allowsMany, isRequiredQuantity, parseQuantity, type Quantity } from "./quantity.js";
import { optBool, optList, optString, syntaxError, type RawObject, type SpecContext } from "./raw.js";
import { readTypeDef, readTypeInc, TYPE_KEYS, type TypeKeyStyle } from "./type-keys.js";

/** The fields shared by group and dataset specs. */
export interface StorageSpecInit {
  name?: string;
  defaultName?: string;
  doc: string;
  quantity?: Quantity;
  linkable?: boolean;
  typeDef?: string;
  typeInc?: string;
  attributes?: AttributeSpec[];
}

/** Base of {@link GroupSpec} and {@link DatasetSpec}. */
export abstract class StorageSpec {
  readonly name?: string;
  readonly defaultName?: string;
  readonly doc: string;
  readonly quantity: Quantity;
  /** Whether a link may stand in for this object (default true). */
  readonly linkable: boolean;
  /** The type this spec defines. */
  readonly typeDef?: string;
  /** The type this spec includes (extends, or uses when it defines none). */
  readonly typeInc?: string;
  readonly attributes: readonly AttributeSpec[];

  constructor(init: StorageSpecInit) {
    this.name = init.name;
    this.defaultName = init.name === undefined ? init.defaultName : undefined;
    this.doc = init.doc;
    this.quantity = init.quantity ?? 1;
    this.linkable = init.linkable ?? true;
    this.typeDef = init.typeDef;
    // A spec including the type it defines includes nothing (hdmf ignores such an include).
    this.typeInc = init.typeInc === init.typeDef ? undefined : init.typeInc;
    this.attributes = init.attributes ?? [];
  }

  /** The type of objects this spec describes: the type it defines, else the type it includes. */
  get dataType(): string | undefined {
    return this.typeDef ?? this.typeInc;
  }

  /** Whether at least one instance must be present. */
  get required(): boolean {
    return isRequiredQuantity(this.quantity);
  }

  /** Whether several instances may be present. */
  get many(): boolean {
    return allowsMany(this.quantity);
  }

  /** The attribute of that name, if any. */
  getAttribute(name: string): AttributeSpec | undefined {
    return this.attributes.find((a) => a.name === name);
  }

  /** The shared fields, for copies with changes. */
  protected baseInit(): StorageSpecInit {
    return {
      name: this.name, defaultName: this.defaultName, doc: this.doc, quantity: this.quantity, linkable: this.linkable,
      typeDef: this.typeDef, typeInc: this.typeInc, attributes: [...this.attributes],
    };
  }

  /** The shared fields in schema-language form. */
  protected baseSchema(style: TypeKeyStyle): Record<string, unknown> {
    const keys = TYPE_KEYS[style];
    const out: Record<string, unknown> = {};
    if (this.typeDef !== undefined) out[keys.def] = this.typeDef;
    if (this.typeInc !== undefined) out[keys.inc] = this.typeInc;
    if (this.name !== undefined) out.name = this.name;
    if (this.defaultName !== undefined) out.default_name = this.defaultName;
    out.doc = this.doc;
    if (this.quantity !== 1) out.quantity = this.quantity;
    if (!this.linkable) out.linkable = false;
    if (this.attributes.length) out.attributes = this.attributes.map((a) => a.toSchema());
    return out;
  }
}

/** A spec path segment: its name, else its type. */
export function specLabel(obj: RawObject, index: number): string {
  const n = obj.name ?? obj.data_type_def ?? obj.neurodata_type_def ?? obj.data_type_inc ?? obj.neurodata_type_inc;
  return typeof n === "string" ? n : `[${index}]`;
}

/** Parse the shared fields of a raw group or dataset spec at `ctx` (already pointing at the spec). */
export function parseStorageFields(obj: RawObject, ctx: SpecContext): StorageSpecInit {
  const name = optString(obj, "name", ctx);
  const typeDef = readTypeDef(obj, ctx);
  const typeInc = readTypeInc(obj, ctx);
  if (name === undefined && typeDef === undefined && typeInc === undefined) {
    throw syntaxError(ctx, "a group or dataset spec needs a 'name' or a type ('data_type_def'/'data_type_inc')");
  }
  for (const [key, value] of [["name", name], ["default_name", optString(obj, "default_name", ctx)]] as const) {
    if (value !== undefined && value.includes("/")) throw syntaxError(ctx, `${key} '${value}' is invalid: names cannot contain '/'`);
  }
  const attributes = optList(obj, "attributes", ctx).map((a, i) => AttributeSpec.parse(a, ctx, i));
  const seen = new Set<string>();
  for (const a of attributes) {
    if (seen.has(a.name)) throw syntaxError(ctx, `two attributes are named '${a.name}'`);
    seen.add(a.name);
  }
  return {
    name, defaultName: optString(obj, "default_name", ctx), doc: optString(obj, "doc", ctx) ?? "",
    quantity: parseQuantity(obj.quantity, name, ctx), linkable: optBool(obj, "linkable", ctx),
    typeDef, typeInc, attributes,
  };
}
