/**
 * The dtype of in-memory data written without a spec dtype, as hdmf (with pynwb) decides it: the
 * type of the first element (the first row's when rows are typed arrays, as numpy gives hdmf),
 * JS numbers as int64 when all are integers and float64 otherwise, booleans, text, bigints as
 * int64; and with a spec dtype, hdmf's rule (a wider given type is kept). What cannot be written
 * exactly is a typed error. test/interop/dtype-inference.test.ts checks the same forms against pynwb.
 */
import { flatten } from "../../../src/data/index.js";
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { DatasetBuilder, GroupBuilder, InvalidArgumentError, MemoryStore, ZarrIO, type NdArray } from "../../../src/index.js";
import { inferClass } from "../../../src/format/values.js";
import { givenNumericType, primitiveDtype } from "../../../src/build/dtype-convert.js";
import { NWBFile, NWBZarrIO, TimeSeries, loadNwbTypes } from "../../../src/nwb/index.js";
import { FORMATS } from "../../helpers/store-files.js";

const where = { path: "/x" };
const i16 = (...v: number[]) => Int16Array.from(v);
const inferred = (data: unknown) => {
  const cls = inferClass(flatten(data, where), where);
  return cls.kind === "numeric" ? cls.name : cls.kind;
};

/** Each form with the dtype pynwb writes for its numpy equivalent (test/interop checks these against pynwb). */
const FORMS: [string, unknown, string][] = [
  ["Int16Array rows", [i16(1, 2, 3), i16(4, 5, 6)], "int16"],
  ["Uint8Array rows", [Uint8Array.of(1, 2), Uint8Array.of(3, 4)], "uint8"],
  ["Float32Array rows", [Float32Array.of(1.5, 2), Float32Array.of(3, 4)], "float32"],
  ["BigInt64Array rows", [BigInt64Array.of(1n, 2n)], "int64"],
  ["nested arrays of typed arrays", [[i16(1, 2), i16(3, 4)], [i16(5, 6), i16(7, 8)]], "int16"],
  ["empty typed rows", [new Int16Array(0), new Int16Array(0)], "int16"],
  ["a typed array", new Uint16Array([1, 2]), "uint16"],
  ["an empty typed array", new Float32Array(0), "float32"],
  ["number[][] of integers", [[1, 2], [3, 4]], "int64"],
  ["number[][] of integers and floats", [[1, 2.5], [3, 4]], "float64"],
  ["numbers with -0", [1, -0], "float64"],
  ["numbers and booleans (booleans count as 0 and 1)", [1, true, false], "int64"],
  ["boolean[]", [true, false], "bool"],
  ["string[]", ["a", "b"], "text"],
  ["bigint[]", [1n, 2n ** 62n], "int64"],
  ["bigints and integer numbers", [1, 2n], "int64"],
  ["bigints and floats", [1n, 2.5], "float64"],
  ["a number", 3, "int64"],
  ["a bigint", 2n ** 60n, "int64"],
];

describe("dtype inferred from in-memory data (no spec dtype)", () => {
  for (const [name, data, dtype] of FORMS) {
    test(`${name} → ${dtype}`, () => assert.equal(inferred(data), dtype));
  }

  test("forms numpy could not hold exactly are typed errors that say what to give instead", () => {
    // Python: empty lists have no type; [True, 2] becomes [True, True]; 2^53 + 1 as a JS number is already 2^53.
    assert.throws(() => inferred([]), (e: Error) => e instanceof InvalidArgumentError && /empty/.test(e.message));
    assert.throws(() => inferred([[], []]), InvalidArgumentError);
    assert.throws(() => inferred([true, 2]), (e: Error) => e instanceof InvalidArgumentError && /boolean/.test(e.message));
    assert.throws(() => inferred([true, null]), InvalidArgumentError);
    assert.throws(() => inferred([1, 2 ** 53 + 2]), (e: Error) => e instanceof InvalidArgumentError && /bigint/.test(e.message));
  });
});

async function writeRead(format: 2 | 3, data: unknown): Promise<NdArray> {
  const store = new MemoryStore();
  const io = new ZarrIO(store, "w", { zarrFormat: format });
  await io.writeBuilder(new GroupBuilder("root", { datasets: [new DatasetBuilder("x", data)] }));
  await io.close();
  const root = await new ZarrIO(store, "r").readBuilder();
  return (root.datasets.get("x")!.data as { get(): Promise<NdArray> }).get();
}

