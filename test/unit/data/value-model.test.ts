/**
 * The value model of src/data, one table: each form data can take (scalars, nested lists, typed
 * arrays, NdArrays, a DataIO wrapper, a lazily read array, ragged lists) with what every function
 * says of it — the guards, shapeOf, flatten, nest(flatten), dtypeOf, unwrapData and the strides of
 * its shape. Every layer reads data through these, so a wrong row here is a disagreement there.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  cStrides, DataIOBase, dtypeNameOf, dtypeOf, flatten, isList, isLazyArray, isNdArray, isTypedArray, nest, shapeOf,
  typedArrayDtype, unwrapData, type DataIOSettings, type LazyArray, type NdArray, type ValueDtype,
} from "../../../src/data/index.js";
import { HdmfZarrError, InvalidArgumentError } from "../../../src/errors.js";
import { LazyData } from "../../../src/build/lazy-data.js";
import { ZarrDataset } from "../../../src/format/zarr-dataset.js";
import type { ZarrArray } from "../../../src/zarr/array.js";
import { isNdArray as zarrIsNdArray, type NumericName, type TypedArray } from "../../../src/zarr/dtype.js";
import { cStrides as zarrCStrides } from "../../../src/zarr/indexing.js";

/** The smallest DataIO: values plus settings. */
class TestDataIO extends DataIOBase {
  constructor(readonly data: unknown, private readonly settings: DataIOSettings) {
    super();
  }
  getIoSettings(): DataIOSettings {
    return this.settings;
  }
}

/** A lazily read array that is not any of the package's classes. */
const lazyStandIn: LazyArray = {
  isLazyArray: true,
  shape: [4, 5],
  dtype: "int16",
  size: 20,
  isScalar: false,
  get: async () => ({ dtype: { kind: "numeric", name: "int16", endian: "little" }, shape: [4, 5], data: new Int16Array(20) }),
};

/** An error expected by class and message fragment. */
interface Fails {
  error: typeof HdmfZarrError;
  message: RegExp;
}

interface Row {
  name: string;
  data: unknown;
  /** Which guards say yes (the rest say no). */
  is: ("nd" | "typed" | "list" | "lazy" | "dataIO")[];
  shape: number[];
  /** flatten: shape, values, the typed array's class, the type of typed rows; or the error. */
  flat: { shape: number[]; values: unknown[]; typed?: string; rowType?: NumericName } | Fails;
  /** nest(flatten(data)): the values back in the shape. */
  nested?: unknown;
  dtype: ValueDtype | Fails;
  /** unwrapData: what comes out when it is not the data itself with no settings. */
  unwrapped?: { data: unknown; settings: DataIOSettings };
  strides: number[];
}

const i16 = (...v: number[]) => Int16Array.from(v);
const empty: Fails = { error: InvalidArgumentError, message: /cannot determine the dtype of empty data/ };
const inner2d = [[1, 2], [3, 4]];
const nd = (dtype: NdArray["dtype"], shape: number[], data: NdArray["data"]): NdArray => ({ dtype, shape, data });

