/**
 * Integers beyond 2^53, both ways with the Python reference, in both conventions (hdmf-zarr 0.14
 * with Zarr v3, 0.13 with Zarr v2; python/exact_integers.py): a uint64 array with fill value
 * 2^64 − 1, an int64 array with fill value 2^53 + 1, attributes 9007199254740993,
 * -9223372036854775808 and 2^64 − 1. Python writes, we read every value exactly (the chunks that
 * hold only the fill value are missing, so they are filled from the metadata); we write the same
 * content, and Python's read of our file equals its read of its own.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DatasetBuilder, GroupBuilder, ZarrDataIO, ZarrDataset, ZarrIO } from "../../src/index.js";
import { encodeValue, type Json } from "./ts/case-values.js";
import { tempFolder } from "../helpers/temp-folders.js";
import { venvPython, pythonOutput } from "../helpers/python.js";

const tmp = tempFolder("interop-exact-integers");
after(() => rmSync(tmp, { recursive: true, force: true }));

const U64_MAX = 2n ** 64n - 1n;
const BEYOND = 2n ** 53n + 1n;
const I64_MIN = -(2n ** 63n);

function python(venv: string, command: "write" | "read", store: string): string {
  return pythonOutput(venvPython(venv), [join(__dirname, "python", "exact_integers.py"), command, store], {
    cwd: join(__dirname, "python"), maxBuffer: 16 << 20,
  });
}

/** What we read, in the JSON form exact_integers.py prints. */
async function ourRead(store: string): Promise<Json> {
  const io = new ZarrIO(store, "r");
  const tree = await io.readBuilder();
  const plain = (v: unknown) => encodeValue(v, () => undefined);
  const datasets: Record<string, Json> = {};
  for (const [name, ds] of tree.datasets) {
    const data = ds.data as ZarrDataset;
    const values = await data.get();
    datasets[name] = {
      dtype: values.dtype.kind === "numeric" ? values.dtype.name : values.dtype.kind,
      fill_value: plain(data.array.fillValue),
      attributes: plain(ds.attributes),
      data: plain(values.data),
    };
  }
  await io.close();
  return { attributes: plain(tree.attributes), datasets };
}

/** The content of exact_integers.py, written by us. */
async function ourWrite(store: string, zarrFormat: 2 | 3): Promise<void> {
  const io = new ZarrIO(store, "w", { zarrFormat });
  await io.writeBuilder(new GroupBuilder("root", {
    attributes: { big: BEYOND, min: I64_MIN, u64_max: U64_MAX, list: [BEYOND, 1] },
    datasets: [
      new DatasetBuilder("u", new ZarrDataIO(BigUint64Array.of(U64_MAX, U64_MAX, 1n, 2n), { chunks: [2], fillvalue: U64_MAX }), { attributes: { offset: BEYOND } }),
      new DatasetBuilder("i", new ZarrDataIO(BigInt64Array.of(BEYOND, BEYOND, I64_MIN, 5n), { chunks: [2], fillvalue: BEYOND })),
    ],
  }));
  await io.close();
}

const EXPECTED: Json = {
  attributes: { big: { $int: "9007199254740993" }, min: { $int: "-9223372036854775808" }, u64_max: { $int: "18446744073709551615" }, list: [{ $int: "9007199254740993" }, 1] },
  datasets: {
    u: {
      dtype: "uint64", fill_value: { $int: "18446744073709551615" }, attributes: { offset: { $int: "9007199254740993" } },
      data: [{ $int: "18446744073709551615" }, { $int: "18446744073709551615" }, 1, 2],
    },
    i: {
      dtype: "int64", fill_value: { $int: "9007199254740993" }, attributes: {},
      data: [{ $int: "9007199254740993" }, { $int: "9007199254740993" }, { $int: "-9223372036854775808" }, 5],
    },
  },
};

const conventions = [
  { venv: "v3", format: 3 as const, reader: "hdmf-zarr 0.14 (Zarr v3)", firstChunk: (a: string) => `${a}/c/0`, meta: (a: string) => `${a}/zarr.json` },
  { venv: "v2", format: 2 as const, reader: "hdmf-zarr 0.13 (Zarr v2)", firstChunk: (a: string) => `${a}/0`, meta: (a: string) => `${a}/.zarray` },
];

describe("integers beyond 2^53 with the Python reference", () => {
  for (const c of conventions) {
    const skip = existsSync(venvPython(c.venv)) ? false : `SKIP: venv ${c.venv} missing (bash test/interop/setup-venvs.sh)`;

    it(`${c.reader} writes; we read every value exactly, missing chunks as the exact fill value`, { skip }, async () => {
      const store = join(tmp, `py-v${c.format}.zarr`);
      python(c.venv, "write", store);
      // zarr-python 2 stores chunks that hold only the fill value; without them readers use the fill value
      if (c.format === 2) for (const a of ["u", "i"]) rmSync(join(store, c.firstChunk(a)));
      for (const a of ["u", "i"]) assert.ok(!existsSync(join(store, c.firstChunk(a))), `${c.firstChunk(a)} is not stored`);
      const pythonRead = JSON.parse(python(c.venv, "read", store)) as Json;
      assert.deepEqual(pythonRead, EXPECTED, "Python reads its own file");
      assert.deepEqual(await ourRead(store), pythonRead);
    });

    it(`we write; ${c.reader} reads every value exactly`, { skip }, async () => {
      const store = join(tmp, `ts-v${c.format}.zarr`);
      await ourWrite(store, c.format);
      assert.match(readFileSync(join(store, c.meta("u")), "utf8"), /"fill_value": 18446744073709551615\b/);
      assert.match(readFileSync(join(store, c.meta("i")), "utf8"), /"fill_value": 9007199254740993\b/);
      assert.deepEqual(JSON.parse(python(c.venv, "read", store)), EXPECTED);
      assert.deepEqual(await ourRead(store), EXPECTED);
    });
  }
});
