/**
 * Complex, datetime64/timedelta64, raw bytes and sub-array struct arrays against zarr-python
 * (dtypes_extended.py beside this file): what zarr-python 2 (Zarr v2) and 3 (Zarr v3) write reads
 * here value for value, fill values included; the same values written here read in zarr-python
 * to the same values, from the same chunk bytes.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { LocalStore } from "../../../src/store/local.js";
import { nest } from "../../../src/zarr/nested.js";
import { allocate, isNdArray, type ArrayData, type Complex, type DataType, type NdArray } from "../../../src/zarr/dtype.js";
import { ZarrHierarchy } from "../../../src/zarr/hierarchy.js";
import { NO_BYTECODE, pythonOutput, venvPython } from "../../helpers/python.js";
import { REPO_ROOT } from "../../helpers/repo-paths.js";
import { listFiles } from "../../helpers/store-files.js";
import { removeFolder, tempFolder } from "../../helpers/temp-folders.js";

const SCRIPT = join(REPO_ROOT, "test", "unit", "zarr", "dtypes_extended.py");

interface Described {
  dtype: unknown;
  fill: unknown;
  values: unknown[];
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const part = (x: number) => (Number.isFinite(x) ? x : Number.isNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity");
const fromPart = (x: unknown) => (typeof x === "string" ? Number(x) : (x as number));

/** A value as the script prints it. */
function plainValue(dtype: DataType, v: unknown): unknown {
  switch (dtype.kind) {
    case "complex": return [part((v as Complex).re), part((v as Complex).im)];
    case "datetime": case "timedelta": return String(v);
    case "raw": return hex(v as Uint8Array);
    case "struct": {
      const rec = v as Record<string, unknown>;
      return Object.fromEntries(dtype.fields.map((f) => [f.name, f.shape ? nested(rec[f.name] as NdArray) : plainValue(f.type, rec[f.name])]));
    }
    default: return typeof v === "bigint" ? Number(v) : v;
  }
}

/** An NdArray as nested lists (numpy's `tolist()`). */
function nested(a: NdArray): unknown {
  assert.ok(isNdArray(a));
  return nest(Array.from(a.data as ArrayLike<unknown>), a.shape);
}

/** The script's value in this package's form. */
function fromPlain(dtype: DataType, v: unknown): unknown {
  switch (dtype.kind) {
    case "complex": return { re: fromPart((v as unknown[])[0]), im: fromPart((v as unknown[])[1]) };
    case "datetime": case "timedelta": return BigInt(v as string);
    case "raw": return new Uint8Array(Buffer.from(v as string, "hex"));
    case "struct": {
      const rec = v as Record<string, unknown>;
      return Object.fromEntries(dtype.fields.map((f) => [
        f.name,
        f.shape ? { dtype: f.type, shape: f.shape, data: Float32Array.from((rec[f.name] as unknown[]).flat(9) as number[]) } : rec[f.name],
      ]));
    }
    default: return v;
  }
}

/** The values of an array as the script prints them. */
function plain(nd: NdArray): unknown[] {
  return Array.from(nd.data as ArrayLike<unknown>).map((v) => plainValue(nd.dtype, v));
}

for (const [format, venv] of [[2, "v2"], [3, "v3"]] as const) {
  const python = venvPython(venv);
  const skip = existsSync(python) ? false : `SKIP: venv ${venv} missing (bash test/interop/setup-venvs.sh)`;
  const output = (...args: string[]) => pythonOutput(python, ["-W", "ignore", SCRIPT, ...args], { env: NO_BYTECODE });
  const read = (path: string) => JSON.parse(output("read", path)) as Record<string, Described>;

  describe(`complex, datetime, raw and sub-array types and zarr-python ${format} (Zarr v${format})`, { skip }, () => {
    let tmp: string;
    let theirs: string;
    let expected: Record<string, Described>;
    before(() => {
      tmp = tempFolder(`hdmf-zarr-dtypes-v${format}`);
      theirs = join(tmp, "theirs.zarr");
      output("write", theirs);
      expected = read(theirs);
    });
    after(() => removeFolder(tmp));

    it("every array zarr-python wrote reads to exactly the values and fill value zarr-python reads", async () => {
      const h = await ZarrHierarchy.open(new LocalStore(theirs));
      const names = Object.keys(expected);
      assert.equal(names.length, format === 2 ? 11 : 10, names.join(", "));
      for (const name of names) {
        const array = await h.openArray(name);
        const got = await array.get();
        assert.deepEqual(got.shape, [5], name);
        assert.deepEqual(plain(got), expected[name].values, name);
        assert.deepEqual(plainValue(array.dtype, array.metadata.fillValue), expected[name].fill, `${name} fill`);
      }
      // Real values, not zeros: NaT, NaN, a big-endian chunk and a record fill among them.
      assert.equal(expected.M8_ns.values[1], "-9223372036854775808");
      assert.deepEqual(expected.c16_big.values[0], [3, -4]);
      if (format === 2) assert.deepEqual(expected.sub.values[4], { a: [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5]], b: -7 });
    });

    it("the same values written here read in zarr-python to the same values, from the same chunk bytes", async () => {
      const ours = join(tmp, "ours.zarr");
      const src = await ZarrHierarchy.open(new LocalStore(theirs));
      const dest = await ZarrHierarchy.create(new LocalStore(ours), format);
      for (const name of Object.keys(expected)) {
        const meta = (await src.openArray(name)).metadata;
        const array = await dest.createArray(name, { ...meta, attributes: {} });
        const data = allocate(meta.dtype, 3) as unknown as { [i: number]: unknown };
        expected[name].values.slice(0, 3).forEach((v, i) => (data[i] = fromPlain(meta.dtype, v)));
        await array.set([{ start: 0, stop: 3 }], { dtype: meta.dtype, shape: [3], data: data as unknown as ArrayData });
      }
      const back = read(ours);
      for (const name of Object.keys(expected)) {
        assert.deepEqual(back[name].values, expected[name].values, name);
        assert.deepEqual(back[name].fill, expected[name].fill, `${name} fill`);
        assert.deepEqual(back[name].dtype, expected[name].dtype, `${name} dtype`);
        // Chunk 0 is whole and written by both: the same bytes.
        const chunk = format === 2 ? "0" : join("c", "0");
        assert.deepEqual(readFileSync(join(ours, name, chunk)), readFileSync(join(theirs, name, chunk)), `${name}/${chunk}`);
      }
      assert.ok(listFiles(join(ours, "c8")).length >= 2);
    });
  });
}
