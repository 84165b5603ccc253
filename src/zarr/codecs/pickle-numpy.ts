/**
 * The numpy objects a pickled object array is made of: `numpy.dtype` (with its BUILD state),
 * the array rebuilt by `_reconstruct` + BUILD, `_frombuffer` arrays (protocol 5) and
 * `multiarray.scalar` values. Only data is decoded; nothing is called.
 */
import { shapeSize, type ArrayData, type DataType } from "../dtype.js";
import { permuteAxes } from "./nd-layout.js";
import { PackError, readElement, setField, unpackElements } from "./packed.js";
import { PickleFormatError, PyDict, pyInt, type PyStateful } from "./unpickler.js";

/** A numpy dtype as described by a pickle stream. */
export class NumpyDtype implements PyStateful {
  kind: string;
  itemsize: number;
  byteorder = "|";
  names?: string[];
  fields?: Map<string, { dtype: NumpyDtype; offset: number }>;

  constructor(typestr: unknown) {
    const m = typeof typestr === "string" ? /^([<>|=]?)([a-zA-Z])(\d*)/.exec(typestr) : null;
    if (!m) throw new PickleFormatError(`unsupported numpy dtype ${JSON.stringify(typestr)}`);
    if (m[1]) this.byteorder = m[1];
    this.kind = m[2];
    const n = m[3] === "" ? 0 : Number(m[3]);
    // The constructor argument counts characters for 'U'; BUILD state then gives the byte size.
    this.itemsize = this.kind === "U" ? n * 4 : n;
  }

  setState(state: unknown): void {
    if (!Array.isArray(state) || state.length < 6) return;
    if (typeof state[1] === "string") this.byteorder = state[1];
    const names = state[3];
    const fields = state[4];
    if (Array.isArray(names) && fields instanceof PyDict) {
      this.names = names.map(String);
      this.fields = new Map();
      for (const name of this.names) {
        const f = fields.entries.get(name);
        if (!Array.isArray(f) || !(f[0] instanceof NumpyDtype) || typeof f[1] !== "number") {
          throw new PickleFormatError(`numpy dtype field '${name}' is malformed`);
        }
        this.fields.set(name, { dtype: f[0], offset: f[1] });
      }
    }
    if (typeof state[5] === "number" && state[5] > 0) this.itemsize = state[5];
  }

  /** numpy's `dtype.str`, e.g. `<f8`, `|O`. */
  get str(): string {
    const order = this.itemsize <= 1 && this.kind !== "U" ? "|" : this.byteorder === "=" ? "<" : this.byteorder;
    return this.kind === "O" ? "|O" : `${order}${this.kind}${this.kind === "U" ? this.itemsize / 4 : this.itemsize}`;
  }

  /** Whether values of this type are Python objects (alone or inside struct fields). */
  get hasObjects(): boolean {
    if (this.kind === "O") return true;
    return this.fields ? [...this.fields.values()].some((f) => f.dtype.hasObjects) : false;
  }

  /** The packed-element type, for decoding raw bytes; undefined for objects and unknown kinds. */
  toDataType(): DataType | undefined {
    const endian = this.byteorder === ">" ? "big" : "little";
    const size = this.itemsize;
    if (!(size > 0)) return undefined; // zero-size items would let a tiny buffer claim any length
    switch (this.kind) {
      case "b": return { kind: "bool" };
      case "i": case "u": case "f": {
        const name = `${this.kind === "i" ? "int" : this.kind === "u" ? "uint" : "float"}${size * 8}`;
        const ok = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16", "float32", "float64"];
        return ok.includes(name) ? { kind: "numeric", name: name as "int8", endian } : undefined;
      }
      case "S": return { kind: "fixed-bytes", length: size };
      case "U": return { kind: "fixed-utf32", length: size / 4, endian };
      case "V": {
        if (!this.fields || !this.names) return undefined;
        const fields = [];
        for (const name of this.names) {
          const f = this.fields.get(name)!;
          const type = f.dtype.toDataType();
          if (!type) return undefined;
          fields.push({ name, type, offset: f.offset });
        }
        return { kind: "struct", fields, size };
      }
      default: return undefined;
    }
  }
}

