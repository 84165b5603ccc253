/**
 * numcodecs `delta` (array → array): stores the first value and then successive differences,
 * computed in `dtype` and cast to `astype`. Decoding is a running sum in `dtype`, wrapping
 * around for integers exactly as numpy's fixed-width arithmetic does.
 */
import { UnsupportedDtypeError, type ErrorLocation } from "../../errors.js";
import { allocate, dtypeName, shapeSize, type DataType, type NdArray } from "../dtype.js";
import { CodecConfig } from "./config.js";
import { parseNumpyTypestr } from "./numpy-typestr.js";
import type { ArrayArrayCodec, ChunkSpec, CodecContext } from "./types.js";

type Numeric = Extract<DataType, { kind: "numeric" }>;
type Indexed = { [i: number]: number | bigint; length: number };

const isBig = (t: Numeric) => t.name === "int64" || t.name === "uint64";

/** Copy values into a new container of `to`, converting between number and bigint as needed. */
function cast(src: Indexed, n: number, to: Numeric): Indexed {
  const out = allocate(to, n) as unknown as Indexed;
  const big = isBig(to);
  for (let i = 0; i < n; i++) {
    const v = src[i];
    if (big) out[i] = typeof v === "bigint" ? v : BigInt(Math.trunc(v as number));
    else out[i] = typeof v === "bigint" ? Number(BigInt.asIntN(64, v)) : v;
  }
  return out;
}

export class DeltaCodec implements ArrayArrayCodec {
  readonly kind = "array-array";
  constructor(
    readonly dtype: Numeric,
    readonly astype: Numeric,
    private readonly where: ErrorLocation,
  ) {}

  static fromConfig(name: string, configuration: Record<string, unknown>, ctx: CodecContext): DeltaCodec {
    const cfg = new CodecConfig(name, configuration, ctx.where);
    const parse = (key: string, fallback?: string): Numeric => {
      const text = cfg.string(key, fallback ?? "");
      if (text === "" && ctx.dtype.kind === "numeric") return ctx.dtype;
      const t = parseNumpyTypestr(text);
      if (!t || t.kind !== "numeric") throw cfg.error(`'${key}' ${JSON.stringify(text)} is not a numeric numpy type`);
      return t;
    };
    const dtype = parse("dtype");
    const astype = cfg.has("astype") ? parse("astype") : dtype;
    return new DeltaCodec(dtype, astype, ctx.where);
  }

  private check(dtype: DataType): Numeric {
    if (dtype.kind !== "numeric" || dtype.name === "float16") {
      throw new UnsupportedDtypeError(`the delta codec needs a numeric (not float16) type, the array is '${dtypeName(dtype)}'`, this.where);
    }
    return dtype;
  }

  encodedSpec(spec: ChunkSpec): ChunkSpec {
    return { ...spec, dtype: this.astype };
  }

  async encode(chunk: NdArray): Promise<NdArray> {
    this.check(chunk.dtype);
    const n = shapeSize(chunk.shape);
    const values = cast(chunk.data as unknown as Indexed, n, this.dtype);
    const diff = allocate(this.dtype, n) as unknown as Indexed;
    // Differences in the working type; storing into its typed array wraps like numpy.
    for (let i = n - 1; i > 0; i--) {
      const a = values[i];
      const b = values[i - 1];
      diff[i] = typeof a === "bigint" ? a - (b as bigint) : (a as number) - (b as number);
    }
    if (n > 0) diff[0] = values[0];
    return { dtype: this.astype, shape: chunk.shape.slice(), data: cast(diff, n, this.astype) as never };
  }

  async decode(chunk: NdArray, spec: ChunkSpec): Promise<NdArray> {
    const target = this.check(spec.dtype);
    const n = shapeSize(chunk.shape);
    const enc = cast(chunk.data as unknown as Indexed, n, this.dtype);
    const out = allocate(this.dtype, n) as unknown as Indexed;
    if (n > 0) out[0] = enc[0];
    // Each partial sum is read back from the typed array, so it wraps (or rounds) in `dtype`.
    for (let i = 1; i < n; i++) {
      const prev = out[i - 1];
      out[i] = typeof prev === "bigint" ? prev + (enc[i] as bigint) : (prev as number) + (enc[i] as number);
    }
    const data = target.name === this.dtype.name ? out : cast(out, n, target);
    return { dtype: spec.dtype, shape: spec.shape.slice(), data: data as never };
  }
}
