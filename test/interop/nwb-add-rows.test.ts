/**
 * A file built only with our row helpers (electrodes with a custom column, an ElectricalSeries on an
 * electrode region, units with spike times, observation intervals and electrode rows, trials with
 * custom columns, epochs referring to series, an invalid time) is written by us; pynwb 4.2 +
 * hdmf-zarr 0.14 reads it with the same values as the file pynwb builds with its own helpers
 * (nwb/python/rows_build.py), `pynwb.validate` finds no errors and nwbinspector reports no errors
 * (and the same advice as for pynwb's file).
 * Needs the v3 venv of setup-venvs.sh; without it the tests are skipped with the reason.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { diffDumps } from "./nwb/ts/dump-nwb.js";
import { ElectricalSeries, NWBFile, NWBZarrIO, TimeSeries, loadNwbTypes } from "../../src/nwb/index.js";
import { venvPython, NWBINSPECTOR_ENV, pythonOutput, scriptFailure } from "../helpers/python.js";
import { REPO_ROOT as root } from "../helpers/repo-paths.js";
import { readJson } from "../helpers/json-files.js";

const out = join(root, "test-output", "interop", "nwb-add-rows");
const python = venvPython("v3");
const scripts = join(__dirname, "nwb", "python");
const ours = join(out, "ts-rows.nwb.zarr");
const theirs = join(out, "py-rows.nwb.zarr");

const skip = existsSync(python) ? false : "SKIP nwb row-helper interop: Python venv missing (see test/interop/setup-venvs.sh)";

/** Run one of the nwb/python scripts with the v3 venv; its stdout. */
function runScript(script: string, args: string[]): string {
  return pythonOutput(python, [join(scripts, script), ...args], { cwd: root, env: NWBINSPECTOR_ENV, fail: "throw", message: scriptFailure(script, args) });
}

/** The content of rows_build.py, built with our helpers. */
async function build(): Promise<NWBFile> {
  await loadNwbTypes();
  const f = new NWBFile({
    sessionDescription: "rows interop", identifier: "rows-interop",
    sessionStartTime: new Date("2024-03-05T10:30:00Z"), fileCreateDate: [new Date("2024-03-06T08:00:00Z")],
  });
  const device = f.createDevice({ name: "probe", description: "a silicon probe", manufacturer: "Acme" });
  const group = f.createElectrodeGroup({ name: "shank0", description: "first shank", location: "CA1", device });
  f.addElectrodeColumn({ name: "quality", description: "channel quality" });
  for (let i = 0; i < 4; i++) {
    f.addElectrode({ group, location: i < 2 ? "CA1" : "CA3", x: i, y: 2 * i, z: -1.5, imp: 1000 + i, filtering: "none", quality: i % 2 === 0 ? "good" : "noisy" });
  }
  const region = f.createElectrodeTableRegion([0, 1, 2, 3], "all electrodes");
  const data = Array.from({ length: 10 }, (_, t) => Array.from({ length: 4 }, (_, c) => (t * 4 + c) * 0.25 - 5));
  const raw = f.addAcquisition(new ElectricalSeries({ name: "raw", data, electrodes: region, rate: 1000, description: "raw voltage" }));
  const temp = f.addAcquisition(new TimeSeries({
    name: "temperature", data: [20.5, 20.75, 21, 21.5], unit: "degrees C", timestamps: [0, 0.5, 1.25, 2], description: "room temperature",
  }));

  f.addUnitColumn({ name: "snr", description: "signal to noise ratio" });
  f.addUnit({ spikeTimes: [0.1, 0.25, 0.5], electrodes: [0, 1], obsIntervals: [[0, 1]], snr: 3.5, id: 10 });
  f.addUnit({ spikeTimes: [0.75], electrodes: [2], obsIntervals: [[0, 0.5], [0.6, 2]], snr: 1.25, id: 11 });
  f.addUnit({ spikeTimes: [1.5, 1.75], electrodes: [3, 0, 1], obsIntervals: [[1, 2]], snr: 7, id: 12 });

  f.addTrialColumn({ name: "correct", description: "whether the answer was right" });
  f.addTrialColumn({ name: "stimulus", description: "the stimulus shown" });
  f.addTrial({ startTime: 0, stopTime: 0.5, correct: true, stimulus: "grating" });
  f.addTrial({ startTime: 0.75, stopTime: 1.25, correct: false, stimulus: "noise" });
  f.addTrial({ startTime: 1.5, stopTime: 2, correct: true, stimulus: "grating" });

  f.addEpoch({ startTime: 0, stopTime: 0.004, tags: ["baseline", "quiet"], timeseries: [raw, temp] });
  f.addEpoch({ startTime: 0.004, stopTime: 1.3, tags: "run, fast", timeseries: temp });
  f.addInvalidTime({ startTime: 1.8, stopTime: 1.9 });
  return f;
}

interface Validation {
  pynwb: string[];
  inspector: { errors: string[]; findings: string[]; crashed_checks: string[] } | null;
}

describe("a file built with our row helpers, read by pynwb", { skip }, () => {
  before(async () => {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    runScript("rows_build.py", [theirs]);
    await new NWBZarrIO(ours, "w").write(await build());
    for (const file of [ours, theirs]) runScript("dump_nwb.py", [file, "--out", `${file}.dump.json`]);
  }, { timeout: 5 * 60_000 });

  test("pynwb reads the same values as in the file pynwb builds with its own helpers", () => {
    const read = (f: string): unknown => readJson(`${f}.dump.json`);
    const diffs = diffDumps(read(ours), read(theirs));
    assert.deepEqual(diffs, [], `pynwb reads our file differently ("ours" = ours, "pynwb" = pynwb's):\n${diffs.join("\n")}`);
  });

  test("pynwb.validate finds no errors; nwbinspector reports no errors and the same advice", (t) => {
    const checks = JSON.parse(runScript("validate_nwb.py", [ours, theirs])) as Record<string, Validation>;
    assert.deepEqual(checks[ours].pynwb, [], "pynwb.validate finds errors in our file");
    assert.deepEqual(checks[theirs].pynwb, [], "pynwb.validate finds errors in pynwb's own file");
    const mine = checks[ours].inspector, ref = checks[theirs].inspector;
    if (mine === null || ref === null) {
      t.diagnostic("nwbinspector not importable in the v3 venv: not checked");
      return;
    }
    assert.deepEqual(mine.errors, [], "nwbinspector reports errors in our file");
    const at = (list: string[], file: string) => list.map((m) => m.split(file).join("<file>"));
    assert.deepEqual(at(mine.findings, ours), at(ref.findings, theirs));
  });
});
