/**
 * Every codec's decoder, through the codec pipeline as arrays use it: a random chunk is encoded
 * with a valid chain, then the stored bytes are damaged (flips, cuts, insertions, words written
 * over length fields) or replaced by random bytes, and decoded. Undamaged bytes must decode to
 * the chunk; damaged ones to a chunk of the right shape, or a typed error.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { CodecPipeline } from "../../../src/zarr/codecs/index.js";
import type { CodecJSON } from "../../../src/zarr/codecs/types.js";
import type { ArrayData, DataType } from "../../../src/zarr/dtype.js";
import { byteMutation, mutateBytes, product, typedOr, type ByteMutation, type Target } from "./common.js";

const WHERE = { store: "fuzz://codecs", path: "/data" };

type Numeric = "int8" | "uint8" | "int16" | "uint16" | "int32" | "uint32" | "int64" | "float32" | "float64";
const num = (name: Numeric, endian: "little" | "big" = "little"): DataType => ({ kind: "numeric", name, endian });

interface CodecCase {
  label: string;
  codecs: CodecJSON[];
  dtype: DataType;
  /** Rank of the chunk (2 for the transpose case). */
  rank?: 1 | 2;
}

const BYTES: CodecJSON = { name: "bytes", configuration: { endian: "little" } };
const CNAMES = ["blosclz", "lz4", "lz4hc", "zlib", "zstd"];
const SHUFFLES = ["noshuffle", "shuffle", "bitshuffle"];

/** The chains under test; blosc once per compressor and shuffle. */
export const CASES: CodecCase[] = [
  { label: "gzip", codecs: [BYTES, { name: "gzip", configuration: { level: 1 } }], dtype: num("int32") },
  { label: "zlib", codecs: [BYTES, { name: "numcodecs.zlib", configuration: { level: 1 } }], dtype: num("uint16") },
  { label: "zstd", codecs: [BYTES, { name: "zstd", configuration: { level: 1, checksum: false } }], dtype: num("int32") },
  ...CNAMES.flatMap((cname) =>
    SHUFFLES.map((shuffle) => ({
      label: `blosc ${cname} ${shuffle}`,
      codecs: [BYTES, { name: "blosc", configuration: { cname, clevel: 5, shuffle, typesize: 4, blocksize: 0 } }],
      dtype: num("float32"),
    })),
  ),
  { label: "blosc (v2 id, typesize 8)", codecs: [BYTES, { name: "numcodecs.blosc", configuration: { cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 } }], dtype: num("float64") },
  { label: "lz4", codecs: [BYTES, { name: "numcodecs.lz4", configuration: { acceleration: 1 } }], dtype: num("int32") },
  { label: "shuffle", codecs: [BYTES, { name: "numcodecs.shuffle", configuration: { elementsize: 4 } }], dtype: num("int32") },
  { label: "shuffle+zlib", codecs: [BYTES, { name: "numcodecs.shuffle", configuration: { elementsize: 8 } }, { name: "numcodecs.zlib", configuration: { level: 1 } }], dtype: num("int64") },
  { label: "delta", codecs: [{ name: "numcodecs.delta", configuration: { dtype: "<i4" } }, BYTES], dtype: num("int32") },
  { label: "delta int64+gzip", codecs: [{ name: "numcodecs.delta", configuration: { dtype: "<i8" } }, BYTES, { name: "gzip", configuration: { level: 1 } }], dtype: num("int64") },
  { label: "bytes big-endian", codecs: [{ name: "bytes", configuration: { endian: "big" } }], dtype: num("int64", "big") },
  { label: "bytes float64", codecs: [BYTES], dtype: num("float64") },
  { label: "endian (draft name)", codecs: [{ name: "endian", configuration: { endian: "little" } }], dtype: num("uint8") },
  { label: "bytes bool", codecs: [{ name: "bytes" }], dtype: { kind: "bool" } },
  { label: "crc32c", codecs: [BYTES, { name: "crc32c" }], dtype: num("int16") },
  { label: "crc32c+gzip", codecs: [BYTES, { name: "crc32c" }, { name: "gzip", configuration: { level: 1 } }], dtype: num("uint32") },
  { label: "vlen-utf8", codecs: [{ name: "vlen-utf8" }], dtype: { kind: "string" } },
  { label: "vlen-utf8+zstd", codecs: [{ name: "vlen-utf8" }, { name: "zstd", configuration: { level: 1, checksum: false } }], dtype: { kind: "string" } },
  { label: "vlen-bytes", codecs: [{ name: "vlen-bytes" }], dtype: { kind: "bytes" } },
  { label: "vlen-bytes+gzip", codecs: [{ name: "numcodecs.vlen-bytes" }, { name: "gzip", configuration: { level: 1 } }], dtype: { kind: "bytes" } },
  { label: "json2", codecs: [{ name: "numcodecs.json2" }], dtype: { kind: "object" } },
  { label: "json2+blosc", codecs: [{ name: "json2" }, { name: "blosc", configuration: { cname: "zstd", clevel: 3, shuffle: "noshuffle", typesize: 1, blocksize: 0 } }], dtype: { kind: "object" } },
  { label: "transpose+gzip", codecs: [{ name: "transpose", configuration: { order: [1, 0] } }, BYTES, { name: "gzip", configuration: { level: 1 } }], dtype: num("int16"), rank: 2 },
];