const ROWS: Row[] = [
  { name: "a number", data: 3, is: [], shape: [], flat: { shape: [], values: [3] }, nested: 3, dtype: { kind: "numeric", name: "int64" }, strides: [] },
  { name: "a float", data: 2.5, is: [], shape: [], flat: { shape: [], values: [2.5] }, nested: 2.5, dtype: { kind: "numeric", name: "float64" }, strides: [] },
  { name: "a string", data: "abc", is: [], shape: [], flat: { shape: [], values: ["abc"] }, nested: "abc", dtype: { kind: "text" }, strides: [] },
  { name: "a bigint", data: 2n ** 60n, is: [], shape: [], flat: { shape: [], values: [2n ** 60n] }, nested: 2n ** 60n, dtype: { kind: "numeric", name: "int64" }, strides: [] },
  { name: "a boolean", data: true, is: [], shape: [], flat: { shape: [], values: [true] }, nested: true, dtype: { kind: "bool" }, strides: [] },
  { name: "null", data: null, is: [], shape: [], flat: { shape: [], values: [null] }, nested: null, dtype: empty, strides: [] },
  {
    name: "a record", data: { a: 1 }, is: [], shape: [], flat: { shape: [], values: [{ a: 1 }] }, nested: { a: 1 },
    dtype: { error: InvalidArgumentError, message: /cannot infer a dtype for values like \{"a":1\}/ }, strides: [],
  },
  { name: "1-D list", data: [1, 2.5, 3], is: ["list"], shape: [3], flat: { shape: [3], values: [1, 2.5, 3] }, nested: [1, 2.5, 3], dtype: { kind: "numeric", name: "float64" }, strides: [1] },
  {
    name: "2-D list", data: [[1, 2, 3], [4, 5, 6]], is: ["list"], shape: [2, 3], flat: { shape: [2, 3], values: [1, 2, 3, 4, 5, 6] },
    nested: [[1, 2, 3], [4, 5, 6]], dtype: { kind: "numeric", name: "int64" }, strides: [3, 1],
  },
  {
    name: "3-D list of strings", data: [[["a", "b"], ["c", "d"]], [["e", "f"], ["g", "h"]]], is: ["list"], shape: [2, 2, 2],
    flat: { shape: [2, 2, 2], values: ["a", "b", "c", "d", "e", "f", "g", "h"] }, nested: [[["a", "b"], ["c", "d"]], [["e", "f"], ["g", "h"]]],
    dtype: { kind: "text" }, strides: [4, 2, 1],
  },
  { name: "an empty list", data: [], is: ["list"], shape: [0], flat: { shape: [0], values: [] }, nested: [], dtype: empty, strides: [1] },
  { name: "a list of empty lists", data: [[], []], is: ["list"], shape: [2, 0], flat: { shape: [2, 0], values: [] }, nested: [[], []], dtype: empty, strides: [0, 1] },
  {
    name: "booleans mixed with a number", data: [true, 2], is: ["list"], shape: [2], flat: { shape: [2], values: [true, 2] }, nested: [true, 2],
    dtype: { error: InvalidArgumentError, message: /a boolean dataset cannot hold 2/ }, strides: [1],
  },
  {
    name: "an integer beyond 2^53", data: [1, 2 ** 53 + 2], is: ["list"], shape: [2], flat: { shape: [2], values: [1, 2 ** 53 + 2] }, nested: [1, 2 ** 53 + 2],
    dtype: { error: InvalidArgumentError, message: /beyond 2\^53.*give it as a bigint/ }, strides: [1],
  },
  {
    name: "Float64Array", data: Float64Array.of(1.5, -2), is: ["typed", "list"], shape: [2], flat: { shape: [2], values: [1.5, -2], typed: "Float64Array" },
    nested: [1.5, -2], dtype: { kind: "numeric", name: "float64" }, strides: [1],
  },
  {
    name: "Int16Array", data: i16(1, -2, 3), is: ["typed", "list"], shape: [3], flat: { shape: [3], values: [1, -2, 3], typed: "Int16Array" },
    nested: [1, -2, 3], dtype: { kind: "numeric", name: "int16" }, strides: [1],
  },
  {
    name: "Uint8Array of bytes", data: Uint8Array.of(104, 105), is: ["typed", "list"], shape: [2], flat: { shape: [2], values: [104, 105], typed: "Uint8Array" },
    nested: [104, 105], dtype: { kind: "numeric", name: "uint8" }, strides: [1],
  },
  {
    name: "rows of Int16Array", data: [i16(1, 2, 3), i16(4, 5, 6)], is: ["list"], shape: [2, 3],
    flat: { shape: [2, 3], values: [1, 2, 3, 4, 5, 6], rowType: "int16" }, nested: [[1, 2, 3], [4, 5, 6]], dtype: { kind: "numeric", name: "int16" }, strides: [3, 1],
  },
  {
    name: "NdArray 0-d", data: nd({ kind: "numeric", name: "float64", endian: "little" }, [], Float64Array.of(7)), is: ["nd"], shape: [],
    flat: { shape: [], values: [7], typed: "Float64Array" }, nested: 7, dtype: { kind: "numeric", name: "float64" }, strides: [],
  },
  {
    name: "NdArray 1-d", data: nd({ kind: "numeric", name: "int32", endian: "little" }, [3], Int32Array.of(1, 2, 3)), is: ["nd"], shape: [3],
    flat: { shape: [3], values: [1, 2, 3], typed: "Int32Array" }, nested: [1, 2, 3], dtype: { kind: "numeric", name: "int32" }, strides: [1],
  },
  {
    name: "NdArray 2-d of text", data: nd({ kind: "string" }, [2, 2], ["a", "b", "c", "d"]), is: ["nd"], shape: [2, 2],
    flat: { shape: [2, 2], values: ["a", "b", "c", "d"] }, nested: [["a", "b"], ["c", "d"]], dtype: { kind: "text" }, strides: [2, 1],
  },
  {
    name: "NdArray of byte strings", data: nd({ kind: "bytes" }, [2], [Uint8Array.of(1), Uint8Array.of(2, 3)]), is: ["nd"], shape: [2],
    flat: { shape: [2], values: [Uint8Array.of(1), Uint8Array.of(2, 3)] }, nested: [Uint8Array.of(1), Uint8Array.of(2, 3)], dtype: { kind: "bytes" }, strides: [1],
  },
  {
    name: "a DataIO wrapper", data: new TestDataIO(inner2d, { chunks: [1, 2], linkData: false }), is: ["dataIO"], shape: [2, 2],
    flat: { shape: [2, 2], values: [1, 2, 3, 4] }, nested: [[1, 2], [3, 4]], dtype: { kind: "numeric", name: "int64" },
    unwrapped: { data: inner2d, settings: { chunks: [1, 2], linkData: false } }, strides: [2, 1],
  },
  {
    name: "a lazily read array", data: lazyStandIn, is: ["lazy"], shape: [4, 5],
    flat: { error: InvalidArgumentError, message: /read lazily from a file has no values in memory/ },
    dtype: { error: InvalidArgumentError, message: /read lazily from a file has no values in memory/ }, strides: [5, 1],
  },
  {
    name: "ragged: a shorter row", data: [[1, 2], [3]], is: ["list"], shape: [2, 2],
    flat: { error: InvalidArgumentError, message: /expected length 2 at depth 1/ },
    dtype: { error: InvalidArgumentError, message: /expected length 2 at depth 1/ }, strides: [2, 1],
  },
  {
    name: "ragged: a deeper row", data: [[1], [[2]]], is: ["list"], shape: [2, 1],
    flat: { error: InvalidArgumentError, message: /ragged nested lists/ },
    dtype: { error: InvalidArgumentError, message: /ragged nested lists/ }, strides: [1, 1],
  },
];

