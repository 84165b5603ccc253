/**
 * What a builder says about its type: the type key (`data_type` in hdmf files, `neurodata_type` in
 * NWB files — both are read), `namespace` and `object_id`; and the attribute names that describe the
 * object rather than being fields.
 */
import type { DatasetBuilder, GroupBuilder } from "../format/builders.js";
import type { TypeKeyStyle } from "../spec/model/type-keys.js";

/** Attribute names that are never fields: the type keys, `namespace`, `object_id`, and dimension labels. */
export const OBJECT_ATTRIBUTES = new Set<string>(["data_type", "neurodata_type", "namespace", "object_id", "_ARRAY_DIMENSIONS"]);

/** The attribute holding the type, per type-key spelling. */
export function typeAttribute(style: TypeKeyStyle): "data_type" | "neurodata_type" {
  return style === "neurodata_type" ? "neurodata_type" : "data_type";
}

/** The type of a builder, when it has one. */
export interface BuilderType {
  type: string;
  /** From the `namespace` attribute; undefined when the builder has none. */
  namespace?: string;
}

/** The type and namespace a builder declares (undefined for untyped builders). */
export function builderType(builder: GroupBuilder | DatasetBuilder): BuilderType | undefined {
  const a = builder.attributes;
  const type = a.data_type ?? a.neurodata_type;
  const text = (v: unknown) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : typeof v === "string" ? v : undefined);
  const t = text(type);
  if (t === undefined || t === "") return undefined;
  return { type: t, namespace: text(a.namespace) };
}

/** The `object_id` a builder carries. */
export function builderObjectId(builder: GroupBuilder | DatasetBuilder): string | undefined {
  const id = builder.attributes.object_id;
  return typeof id === "string" ? id : undefined;
}