/** 64-bit integers become numbers when exact, like other Python ints. */
function normaliseScalar(v: unknown): unknown {
  return typeof v === "bigint" ? pyInt(v) : v;
}

/** Bytes of a pickled buffer argument (bytes, or a latin-1 str from old protocols). */
export function bufferBytes(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === "string") {
    const out = new Uint8Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = v.charCodeAt(i) & 0xff;
    return out;
  }
  throw new PickleFormatError("numpy data is neither bytes nor text");
}

/** `numpy.core.multiarray.scalar(dtype, data)`: one value. */
export function numpyScalar(dtype: unknown, data: unknown): unknown {
  if (!(dtype instanceof NumpyDtype)) throw new PickleFormatError("numpy scalar without a dtype");
  if (dtype.kind === "O") return data;
  const type = dtype.toDataType();
  const bytes = bufferBytes(data);
  if (!type) return bytes;
  if (bytes.length < dtype.itemsize) throw new PickleFormatError("numpy scalar data is too short");
  try {
    return normaliseScalar(readElement(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, type));
  } catch (err) {
    if (err instanceof PackError) throw new PickleFormatError(err.message);
    throw err;
  }
}

/** A numpy array rebuilt from a pickle: `_reconstruct(ndarray, (0,), b'b')` then BUILD. */
export class NumpyArray implements PyStateful {
  shape: number[] = [0];
  dtype?: NumpyDtype;
  fortran = false;
  raw: unknown = [];

  setState(state: unknown): void {
    if (!Array.isArray(state)) throw new PickleFormatError("numpy array state is not a tuple");
    // (version, shape, dtype, is_fortran, data); very old streams leave out the version.
    const s = state.length === 5 ? state.slice(1) : state;
    const [shape, dtype, fortran, raw] = s;
    if (!Array.isArray(shape) || !shape.every((n) => typeof n === "number" && Number.isInteger(n) && n >= 0)) {
      throw new PickleFormatError("numpy array shape is malformed");
    }
    if (!(dtype instanceof NumpyDtype)) throw new PickleFormatError("numpy array state has no dtype");
    this.shape = shape as number[];
    this.dtype = dtype;
    this.fortran = fortran === true || fortran === 1;
    this.raw = raw;
  }

  /** Values in C order: typed array for plain numeric data, otherwise a list (struct rows as records). */
  values(): ArrayData {
    const dtype = this.dtype;
    const n = shapeSize(this.shape);
    if (!dtype) throw new PickleFormatError("numpy array was never given its state");
    if (Array.isArray(this.raw)) {
      if (this.raw.length !== n) throw new PickleFormatError(`numpy array holds ${this.raw.length} items, its shape needs ${n}`);
      // Rows of a structured type arrive as tuples: name them by the dtype's fields.
      if (dtype.names) return this.raw.map((row) => (Array.isArray(row) ? recordOf(dtype.names!, row) : row));
      return this.raw;
    }
    const type = dtype.toDataType();
    if (!type) throw new PickleFormatError(`numpy arrays of type '${dtype.str}' are not supported`);
    const bytes = bufferBytes(this.raw);
    let values: ArrayData;
    try {
      values = unpackElements(bytes, type, n);
    } catch (err) {
      if (err instanceof PackError) throw new PickleFormatError(`numpy array data: ${err.message}`);
      throw err;
    }
    // Fortran-ordered data is the C order of the reversed shape.
    if (this.fortran && this.shape.length > 1) {
      const rev = [...this.shape].reverse();
      values = permuteAxes(values, rev, rev.map((_, i) => rev.length - 1 - i));
    }
    return values;
  }
}

function recordOf(names: string[], row: unknown[]): Record<string, unknown> {
  const rec: Record<string, unknown> = {};
  names.forEach((name, i) => setField(rec, name, row[i]));
  return rec;
}

/** `numpy.core.numeric._frombuffer(buf, dtype, shape, order)` (protocol 5 arrays). */
export function numpyFromBuffer(buf: unknown, dtype: unknown, shape: unknown, order: unknown): NumpyArray {
  const a = new NumpyArray();
  a.setState([1, shape, dtype, order === "F", bufferBytes(buf)]);
  return a;
}
