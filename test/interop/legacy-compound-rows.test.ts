/**
 * Why our legacy (Zarr v2) copies give hdmf-zarr 0.13 the rows of a compound dataset with a
 * reference field (trials/epochs `timeseries`) as lists and not records: 0.13 makes records only
 * from pickled chunks, and we never write pickle (it runs code when read).
 *  - hdmf-zarr 0.13 itself, told to use numcodecs' JSON object codec, still pickles that column;
 *  - numcodecs' JSON codec cannot decode rows into a structured dtype with an object field, however
 *    JSON spells the dtype;
 *  - so the rows we write (json2 object arrays of row lists) reach pynwb as lists of the same
 *    values, in stored field order (nwb.test.ts and hdf5-export.test.ts compare them so), and 0.13's
 *    pynwb.validate, which takes the field types from a structured dtype, cannot check that column.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pythonOutput, venvPython } from "../helpers/python.js";

const pythonLegacy = venvPython("v2");
const skip = existsSync(pythonLegacy) ? false : "SKIP: the hdmf-zarr 0.13 venv is missing (test/interop/setup-venvs.sh)";

interface Findings {
  written_filters: { id: string }[];
  read_row_type: string;
  json_decode: Record<string, { ok: boolean; error?: string }>;
}

test("hdmf-zarr 0.13 reads compound rows with a reference as records only from pickled chunks", { skip, timeout: 120_000 }, () => {
  const script = join(__dirname, "python", "legacy_compound_rows.py");
  const found = JSON.parse(pythonOutput(pythonLegacy, [script], { fail: "throw" })) as Findings;
  // Asked for JSON, 0.13 pickles the column anyway, and reads it back as records (numpy.void).
  assert.deepEqual(found.written_filters.map((f) => f.id), ["pickle"]);
  assert.equal(found.read_row_type, "void");
  // numcodecs' JSON codec fails on such rows whichever way the dtype is spelled.
  assert.deepEqual(Object.keys(found.json_decode).sort(), ["names_formats", "pairs"]);
  for (const [spelling, result] of Object.entries(found.json_decode)) {
    assert.equal(result.ok, false, `${spelling}: decoded`);
    assert.match(result.error!, /Field elements must be 2- or 3-tuples|setting an array element with a sequence/, spelling);
  }
});
