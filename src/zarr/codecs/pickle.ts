/**
 * numcodecs `pickle` (array → bytes), read-only: legacy hdmf-zarr (≤ 0.13) stores object arrays
 * (references, compound rows with references) as a pickled numpy object array. Decoding needs
 * `allowPickle: true` and uses the allow-listed unpickler, which never runs code. Writing pickle is
 * refused: write json2 instead, which Python hdmf-zarr reads as well.
 */
import {
  ChunkDecodeError,
  PickleNotAllowedError,
  UnsafePickleError,
  UnsupportedWriteError,
  type ErrorLocation,
} from "../../errors.js";
import { allocate, shapeSize, toNumericValue, type ArrayData, type DataType, type NdArray } from "../dtype.js";
import { setField } from "./packed.js";
import { RefusedGlobal, resolveAllowedGlobal } from "./pickle-globals.js";
import { NumpyArray, NumpyDtype } from "./pickle-numpy.js";
import { PickleFormatError, PyDict, PySet, isCallable, unpickle } from "./unpickler.js";
import type { ArrayBytesCodec, ChunkSpec, CodecContext } from "./types.js";
import { nest } from "../nested.js";

const MAX_DEPTH = 1000;

/**
 * Turn unpickled values into plain JS: dicts → records, sets → arrays, numpy arrays → nested
 * lists, dtypes → their type string. Shared sub-objects are converted once (a stream can
 * reference one object many times), and cycles stay cycles instead of recursing forever.
 */
export function toPlain(value: unknown, seen = new Map<object, unknown>(), depth = 0): unknown {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Uint8Array) return value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  if (depth > MAX_DEPTH) throw new PickleFormatError("pickled value is nested too deeply");
  if (Array.isArray(value) || value instanceof PySet) {
    const items = Array.isArray(value) ? value : value.items;
    const out: unknown[] = [];
    seen.set(value, out);
    for (const it of items) out.push(toPlain(it, seen, depth + 1));
    return out;
  }
  if (value instanceof PyDict) {
    const out: Record<string, unknown> = {};
    seen.set(value, out);
    for (const [k, v] of value.entries) setField(out, typeof k === "string" ? k : String(toPlain(k, seen, depth + 1)), toPlain(v, seen, depth + 1));
    return out;
  }
  if (value instanceof NumpyArray) {
    const flat = Array.from(value.values() as ArrayLike<unknown>, (v) => toPlain(v, seen, depth + 1));
    // An empty array stays [] whatever its shape (nesting [1e9, 0] would build 1e9 empty lists).
    const out = value.shape.length > 0 && flat.length === 0 ? [] : nest(flat, value.shape);
    seen.set(value, out);
    return out;
  }
  if (value instanceof NumpyDtype) return value.str;
  if (isCallable(value)) return value.qualname;
  if (ArrayBuffer.isView(value)) return value;
  // Records made by earlier conversion steps (struct rows).
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const [k, v] of Object.entries(value)) setField(out, k, toPlain(v, seen, depth + 1));
  return out;
}

/** Fit decoded values to the chunk's declared type. */
function toChunkData(values: unknown[], dtype: DataType, n: number): ArrayData {
  if (dtype.kind === "numeric") {
    const out = allocate(dtype, n) as unknown as { [i: number]: unknown };
    for (let i = 0; i < n; i++) out[i] = toNumericValue(dtype.name, values[i] ?? 0);
    return out as ArrayData;
  }
  if (dtype.kind === "struct") {
    // Rows the stream left as tuples (no field names in the pickled dtype) take the declared names.
    return values.map((row) => {
      if (!Array.isArray(row)) return row;
      const rec: Record<string, unknown> = {};
      dtype.fields.forEach((f, i) => setField(rec, f.name, row[i]));
      return rec;
    });
  }
  return values;
}

export class PickleCodec implements ArrayBytesCodec {
  readonly kind = "array-bytes";
  constructor(
    private readonly allowPickle: boolean,
    private readonly where: ErrorLocation,
  ) {}

  static fromConfig(_cfg: Record<string, unknown>, ctx: CodecContext): PickleCodec {
    // Refusal waits until a chunk is read, so the array's metadata can still be opened and shown.
    return new PickleCodec(ctx.allowPickle, ctx.where);
  }

  async encode(_chunk: NdArray): Promise<Uint8Array> {
    throw new UnsupportedWriteError(
      "writing pickle-encoded object arrays is not supported; use the json2 codec (readable by Python hdmf-zarr)",
      this.where,
    );
  }

  async decode(bytes: Uint8Array, spec: ChunkSpec): Promise<NdArray> {
    if (!this.allowPickle) {
      throw new PickleNotAllowedError(
        "this object array is stored with the pickle codec (legacy hdmf-zarr); pass `allowPickle: true` " +
          "to decode it with the built-in allow-listed unpickler (it never runs code from the file)",
        this.where,
      );
    }
    let result: unknown;
    try {
      result = unpickle(bytes, resolveAllowedGlobal);
    } catch (err) {
      if (err instanceof RefusedGlobal) {
        throw new UnsafePickleError(
          `pickle chunk asks for '${err.qualname}', which is not an allowed global; refusing to decode it (possible code execution)`,
          this.where,
        );
      }
      if (err instanceof PickleFormatError) throw new ChunkDecodeError(`pickle chunk: ${err.message}`, this.where, { cause: err });
      throw err;
    }
    const n = shapeSize(spec.shape);
    let values: unknown[];
    try {
      if (result instanceof NumpyArray) {
        const flat = result.values();
        values = Array.from(flat as ArrayLike<unknown>, (v) => toPlain(v));
      } else if (Array.isArray(result)) values = toPlain(result) as unknown[];
      else throw new PickleFormatError("pickle chunk does not hold an array");
    } catch (err) {
      if (err instanceof PickleFormatError) throw new ChunkDecodeError(`pickle chunk: ${err.message}`, this.where, { cause: err });
      throw err;
    }
    if (values.length !== n) {
      throw new ChunkDecodeError(`pickle chunk holds ${values.length} items, expected ${n} (shape [${spec.shape.join(", ")}])`, this.where);
    }
    return { dtype: spec.dtype, shape: spec.shape.slice(), data: toChunkData(values, spec.dtype, n) };
  }
}