const fails = (x: object): x is Fails => "error" in x;
const throwsLike = (run: () => unknown, f: Fails) =>
  assert.throws(run, (e: unknown) => e instanceof f.error && f.message.test((e as Error).message));
const where = { path: "/table" };

describe("the value model of in-memory data", () => {
  for (const row of ROWS) {
    describe(row.name, () => {
      test("guards", () => {
        assert.equal(isNdArray(row.data), row.is.includes("nd"));
        assert.equal(isTypedArray(row.data), row.is.includes("typed"));
        assert.equal(isList(row.data), row.is.includes("list"));
        assert.equal(isLazyArray(row.data), row.is.includes("lazy"));
        assert.equal(row.data instanceof DataIOBase, row.is.includes("dataIO"));
      });

      test("shapeOf, and its strides", () => {
        const shape = shapeOf(row.data);
        assert.deepEqual(shape, row.shape);
        assert.deepEqual(cStrides(shape), row.strides);
        shape.push(99); // a fresh list: changing it changes nothing in the data
        assert.deepEqual(shapeOf(row.data), row.shape);
      });

      test("flatten, and nest back", () => {
        if (fails(row.flat)) return throwsLike(() => flatten(row.data, where), row.flat);
        const flat = flatten(row.data, where);
        assert.deepEqual(flat.shape, row.flat.shape);
        assert.deepEqual(flat.shape, row.shape, "flatten and shapeOf agree");
        assert.deepEqual(Array.from(flat.values), row.flat.values);
        assert.equal(flat.typed?.constructor.name, row.flat.typed);
        assert.equal(flat.rowType, row.flat.rowType);
        assert.deepEqual(nest(flat.values, flat.shape), row.nested);
      });

      test("dtypeOf", () => {
        if (fails(row.dtype)) return throwsLike(() => dtypeOf(flatten(row.data, where), where), row.dtype);
        assert.deepEqual(dtypeOf(flatten(row.data, where), where), row.dtype);
      });

      test("unwrapData", () => {
        const { data, settings } = unwrapData(row.data);
        const expected = row.unwrapped ?? { data: row.data, settings: {} };
        assert.equal(data, expected.data);
        assert.deepEqual(settings, expected.settings);
      });
    });
  }
});