describe("written without a spec dtype: the inferred type and exact values", () => {
  for (const format of FORMATS) {
    test(`Zarr v${format}: Int16Array rows stay int16, nested typed rows keep their shape`, async () => {
      const rows = await writeRead(format, [i16(1, -2, 3), i16(4, 5, -32768)]);
      assert.deepEqual([rows.dtype, rows.shape, Array.from(rows.data as Int16Array)], [
        { kind: "numeric", name: "int16", endian: "little" }, [2, 3], [1, -2, 3, 4, 5, -32768],
      ]);
      const cube = await writeRead(format, [[Float32Array.of(0.5, 1), Float32Array.of(2, 3)], [Float32Array.of(4, 5), Float32Array.of(6, 7.25)]]);
      assert.deepEqual([cube.dtype, cube.shape, Array.from(cube.data as Float32Array)], [
        { kind: "numeric", name: "float32", endian: "little" }, [2, 2, 2], [0.5, 1, 2, 3, 4, 5, 6, 7.25],
      ]);
    });

    test(`Zarr v${format}: rows of another type must convert exactly to the first row's type`, async () => {
      // hdmf takes int16 from the first row and numpy truncates 1.5 to 1; here that is refused.
      await assert.rejects(writeRead(format, [i16(1, 2), Float32Array.of(1.5, 2)]), (e: Error) => /1\.5 is not an integer \(dtype int16\)/.test(e.message));
      await assert.rejects(writeRead(format, [i16(1, 2), Int32Array.of(70000, 0)]), (e: Error) => /70000 is out of range for int16/.test(e.message));
      const ok = await writeRead(format, [i16(1, 2), [3, 4]]);
      assert.deepEqual([ok.dtype.kind === "numeric" && ok.dtype.name, Array.from(ok.data as Int16Array)], ["int16", [1, 2, 3, 4]]);
    });

    test(`Zarr v${format}: text first makes every value text, as Python's str() writes it`, async () => {
      const text = await writeRead(format, ["a", 1, 2.5, true, 1e20, -0, 2n ** 70n, null]);
      assert.deepEqual(text.data, ["a", "1", "2.5", "True", "1e+20", "-0.0", "1180591620717411303424", "None"]);
    });

    test(`Zarr v${format}: bigints are written exactly or refused`, async () => {
      const big = await writeRead(format, [1n, -(2n ** 63n), 2n ** 63n - 1n]);
      assert.deepEqual(Array.from(big.data as BigInt64Array), [1n, -(2n ** 63n), 2n ** 63n - 1n]);
      const mixed = await writeRead(format, [1n, 2.5]);
      assert.deepEqual([mixed.dtype.kind === "numeric" && mixed.dtype.name, Array.from(mixed.data as Float64Array)], ["float64", [1, 2.5]]);
      await assert.rejects(writeRead(format, [2n ** 53n + 1n, 0.5]), (e: Error) => /9007199254740993 cannot be held exactly by float64/.test(e.message));
      await assert.rejects(writeRead(format, [1, 2n ** 63n]), (e: Error) => /9223372036854775808 is out of range for int64/.test(e.message));
    });
  }
});

describe("with a spec dtype (hdmf's ObjectMapper rule)", () => {
  test("the numeric type of nested typed rows is seen", () => {
    assert.equal(givenNumericType([i16(1, 2), i16(3, 4)]), "int16");
    assert.equal(givenNumericType([[Float32Array.of(1)]]), "float32");
    assert.equal(givenNumericType([1, true]), "int64");
    assert.equal(givenNumericType(["a"]), undefined);
    assert.equal(givenNumericType([true]), undefined);
  });

  test("a wider given type is kept, a narrower one takes the spec's", () => {
    assert.equal(primitiveDtype("float32", [Float64Array.of(0.1), Float64Array.of(0.2)]), "float64", "float64 rows are not rounded to float32");
    assert.equal(primitiveDtype("int32", [i16(1), i16(2)]), "int32");
    assert.equal(primitiveDtype("numeric", [i16(1), i16(2)]), "int16");
    assert.equal(primitiveDtype("uint8", [i16(1), i16(2)]), "uint16");
  });
});

test("an NWB TimeSeries given Int16Array rows is written int16, as pynwb writes it", async () => {
  await loadNwbTypes();
  const store = new MemoryStore();
  const file = new NWBFile({ identifier: "id", sessionDescription: "d", sessionStartTime: new Date("2024-01-01T00:00:00Z") });
  file.addAcquisition(new TimeSeries({ name: "x", data: [i16(1, 2, 3), i16(4, 5, 6)], unit: "u", rate: 1 }));
  await new NWBZarrIO(store, "w").write(file);
  const root = await new ZarrIO(store, "r").readBuilder();
  const data = await (root.groups.get("acquisition")!.groups.get("x")!.datasets.get("data")!.data as { get(): Promise<NdArray> }).get();
  assert.deepEqual([data.dtype, data.shape, Array.from(data.data as Int16Array)], [{ kind: "numeric", name: "int16", endian: "little" }, [2, 3], [1, 2, 3, 4, 5, 6]]);
});
