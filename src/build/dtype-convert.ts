/**
 * The dtype a dataset is written with, decided as hdmf's ObjectMapper decides it: a spec dtype is a
 * minimum — data of a wider type of the same kind keeps its type (a spec `float32` column of JS
 * numbers is written float64, a spec `int` column int64), a narrower one is converted to the spec's.
 * JS numbers count as int64 when all are integers, else float64 (what numpy makes of Python values).
 * Also: dimension labels from the spec's `dims` for the data's shape.
 */
import { flatten, isNdArray, type BuilderDtype, type CompoundField } from "../data/index.js";
import { inferClass } from "../format/values.js";
import type { DatasetSpec } from "../spec/model/dataset-spec.js";
import { storageDtypeName } from "../spec/model/dtype-names.js";
import { isCompound, isReference, type Dtype } from "../spec/model/dtype-spec.js";
import { dimsOptions, shapeOptions } from "../spec/model/shape.js";

/**
 * The numeric type of some data, as the writer infers it without a spec dtype (typed arrays and
 * typed-array rows keep their type); undefined for non-numeric, empty or undecidable data.
 */
export function givenNumericType(data: unknown): string | undefined {
  if (isNdArray(data)) return data.dtype.kind === "numeric" ? data.dtype.name : undefined;
  try {
    const cls = inferClass(flatten(data, {}), {});
    return cls.kind === "numeric" ? cls.name : undefined;
  } catch {
    return undefined; // the writer reports it, with the dataset's path
  }
}

const bits = (name: string) => Number(/\d+$/.exec(name)?.[0] ?? 0);
const base = (name: string) => name.replace(/\d+$/, "");

/** hdmf's rule for a given numeric type against a spec's sized numeric type. */
export function resolveNumeric(given: string, specified: string): string {
  if (given === specified) return specified;
  if (bits(given) <= bits(specified)) return specified;
  if (base(given) === base(specified)) return given;
  if (base(specified) === "uint") return `uint${bits(given)}`;
  if (base(specified) === "float") return `float${Math.max(bits(given), 32)}`;
  return `int${bits(given)}`;
}

const SIZED = new Set(["float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]);

/** The builder dtype for a primitive spec dtype name and some data. */
export function primitiveDtype(specName: string, data: unknown): string | undefined {
  const stored = storageDtypeName(specName) ?? specName;
  if (SIZED.has(stored)) {
    const given = givenNumericType(data);
    return given === undefined ? stored : resolveNumeric(given, stored);
  }
  switch (stored) {
    case "numeric": return givenNumericType(data);
    case "utf8": return "text";
    case "isodatetime": return "isodatetime";
    default: return stored; // ascii, bool, object
  }
}

/** The builder dtype of one compound field (references become `object`, text `text`). */
function fieldDtype(d: Dtype): BuilderDtype {
  if (isCompound(d)) return compoundFields(d);
  if (isReference(d)) return "object";
  const stored = storageDtypeName(d) ?? d;
  return stored === "utf8" ? "text" : stored;
}

/** A compound spec dtype as builder fields. */
export function compoundFields(fields: Extract<Dtype, unknown[]>): CompoundField[] {
  return fields.map((f) => ({ name: f.name, dtype: fieldDtype(f.dtype) }));
}

/** The builder dtype of data for a dataset spec (undefined: let the writer infer it). */
export function datasetDtype(spec: DatasetSpec | undefined, data: unknown): BuilderDtype | undefined {
  const d = spec?.dtype;
  if (d === undefined) return undefined;
  if (isReference(d)) return "object";
  if (isCompound(d)) return compoundFields(d);
  return primitiveDtype(d, data);
}

/**
 * Dimension labels for data of a shape, from the spec's `dims`: the one allowed shape the data
 * matches (the one with fewest open lengths when several do); undefined when none does.
 */
export function dimensionLabels(spec: DatasetSpec | undefined, shape: readonly number[]): string[] | undefined {
  if (spec?.shape === undefined || spec.dims === undefined) return undefined;
  const shapes = shapeOptions(spec.shape);
  const dims = dimsOptions(spec.dims);
  let best = -1;
  let bestOpen = Infinity;
  shapes.forEach((s, i) => {
    if (s.length !== shape.length || !s.every((d, j) => d === null || d === shape[j])) return;
    const open = s.filter((d) => d === null).length;
    if (open < bestOpen) {
      best = i;
      bestOpen = open;
    }
  });
  return best < 0 ? undefined : dims[best];
}