describe("one definition each", () => {
  test("isNdArray and cStrides are the Zarr layer's, re-exported", () => {
    assert.equal(isNdArray, zarrIsNdArray);
    assert.equal(cStrides, zarrCStrides);
  });

  test("an NdArray needs a list or typed array of values and a dtype", () => {
    assert.equal(isNdArray({ shape: [1], dtype: { kind: "object" }, data: "x" }), false);
    assert.equal(isNdArray({ shape: [1], data: [1] }), false);
    assert.equal(isNdArray(Float64Array.of(1)), false);
  });

  test("the file's dataset and the dataset field value are both lazy arrays", () => {
    const array = { shape: [3, 2], path: "a/b" } as unknown as ZarrArray;
    const dataset = new ZarrDataset(array, { dtype: "float32", resolve: async () => { throw new Error("no references"); } });
    const lazy = new LazyData(dataset);
    for (const v of [dataset, lazy]) {
      assert.equal(isLazyArray(v), true);
      assert.deepEqual(shapeOf(v), [3, 2]);
      assert.equal(v.size, 6);
      assert.equal(v.dtype, "float32");
    }
    assert.deepEqual(shapeOf(new TestDataIO(lazy, {})), [3, 2]);
  });

  test("nest fills each level in C order, for typed input too", () => {
    assert.deepEqual(nest(Int16Array.of(1, 2, 3, 4, 5, 6), [3, 2]), [[1, 2], [3, 4], [5, 6]]);
    assert.deepEqual(nest([1, 2, 3, 4, 5, 6], [1, 2, 3]), [[[1, 2, 3], [4, 5, 6]]]);
    assert.deepEqual(nest([], [0, 3]), []);
  });

  test("compound rows: a list of rowWidth plain values is one element", () => {
    const flat = flatten([[1, "a"], [2, "b"]], where, 2);
    assert.deepEqual(flat.shape, [2]);
    assert.deepEqual(flat.values, [[1, "a"], [2, "b"]]);
  });

  test("typed array types and hdmf dtype names", () => {
    const cases: [TypedArray | Uint8ClampedArray, NumericName][] = [
      [new BigUint64Array(1), "uint64"], [new Int8Array(1), "int8"], [new Uint16Array(1), "uint16"], [new Uint8ClampedArray(1), "uint8"],
      [new Float32Array(1), "float32"], [new BigInt64Array(1), "int64"], [new Uint32Array(1), "uint32"],
    ];
    for (const [t, name] of cases) assert.equal(typedArrayDtype(t as TypedArray), name, t.constructor.name);
    assert.equal(dtypeNameOf({ kind: "numeric", name: "int16" }), "int16");
    assert.equal(dtypeNameOf({ kind: "text" }), "text");
    assert.equal(dtypeNameOf({ kind: "reference" }), "object");
  });
});
