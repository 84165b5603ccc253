/**
 * Rows added in place to the tables of an NWB Zarr file open in mode `a`, across pynwb + hdmf-zarr:
 * - rows added here (a trial, an electrode with its group reference, a unit with ragged spike times
 *   and a ragged region, a row of a table with a region column) to a file pynwb + hdmf-zarr 0.14
 *   wrote are read by Python value for value, only the new rows' chunks are written, and
 *   `pynwb.validate` finds nothing;
 * - rows Python adds in mode `a` (hdmf's `append_data` on the Zarr arrays) to a file written here
 *   are read here. With 0.14 (zarr-python 3.4) Python's own `io.write` leaves consolidated metadata
 *   with the old shapes (it re-reads the stale copies hdmf-zarr left in the tables' groups), so
 *   readers trusting it (Python, our mode `r`) see the old rows until `zarr.consolidate_metadata`;
 *   with 0.13 (Zarr v2) `io.write` consolidates the new shapes;
 * - hdmf cannot add a row to a ragged column read from a file (`extend_data` refuses the Zarr
 *   array, after the id was already appended); here it works.
 * Needs the venvs of setup-venvs.sh; without them the tests are skipped with the reason.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { NWBZarrIO, loadNwbTypes, type NWBFile } from "../../src/nwb/index.js";
import { venvPython, pythonOutput, scriptFailure } from "../helpers/python.js";
import { REPO_ROOT as root } from "../helpers/repo-paths.js";
import { recordingStore } from "../helpers/recording-store.js";
import { WITH_OUR_ROWS, WITH_PYTHON_ROWS, WRITTEN, addOurRows, rowsFile, tableRows, type TableRows } from "../helpers/table-rows.js";

const out = join(root, "test-output", "interop", "add-rows-in-file");
const script = join(__dirname, "python", "add_rows_in_file.py");

function run(venv: "v3" | "v2", args: string[]): string {
  return pythonOutput(venvPython(venv), [script, ...args], { cwd: root, fail: "throw", message: scriptFailure("add_rows_in_file.py", args) });
}
const pythonRows = (venv: "v3" | "v2", path: string): TableRows => JSON.parse(run(venv, ["read", path]));

/** Our rows of the file at `path` opened in `mode`. */
async function ourRows(path: string, mode: "r" | "a"): Promise<TableRows> {
  const io = new NWBZarrIO(path, mode);
  try {
    return await tableRows(await io.read<NWBFile>());
  } finally {
    await io.close();
  }
}

/** Add our rows to the file at `path` in mode `a`; the non-metadata keys written. */
async function addRowsHere(path: string): Promise<string[]> {
  const { store, writes } = recordingStore(path);
  const io = new NWBZarrIO(store, "a");
  const file = await io.read<NWBFile>();
  writes.length = 0;
  addOurRows(file);
  await io.close();
  return writes.filter((k) => !/(^|\/)(zarr\.json|\.zarray|\.zattrs|\.zgroup|\.zmetadata)$/.test(k)).sort();
}

const skipV3 = existsSync(venvPython("v3")) ? false : "SKIP add-rows interop: v3 venv missing (see test/interop/setup-venvs.sh)";
const skipV2 = existsSync(venvPython("v2")) ? false : "SKIP add-rows interop: v2 venv missing (see test/interop/setup-venvs.sh)";

before(async () => {
  await loadNwbTypes();
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
});

