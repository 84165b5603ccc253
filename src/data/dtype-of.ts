/**
 * The dtype of in-memory values written without a spec dtype, as hdmf infers it: the type of the
 * first element (numpy converts the rest to it). References are the format layer's to find
 * (`inferClass` in src/format/values.ts): this module knows only plain values.
 */
import { InvalidArgumentError, type ErrorLocation } from "../errors.js";
import type { NumericName } from "../zarr/dtype.js";
import { jsonText } from "../zarr/json-values.js";
import type { FlatData } from "./flatten.js";
import { typedArrayDtype } from "./guards.js";

/** The kind of some values, with the numeric type for numbers. */
export type ValueDtype =
  | { kind: "numeric"; name: NumericName }
  | { kind: "bool" }
  | { kind: "text" }
  | { kind: "bytes" };

/** The first element that is neither null nor undefined (undefined when there is none). */
export function firstValue(values: ArrayLike<unknown>): unknown {
  for (let i = 0; i < values.length; i++) if (values[i] !== undefined && values[i] !== null) return values[i];
  return undefined;
}

/**
 * The dtype of flat values. Typed values (and typed-array rows, as numpy gives hdmf the first
 * row's type) keep their type. Otherwise the first element decides, with two differences where JS
 * and Python values differ: JS numbers carry no int/float distinction, so all of them decide
 * (int64 when every one is an integer, else float64; hdmf would make [1, 2.5] int64 [1, 2]), and
 * what numpy would change silently is refused.
 * @throws InvalidArgumentError for empty data, booleans mixed with other values, integers beyond
 * 2^53, and values of no known kind (objects, references: the format layer checks those first).
 */
export function dtypeOf(flat: FlatData, where: ErrorLocation = {}): ValueDtype {
  if (flat.typed) return { kind: "numeric", name: typedArrayDtype(flat.typed) };
  if (flat.rowType) return { kind: "numeric", name: flat.rowType };
  const values = flat.values;
  const first = firstValue(values);
  if (first === undefined) throw new InvalidArgumentError("cannot determine the dtype of empty data; give a dtype", where);
  if (typeof first === "string") return { kind: "text" };
  if (first instanceof Uint8Array) return { kind: "bytes" };
  if (typeof first === "boolean") {
    // numpy would turn [true, 2] into [true, true]
    const other = Array.prototype.find.call(values, (v) => typeof v !== "boolean");
    if (other !== undefined) {
      throw new InvalidArgumentError(`a boolean dataset cannot hold ${jsonText(other)}: numpy would turn it into a boolean; give only booleans, or a dtype`, where);
    }
    return { kind: "bool" };
  }
  if (typeof first === "number" || typeof first === "bigint") return { kind: "numeric", name: numbersDtype(values, where) };
  throw new InvalidArgumentError(`cannot infer a dtype for values like ${jsonText(first)}; give a dtype`, where);
}

/** int64 when every number is an integer (bigints and booleans count as integers), else float64. */
function numbersDtype(values: ArrayLike<unknown>, where: ErrorLocation): NumericName {
  let unsafe: number | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number") continue; // bigints and booleans are integers; anything else the writer refuses
    if (!Number.isInteger(v) || Object.is(v, -0)) return "float64";
    if (unsafe === undefined && !Number.isSafeInteger(v)) unsafe = v;
  }
  if (unsafe !== undefined) {
    throw new InvalidArgumentError(
      `${unsafe} is an integer beyond 2^53, which a JS number cannot hold exactly (9007199254740993 reads as 9007199254740992): ` +
      "give it as a bigint for int64, or the data as a Float64Array for float64", where);
  }
  return "int64";
}

/** The hdmf dtype name of a value dtype (`"int16"`, `"text"` …); `"object"` for references. */
export function dtypeNameOf(dtype: ValueDtype | { kind: "reference" }): string {
  return dtype.kind === "numeric" ? dtype.name : dtype.kind === "reference" ? "object" : dtype.kind;
}
