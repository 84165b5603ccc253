/**
 * Read, change, export — with pynwb 4.2 + hdmf-zarr 0.14 (Zarr v3) as the judge. pynwb writes an
 * NWB file (nwb/python/write_areas.py, area ecephys); we read it, add an acquisition TimeSeries and
 * a processing module holding another, and export the NWBFile with `NWBZarrIO.export(src, { nwbfile })`.
 * pynwb reads our export and sees every original object unchanged and the additions with their
 * exact values, and `pynwb.validate` finds nothing; the same export done in Python
 * (python/export_container.py) reads, object by object and value by value, as ours does.
 * Needs the v3 venv of setup-venvs.sh; without it every test is skipped with the reason.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { NWBZarrIO, ProcessingModule, TimeSeries } from "../../src/nwb/index.js";
import { diffDumps, type NwbDump } from "./nwb/ts/dump-nwb.js";
import { pythonOutput, scriptFailure, venvPython } from "../helpers/python.js";
import { REPO_ROOT as root } from "../helpers/repo-paths.js";
import { readJson } from "../helpers/json-files.js";

const out = join(root, "test-output", "interop", "export-container");
const python = venvPython("v3");
const skip = existsSync(python) ? false : "SKIP export interop: Python venv missing (no Python >= 3.12; see test/interop/setup-venvs.sh)";

function py(script: string, args: string[]): string {
  return pythonOutput(python, [script, ...args], { cwd: root, fail: "throw", message: scriptFailure(script, args) });
}
const nwbScript = (name: string) => join(__dirname, "nwb", "python", name);
const dump = (file: string): NwbDump => {
  py(nwbScript("dump_nwb.py"), [file, "--out", `${file}.dump.json`]);
  return readJson(`${file}.dump.json`) as NwbDump;
};

const source = join(out, "py", "ecephys.nwb.zarr");
const ours = join(out, "ts-export.nwb.zarr");
const theirs = join(out, "py-export.nwb.zarr");

describe("read, change, export: interop with pynwb + hdmf-zarr 0.14", { skip }, () => {
  let sourceDump: NwbDump;
  let oursDump: NwbDump;

  before(async () => {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    py(nwbScript("write_areas.py"), [join(out, "py"), "ecephys"]);
    sourceDump = dump(source);

    const src = new NWBZarrIO(source, "r");
    const nwbfile = await src.read();
    nwbfile.addAcquisition(new TimeSeries({ name: "added", data: [1.5, 2.5, 3.5], unit: "m", rate: 10, description: "added after reading" }));
    const extra = nwbfile.addProcessingModule(new ProcessingModule({ name: "extra", description: "a module added after reading" }));
    extra.add(new TimeSeries({ name: "speed", data: [[0.5, 1.25], [1.5, 2.25], [2.5, 3.25]], unit: "m/s", timestamps: [0, 0.1, 0.3] }));
    await new NWBZarrIO(ours, "w").export(src, { nwbfile });
    await src.close();
    oursDump = dump(ours);

    py(join(__dirname, "python", "export_container.py"), [source, theirs]);
  }, { timeout: 5 * 60_000 });

  test("pynwb reads our export: the additions, with their exact values", () => {
    const added = oursDump.objects["/added"];
    assert.equal(added?.type, "TimeSeries");
    assert.equal(added.parent, "/");
    assert.deepEqual(added.fields.data, [1.5, 2.5, 3.5]);
    assert.equal(added.fields.starting_time__rate, 10);
    assert.equal(added.fields.data__unit, "m");
    assert.equal(added.fields.description, "added after reading");
    assert.equal(oursDump.objects["/extra"]?.type, "ProcessingModule");
    assert.equal(oursDump.objects["/extra"].fields.description, "a module added after reading");
    const speed = oursDump.objects["/extra/speed"];
    assert.equal(speed?.parent, "/extra");
    assert.deepEqual(speed.fields.data, [[0.5, 1.25], [1.5, 2.25], [2.5, 3.25]]);
    assert.deepEqual(speed.fields.timestamps, [0, 0.1, 0.3]);
  });

  test("pynwb reads our export: every object of the source, unchanged", () => {
    const kept = Object.fromEntries(Object.keys(sourceDump.objects).map((path) => [path, oursDump.objects[path]]));
    const diffs = diffDumps(kept, sourceDump.objects);
    assert.deepEqual(diffs, [], `objects of the source read differently from our export ("ours" = export, "pynwb" = source):\n${diffs.join("\n")}`);
    assert.deepEqual(Object.keys(oursDump.objects).filter((p) => !(p in sourceDump.objects)).sort(), ["/added", "/extra", "/extra/speed"]);
  });

  test("pynwb.validate finds no errors in our export", () => {
    const checks = JSON.parse(py(nwbScript("validate_nwb.py"), [ours])) as Record<string, { pynwb: string[] }>;
    assert.deepEqual(checks[ours].pynwb, []);
  });

  test("the same export done in Python reads the same, object by object and value by value", () => {
    const diffs = diffDumps(oursDump, dump(theirs));
    assert.deepEqual(diffs, [], `our export and hdmf-zarr's read differently ("ours" vs "pynwb" = Python's export):\n${diffs.join("\n")}`);
  });
});
