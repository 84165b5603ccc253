/**
 * HDF5 types (h5wasm metadata) → hdmf dtypes and the element types the writer plans with, and
 * h5wasm's values → the values the writer takes (typed arrays, booleans, strings, records).
 */
import type { ErrorLocation } from "../../errors.js";
import type { BuilderDtype, CompoundField } from "../../data/index.js";
import type { DataType, NumericName } from "../../zarr/dtype.js";
import { H5T, type H5Metadata } from "./h5wasm-api.js";
import { UnsupportedHdf5FeatureError } from "./errors.js";

/** What an HDF5 type is, for the writer. */
export type Hdf5Kind =
  | { kind: "numeric"; name: NumericName }
  | { kind: "bool" }
  | { kind: "text" }
  | { kind: "reference" }
  | { kind: "compound"; fields: { name: string; offset: number; size: number; type: Hdf5Kind }[] };

/** Whether an enum is h5py's boolean (FALSE = 0, TRUE = 1). */
function isBoolEnum(meta: H5Metadata): boolean {
  const m = meta.enum_type?.members;
  return !!m && Object.keys(m).length === 2 && m.FALSE === 0 && m.TRUE === 1;
}

function integerName(size: number, signed: boolean): NumericName | undefined {
  const bits = size * 8;
  if (![8, 16, 32, 64].includes(bits)) return undefined;
  return `${signed ? "int" : "uint"}${bits}` as NumericName;
}

/** Classify an HDF5 type; UnsupportedHdf5FeatureError for types hdmf-zarr has no counterpart of. */
export function hdf5Kind(meta: H5Metadata, where: ErrorLocation): Hdf5Kind {
  const unsupported = (what: string) => new UnsupportedHdf5FeatureError(`HDF5 ${what} values have no hdmf-zarr counterpart`, where);
  switch (meta.type) {
    case H5T.INTEGER: {
      const name = integerName(meta.size, meta.signed);
      if (!name) throw unsupported(`${meta.size}-byte integer`);
      return { kind: "numeric", name };
    }
    case H5T.FLOAT:
      // half floats are widened to float32 (the writer has no float16)
      if (meta.size === 8) return { kind: "numeric", name: "float64" };
      if (meta.size === 4 || meta.size === 2) return { kind: "numeric", name: "float32" };
      throw unsupported(`${meta.size}-byte float`);
    case H5T.ENUM: {
      if (isBoolEnum(meta)) return { kind: "bool" };
      const name = integerName(meta.size, meta.signed);
      if (!name) throw unsupported("enum");
      return { kind: "numeric", name };
    }
    case H5T.STRING:
      return { kind: "text" };
    case H5T.REFERENCE:
      if (meta.ref_type === "region") {
        throw new UnsupportedHdf5FeatureError("region references are not supported (hdmf-zarr does not support them either)", where);
      }
      return { kind: "reference" };
    case H5T.COMPOUND:
      return {
        kind: "compound",
        fields: (meta.compound_type?.members ?? []).map((m) => ({
          name: m.name, offset: m.offset, size: m.size, type: hdf5Kind(m, { ...where, path: `${where.path}.${m.name}` }),
        })),
      };
    case H5T.VLEN:
      throw unsupported("variable-length sequence (vlen of non-text)");
    case H5T.ARRAY:
      throw unsupported("array-typed");
    case H5T.OPAQUE:
      throw unsupported("opaque");
    default:
      throw unsupported(`type class ${meta.type}`);
  }
}

/** The hdmf dtype of a kind (`"int16"`, `"text"`, `"bool"`, `"object"`, a compound field list). */
export function builderDtype(kind: Hdf5Kind): BuilderDtype {
  switch (kind.kind) {
    case "numeric": return kind.name;
    case "bool": return "bool";
    case "text": return "text";
    case "reference": return "object";
    case "compound": return kind.fields.map((f): CompoundField => ({ name: f.name, dtype: builderDtype(f.type) }));
  }
}

/** Element size of a plain type (the shuffle element size), or 0 for values that are objects here. */
export function elementSize(kind: Hdf5Kind, meta: H5Metadata): number {
  return kind.kind === "numeric" || kind.kind === "bool" ? meta.size : kind.kind === "compound" && !hasObjects(kind) ? meta.size : 0;
}

/** Whether values of the kind are objects once read (text, references, compounds holding them). */
export function hasObjects(kind: Hdf5Kind): boolean {
  if (kind.kind === "compound") return kind.fields.some((f) => hasObjects(f.type));
  return kind.kind === "text" || kind.kind === "reference";
}

/** The Zarr element type of a numeric or bool kind (the others are planned by the writer). */
export function plainType(kind: Hdf5Kind): DataType | undefined {
  if (kind.kind === "numeric") return { kind: "numeric", name: kind.name, endian: "little" };
  if (kind.kind === "bool") return { kind: "bool" };
  return undefined;
}

const TYPED: Record<NumericName, { new (n: number): ArrayLike<number | bigint>; from(v: ArrayLike<number> | Iterable<number>): unknown }> = {
  int8: Int8Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array as never,
  uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array, uint64: BigUint64Array as never,
  float16: Float32Array, float32: Float32Array, float64: Float64Array,
};

/** Values of a numeric kind as the typed array of its type (h5wasm gives half floats and enums in other arrays). */
export function numericValues(name: NumericName, values: unknown): ArrayLike<number | bigint> {
  const list = (ArrayBuffer.isView(values) || Array.isArray(values) ? values : [values]) as ArrayLike<number | bigint>;
  const want = TYPED[name];
  if (list instanceof (want as unknown as typeof Int8Array)) return list;
  if (name === "int64" || name === "uint64") {
    const out = name === "int64" ? new BigInt64Array(list.length) : new BigUint64Array(list.length);
    for (let i = 0; i < list.length; i++) out[i] = BigInt(list[i]);
    return out;
  }
  const out = new (want as unknown as new (n: number) => { [i: number]: number; length: number })(list.length);
  for (let i = 0; i < list.length; i++) out[i] = Number(list[i]);
  return out as unknown as ArrayLike<number>;
}

/** Text as hdmf reads it: fixed-length strings lose their padding. */
export function textValue(v: unknown): string {
  if (v instanceof Uint8Array) return new TextDecoder().decode(v).replace(/\0+$/, "");
  return String(v ?? "").replace(/\0+$/, "");
}