describe("a file written by pynwb + hdmf-zarr 0.14", { skip: skipV3 }, () => {
  const written = join(out, "py.nwb.zarr");
  before(() => {
    run("v3", ["write", written]);
  });

  test("takes rows added here in mode 'a', which Python reads value for value and validates", async () => {
    assert.deepEqual(pythonRows("v3", written), WRITTEN);
    const copy = join(out, "py-ours-added.nwb.zarr");
    cpSync(written, copy, { recursive: true });
    // hdmf-zarr chunks each small column as one chunk of its length: every new row lands in chunk 1.
    assert.deepEqual(await addRowsHere(copy), [
      "general/extracellular_ephys/electrodes/group/c/1",
      "general/extracellular_ephys/electrodes/group_name/c/1",
      "general/extracellular_ephys/electrodes/id/c/1",
      "general/extracellular_ephys/electrodes/location/c/1",
      "intervals/trials/id/c/1",
      "intervals/trials/start_time/c/1",
      "intervals/trials/stop_time/c/1",
      "processing/tables/visits/electrode/c/1",
      "processing/tables/visits/id/c/1",
      "processing/tables/visits/weight/c/1",
      "units/electrodes/c/1",
      "units/electrodes_index/c/1",
      "units/id/c/1",
      "units/spike_times/c/1",
      "units/spike_times_index/c/1",
    ]);
    assert.deepEqual(pythonRows("v3", copy), WITH_OUR_ROWS);
    assert.deepEqual(await ourRows(copy, "r"), WITH_OUR_ROWS);
    assert.deepEqual(JSON.parse(run("v3", ["validate", copy])), []);
  });

  test("hdmf cannot add a unit in place: it refuses the ragged column after growing the ids", () => {
    const copy = join(out, "py-unit.nwb.zarr");
    cpSync(written, copy, { recursive: true });
    const r = JSON.parse(run("v3", ["add-unit", copy])) as { error: string; lengths: Record<string, number> };
    assert.match(r.error, /Data cannot extend object of type/);
    assert.deepEqual(r.lengths, { spike_times: 3, spike_times_index: 2, id: 3 });
  });
});

describe("a file written here (Zarr v3)", { skip: skipV3 }, () => {
  const written = join(out, "ts.nwb.zarr");
  before(async () => {
    await new NWBZarrIO(written, "w").write(rowsFile());
  });

  test("takes rows Python adds in mode 'a' and consolidates, which we read", async () => {
    assert.deepEqual(await ourRows(written, "r"), WRITTEN);
    assert.deepEqual(pythonRows("v3", written), WRITTEN);
    const copy = join(out, "ts-py-added.nwb.zarr");
    cpSync(written, copy, { recursive: true });
    run("v3", ["append", copy, "consolidate"]);
    assert.deepEqual(pythonRows("v3", copy), WITH_PYTHON_ROWS);
    assert.deepEqual(await ourRows(copy, "r"), WITH_PYTHON_ROWS);
  });

  test("after Python's io.write the consolidated shapes are stale: mode 'a' reads the rows, mode 'r' reads what Python reads", async () => {
    const copy = join(out, "ts-py-written.nwb.zarr");
    cpSync(written, copy, { recursive: true });
    run("v3", ["append", copy, "write"]);
    assert.deepEqual(pythonRows("v3", copy), WRITTEN);
    assert.deepEqual(await ourRows(copy, "r"), WRITTEN);
    assert.deepEqual(await ourRows(copy, "a"), WITH_PYTHON_ROWS);
  });

  test("takes rows added here, which Python reads", async () => {
    const copy = join(out, "ts-ours-added.nwb.zarr");
    cpSync(written, copy, { recursive: true });
    await addRowsHere(copy);
    assert.deepEqual(pythonRows("v3", copy), WITH_OUR_ROWS);
    assert.deepEqual(JSON.parse(run("v3", ["validate", copy])), []);
  });
});

describe("a legacy Zarr v2 file with hdmf-zarr 0.13", { skip: skipV2 }, () => {
  const written = join(out, "ts-v2.nwb.zarr");
  before(async () => {
    await new NWBZarrIO(written, "w", { zarrFormat: 2 }).write(rowsFile());
  });

  test("Python adds rows in mode 'a' and io.write consolidates them; we read them", async () => {
    assert.deepEqual(pythonRows("v2", written), WRITTEN);
    const copy = join(out, "ts-v2-py-added.nwb.zarr");
    cpSync(written, copy, { recursive: true });
    run("v2", ["append", copy, "write"]);
    assert.deepEqual(pythonRows("v2", copy), WITH_PYTHON_ROWS);
    assert.deepEqual(await ourRows(copy, "r"), WITH_PYTHON_ROWS);
  });

  test("takes rows added here, which 0.13 reads value for value", async () => {
    const copy = join(out, "ts-v2-ours-added.nwb.zarr");
    cpSync(written, copy, { recursive: true });
    await addRowsHere(copy);
    assert.deepEqual(pythonRows("v2", copy), WITH_OUR_ROWS);
    assert.deepEqual(await ourRows(copy, "r"), WITH_OUR_ROWS);
  });
});