const TYPED: Record<Numeric, (n: number) => fc.Arbitrary<ArrayData>> = {
  int8: (n) => fc.int8Array({ minLength: n, maxLength: n }),
  uint8: (n) => fc.uint8Array({ minLength: n, maxLength: n }),
  int16: (n) => fc.int16Array({ minLength: n, maxLength: n }),
  uint16: (n) => fc.uint16Array({ minLength: n, maxLength: n }),
  int32: (n) => fc.int32Array({ minLength: n, maxLength: n }),
  uint32: (n) => fc.uint32Array({ minLength: n, maxLength: n }),
  int64: (n) => fc.bigInt64Array({ minLength: n, maxLength: n }),
  float32: (n) => fc.float32Array({ minLength: n, maxLength: n }),
  float64: (n) => fc.float64Array({ minLength: n, maxLength: n }),
};

/** Random chunk data of `n` elements of `dtype`; small ranges too, so compressors have something to find. */
function values(dtype: DataType, n: number): fc.Arbitrary<ArrayData> {
  switch (dtype.kind) {
    case "numeric": {
      const name = dtype.name as Numeric;
      if (name === "int32" || name === "int16") {
        // A low-entropy variant compresses well and exercises back-references.
        const Ctor = name === "int32" ? Int32Array : Int16Array;
        return fc.oneof(TYPED[name](n), fc.array(fc.integer({ min: -3, max: 3 }), { minLength: n, maxLength: n }).map((a) => Ctor.from(a)));
      }
      return TYPED[name](n);
    }
    case "bool":
      return fc.array(fc.boolean(), { minLength: n, maxLength: n });
    case "string":
      return fc.array(fc.string({ unit: "binary", maxLength: 12 }), { minLength: n, maxLength: n });
    case "bytes":
      return fc.array(fc.uint8Array({ maxLength: 12 }), { minLength: n, maxLength: n });
    default:
      return fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null), fc.boolean()), { minLength: n, maxLength: n });
  }
}

export type Damage = { kind: "none" } | { kind: "mutate"; mutations: ByteMutation[] } | { kind: "random"; bytes: Uint8Array };

export const damage: fc.Arbitrary<Damage> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: "none" as const }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("mutate" as const), mutations: fc.array(byteMutation, { minLength: 1, maxLength: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("random" as const), bytes: fc.uint8Array({ maxLength: 600 }) }) },
);

export function applyDamage(bytes: Uint8Array, d: Damage): Uint8Array {
  return d.kind === "none" ? bytes : d.kind === "random" ? d.bytes : mutateBytes(bytes, d.mutations);
}

interface Input {
  which: number;
  shape: number[];
  data: ArrayData;
  damage: Damage;
}

/** Plain values for comparison (typed arrays and bytes as arrays). */
function plain(data: ArrayData): unknown[] {
  return Array.from(data as ArrayLike<unknown>, (v) => (v instanceof Uint8Array ? Array.from(v) : v));
}

export const codecsTarget: Target<CodecCase[], Input> = {
  async setup(extra) {
    const only = extra.cases as string[] | undefined;
    return only ? CASES.filter((c) => only.includes(c.label)) : CASES;
  },
  arbitrary(cases) {
    return fc
      .record({ which: fc.nat({ max: cases.length - 1 }), rows: fc.integer({ min: 1, max: 4 }), n: fc.integer({ min: 1, max: 40 }) })
      .chain(({ which, rows, n }) => {
        const shape = cases[which].rank === 2 ? [rows, n] : [n];
        return fc.record({ which: fc.constant(which), shape: fc.constant(shape), data: values(cases[which].dtype, product(shape)), damage });
      });
  },
  async check(cases, input) {
    const c = cases[input.which];
    const ctx = { dtype: c.dtype, chunkShape: input.shape, zarrFormat: 3 as const, allowPickle: false, where: WHERE };
    const pipeline = CodecPipeline.create(c.codecs, ctx);
    const spec = { shape: input.shape, dtype: c.dtype, fillValue: null };
    const encoded = await pipeline.encode({ dtype: c.dtype, shape: input.shape, data: input.data });
    const stored = applyDamage(encoded, input.damage);
    const outcome = await typedOr(
      () => pipeline.decode(stored, spec),
      (chunk) => {
        assert.deepEqual(chunk.shape, input.shape, `${c.label}: decoded shape`);
        assert.equal(chunk.data.length, product(input.shape), `${c.label}: decoded length`);
        if (input.damage.kind === "none") assert.deepEqual(plain(chunk.data), plain(input.data), `${c.label}: round trip`);
      },
    );
    if (input.damage.kind === "none") assert.equal(outcome, "ok", `${c.label}: undamaged bytes must decode`);
    return outcome;
  },
};
