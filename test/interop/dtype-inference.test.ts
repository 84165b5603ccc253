/**
 * The dtype of in-memory data, against pynwb, form by form (python/dtype_inference.py holds the
 * forms): Int16Array/Uint8Array/Float32Array rows, nested typed rows, typed arrays, number lists of
 * integers and of integers and floats, booleans, strings, bigints, mixed kinds, empty data. Each
 * form goes into a TimeSeries and a DynamicTable column (no spec dtype) and, when 1-D, DynamicTable
 * ids (spec dtype int); pynwb writes its Python equivalent and we write ours, and Python's read of
 * our file must equal its read of its own: same dtype, shape and values. Forms that pynwb refuses,
 * or writes with other values than it was given, we refuse with a typed error. Both conventions:
 * pynwb with hdmf-zarr 0.14 (Zarr v3) and with 0.13 (Zarr v2).
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { HdmfZarrError } from "../../src/errors.js";
import { DynamicTable } from "../../src/build/common/dynamic-table.js";
import { NWBFile, NWBZarrIO, TimeSeries, loadNwbTypes } from "../../src/nwb/index.js";
import { typedArrayClass, type NumericName } from "../../src/zarr/dtype.js";
import { tempFolder } from "../helpers/temp-folders.js";
import { venvPython, pythonOutput } from "../helpers/python.js";

const tmp = tempFolder("interop-dtype-inference");
after(() => rmSync(tmp, { recursive: true, force: true }));

type FormJson = unknown;
interface Form {
  name: string;
  values: FormJson;
  ids?: boolean;
  ours?: "same" | "error";
  python?: "error" | "changes" | "writes";
}
interface Read {
  dtype: string;
  shape: number[];
  values: unknown;
}

function python(venv: string, args: string[]): string {
  return pythonOutput(venvPython(venv), [join(__dirname, "python", "dtype_inference.py"), ...args], { cwd: join(__dirname, "python") });
}

/** Form JSON → the JS value a user would pass ({"$typed"} → typed array, {"$int"} → bigint). */
function jsValue(v: FormJson): unknown {
  if (Array.isArray(v)) return v.map(jsValue);
  if (v && typeof v === "object") {
    const o = v as { $typed?: NumericName; $int?: string; values?: number[] };
    if (o.$typed) {
      const Ctor = typedArrayClass(o.$typed) as unknown as { from(x: unknown[]): unknown };
      return Ctor.from(o.$typed.endsWith("64") && !o.$typed.startsWith("float") ? o.values!.map(BigInt) : o.values!);
    }
    if (o.$int !== undefined) return BigInt(o.$int);
  }
  return v;
}

/** Form JSON → its values as plain JSON lists (to see whether pynwb changed them). */
function plainValues(v: FormJson): unknown {
  if (Array.isArray(v)) return v.map(plainValues);
  if (v && typeof v === "object" && "$typed" in v) return (v as unknown as { values: unknown[] }).values;
  return v;
}

const contexts = (f: Form) => (f.ids ? ["ts", "col", "ids"] : ["ts", "col"]);

/** Write every form with our NWB classes; the errors by `<form>-<context>`. */
async function writeOurs(folder: string, forms: Form[], zarrFormat: 2 | 3): Promise<Map<string, unknown>> {
  mkdirSync(folder, { recursive: true });
  const errors = new Map<string, unknown>();
  for (const form of forms) {
    for (const context of contexts(form)) {
      const key = `${form.name}-${context}`;
      const path = join(folder, `${key}.nwb.zarr`);
      try {
        const file = new NWBFile({ identifier: key, sessionDescription: "dtype inference", sessionStartTime: new Date("2024-01-01T00:00:00Z") });
        const data = jsValue(form.values);
        if (context === "ts") file.addAcquisition(new TimeSeries({ name: "x", data, unit: "u", rate: 1 }));
        else if (context === "col") {
          const table = new DynamicTable({ name: "table", description: "t" });
          table.addColumn({ name: "col", description: "c", data: data as unknown[] });
          file.addAcquisition(table);
        } else file.addAcquisition(new DynamicTable({ name: "table", description: "t", id: data as number[] }));
        await new NWBZarrIO(path, "w", { zarrFormat }).write(file);
      } catch (e) {
        errors.set(key, e);
        rmSync(path, { recursive: true, force: true });
      }
    }
  }
  return errors;
}

const conventions = [
  { venv: "v3", format: 3 as const, writer: "pynwb + hdmf-zarr 0.14 (Zarr v3)" },
  { venv: "v2", format: 2 as const, writer: "pynwb + hdmf-zarr 0.13 (Zarr v2)" },
];

const v3Python = venvPython("v3");
const forms: Form[] = existsSync(v3Python) ? JSON.parse(python("v3", ["forms"])) : [];

for (const c of conventions) {
  const skip = existsSync(venvPython(c.venv)) ? false : `SKIP: venv ${c.venv} missing (bash test/interop/setup-venvs.sh)`;
  describe(`dtype inference against ${c.writer}`, { skip }, () => {
    let pyErrors: Record<string, string> = {};
    let pyRead: Record<string, Read> = {};
    let tsRead: Record<string, Read> = {};
    let tsErrors = new Map<string, unknown>();

    before(async () => {
      await loadNwbTypes();
      const py = join(tmp, `py-v${c.format}`);
      const ts = join(tmp, `ts-v${c.format}`);
      python(c.venv, ["write", py]);
      pyErrors = JSON.parse(readFileSync(join(py, "errors.json"), "utf8"));
      tsErrors = await writeOurs(ts, forms, c.format);
      pyRead = JSON.parse(python(c.venv, ["read", py]));
      tsRead = JSON.parse(python(c.venv, ["read", ts]));
    }, { timeout: 10 * 60_000 });

    for (const form of forms) {
      for (const context of contexts(form)) {
        const key = `${form.name}-${context}`;
        if ((form.ours ?? "same") === "same") {
          it(`${key}: Python reads the same dtype, shape and values from our file as from its own`, () => {
            assert.equal(tsErrors.get(key), undefined, `our write failed: ${tsErrors.get(key)}`);
            assert.equal(pyErrors[key], undefined, `pynwb refused it: ${pyErrors[key]}`);
            assert.deepEqual(tsRead[key], pyRead[key]);
          });
        } else {
          it(`${key}: we refuse it with a typed error (pynwb: ${form.python})`, () => {
            const e = tsErrors.get(key);
            assert.ok(e instanceof HdmfZarrError, `expected a typed error, got ${e === undefined ? "a written file" : String(e)}`);
            if (form.python === "error") assert.ok(pyErrors[key], "pynwb refuses it too");
            else {
              assert.ok(pyRead[key], `pynwb writes it (${pyErrors[key]})`);
              if (form.python === "changes") assert.notDeepEqual(pyRead[key].values, plainValues(form.values), "pynwb writes other values than given");
            }
          });
        }
      }
    }
  });
}
