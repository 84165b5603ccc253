/**
 * numcodecs `categorize` (array → array; a Zarr v2 filter, and the object codec of `|O` arrays
 * that use it): text values stored as their 1-based index in `labels` (0 for a value not among
 * them, which reads back as ""), in the integer type `astype`. zarr-python 3 has no such codec:
 * in a Zarr v3 array it is an unknown codec, as there, so a conversion to v3 stores the text with
 * the writer's own codecs. Encoding refuses a value not among the labels (numcodecs would store
 * it as "" silently).
 */
import { UnknownCodecError, UnsupportedDtypeError, UnsupportedWriteError, type ErrorLocation } from "../../errors.js";
import { allocate, dtypeName, integerRange, shapeSize, type DataType, type NdArray } from "../dtype.js";
import { CodecConfig } from "./config.js";
import { asNumber, numericSetting, type Indexed, type Numeric } from "./numpy-arith.js";
import type { ArrayArrayCodec, ChunkSpec, CodecContext, PaddingMask } from "./types.js";

const UINT8: Numeric = { kind: "numeric", name: "uint8", endian: "little" };

/** numcodecs Categorize: `labels`, the text `dtype`, and the integer type `astype` of the codes. */
export class CategorizeCodec implements ArrayArrayCodec {
  readonly kind = "array-array";
  /** Label → code; a label listed twice gets its last code, as numcodecs assigns them in order. */
  private readonly codes = new Map<string, number>();

  constructor(
    readonly name: string,
    readonly labels: readonly string[],
    readonly astype: Numeric,
    private readonly where: ErrorLocation,
  ) {
    labels.forEach((label, i) => this.codes.set(label, i + 1));
  }

  static fromConfig(name: string, configuration: Record<string, unknown>, ctx: CodecContext): CategorizeCodec {
    if (ctx.zarrFormat === 3) {
      throw new UnknownCodecError(`codec '${name}' is a Zarr v2 filter only: zarr-python 3 has no categorize codec, so a Zarr v3 array cannot use it`, ctx.where);
    }
    const cfg = new CodecConfig(name, configuration, ctx.where).only("labels", "dtype", "astype");
    const labels = cfg.raw("labels");
    if (!Array.isArray(labels) || !labels.every((l) => typeof l === "string")) throw cfg.error(`'labels' must be a list of strings, got ${JSON.stringify(labels)}`);
    // `dtype` only says which text type numpy holds ('<U…' or '|O'); the array's type decides here.
    const dtype = cfg.string("dtype", "|O");
    if (!/^([<>|=]?U\d+|\|?O)$/.test(dtype)) throw cfg.error(`'dtype' must be a unicode ('<U…') or object ('|O') type, got ${JSON.stringify(dtype)}`);
    const astype = numericSetting(cfg, "astype", UINT8);
    const range = integerRange(astype.name);
    if (range && BigInt(labels.length) > range[1]) throw cfg.error(`${labels.length} labels do not fit in astype ${astype.name}`);
    return new CategorizeCodec(name, labels, astype, ctx.where);
  }

  private check(dtype: DataType): void {
    if (dtype.kind !== "string" && dtype.kind !== "fixed-utf32") {
      throw new UnsupportedDtypeError(`codec '${this.name}' holds text only, the array is '${dtypeName(dtype)}'`, this.where);
    }
  }

  encodedSpec(spec: ChunkSpec): ChunkSpec {
    return { ...spec, dtype: this.astype, fillValue: 0 };
  }

  async encode(chunk: NdArray, padding?: PaddingMask): Promise<NdArray> {
    this.check(chunk.dtype);
    const n = shapeSize(chunk.shape);
    const values = chunk.data as unknown[];
    const out = allocate(this.astype, n) as unknown as Indexed;
    const big = this.astype.name.endsWith("int64");
    for (let i = 0; i < n; i++) {
      const v = values[i];
      // Padding (never read back) not among the labels is stored as 0, as numcodecs stores it.
      const code = (typeof v === "string" ? this.codes.get(v) : undefined) ?? (v === "" || padding?.[i] ? 0 : undefined);
      if (code === undefined) throw new UnsupportedWriteError(`codec '${this.name}' cannot store ${JSON.stringify(v)}: it is not one of the labels`, this.where);
      out[i] = big ? BigInt(code) : code;
    }
    return { dtype: this.astype, shape: chunk.shape.slice(), data: out as never };
  }

  async decode(chunk: NdArray, spec: ChunkSpec): Promise<NdArray> {
    this.check(spec.dtype);
    // numpy cuts a label to the width of a fixed-length text type.
    const width = spec.dtype.kind === "fixed-utf32" ? spec.dtype.length : undefined;
    const labels = this.labels.map((l) => (width === undefined ? l : Array.from(l).slice(0, width).join("")));
    const n = shapeSize(spec.shape);
    const enc = chunk.data as unknown as Indexed;
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const code = asNumber(enc[i]);
      out[i] = Number.isInteger(code) && code >= 1 && code <= labels.length ? labels[code - 1] : "";
    }
    return { dtype: spec.dtype, shape: spec.shape.slice(), data: out };
  }
}
