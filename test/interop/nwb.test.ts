/**
 * NWB interop with pynwb 4.2 + hdmf-zarr 0.14 (Zarr v3), one small file per area
 * (nwb/python/write_areas.py):
 *  - pynwb writes; our NWBZarrIO reads, and our dump (nwb/ts/dump-nwb.ts) equals pynwb's
 *    (nwb/python/dump_nwb.py) value by value;
 *  - we read and write the file again; pynwb's dump of our copy equals its dump of the original,
 *    pynwb.validate finds no errors in our copy, and nwbinspector (pinned in requirements-v3.txt;
 *    INTEROP_NWBINSPECTOR_PATH can point at another copy) reports no errors;
 *  - we also write it in the legacy convention (Zarr v2), and pynwb with hdmf-zarr 0.13 reads it the same.
 * Needs the v3 venv of setup-venvs.sh; without it every test is skipped with the reason.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { diffDumps, dumpNwb, referenceRowsAsLists } from "./nwb/ts/dump-nwb.js";
import { NWBZarrIO } from "../../src/nwb/index.js";
import { venvPython, NWBINSPECTOR_ENV, pythonOutput, scriptFailure } from "../helpers/python.js";
import { REPO_ROOT as root } from "../helpers/repo-paths.js";
import { readJson } from "../helpers/json-files.js";

const out = join(root, "test-output", "interop", "nwb");
const python = venvPython("v3");
/** pynwb 4.2 with hdmf-zarr 0.13: reads the legacy convention (Zarr v2). */
const pythonLegacy = venvPython("v2");
const scripts = join(__dirname, "nwb", "python");
const areas = ["ecephys", "ophys", "behavior", "misc", "intervals", "images"];
/**
 * Areas with compound columns holding a reference (trials/epochs `timeseries`): hdmf-zarr 0.13 hands
 * pynwb their rows as lists, not records, since we never write pickle (legacy-compound-rows.test.ts);
 * their values are compared in that shape.
 */
const legacyRowLists = new Set(["intervals"]);

const skip = existsSync(python) ? false : "SKIP nwb interop: Python venv missing (no Python >= 3.12; see test/interop/setup-venvs.sh)";
/** setup-venvs.sh makes the 0.13 venv beside the 0.14 one; only a partial setup lacks it. */
const skipLegacy = existsSync(pythonLegacy) ? false : "SKIP: the hdmf-zarr 0.13 venv is missing (run test/interop/setup-venvs.sh)";

function py(script: string, args: string[], interpreter = python) {
  const env = interpreter === python ? NWBINSPECTOR_ENV : {};
  return pythonOutput(interpreter, [join(scripts, script), ...args], { cwd: root, env, fail: "throw", message: scriptFailure(script, args) });
}

const pyFile = (area: string) => join(out, "py", `${area}.nwb.zarr`);
const tsFile = (area: string) => join(out, "ts", `${area}.nwb.zarr`);
const tsLegacyFile = (area: string) => join(out, "ts-v2", `${area}.nwb.zarr`);

interface Validation {
  pynwb: string[];
  inspector: { errors: string[]; findings: string[]; crashed_checks: string[] } | null;
}

describe("NWB interop with pynwb", { skip }, () => {
  before(() => {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(join(out, "ts"), { recursive: true });
    mkdirSync(join(out, "ts-v2"), { recursive: true });
    py("write_areas.py", [join(out, "py")]);
    for (const a of areas) py("dump_nwb.py", [pyFile(a), "--out", `${pyFile(a)}.dump.json`]);
  }, { timeout: 5 * 60_000 });

  for (const area of areas) {
    describe(area, () => {
      test("pynwb writes, we read the same values", async () => {
        const diffs = diffDumps(await dumpNwb(pyFile(area)), readJson(`${pyFile(area)}.dump.json`));
        assert.deepEqual(diffs, [], `our read differs from pynwb's:\n${diffs.join("\n")}`);
      });

      test("we write it again; pynwb reads the same values and validates it", async (t) => {
        const file = await NWBZarrIO.readNwb(pyFile(area));
        const io = new NWBZarrIO(tsFile(area), "w");
        await io.write(file, { linkData: false });
        await io.close();
        py("dump_nwb.py", [tsFile(area), "--out", `${tsFile(area)}.dump.json`]);
        const diffs = diffDumps(readJson(`${tsFile(area)}.dump.json`), readJson(`${pyFile(area)}.dump.json`));
        assert.deepEqual(diffs, [], `pynwb reads our copy differently ("ours" = our copy, "pynwb" = the original):\n${diffs.join("\n")}`);

        const checks = JSON.parse(py("validate_nwb.py", [tsFile(area), pyFile(area)])) as Record<string, Validation>;
        const ours = checks[tsFile(area)], theirs = checks[pyFile(area)];
        assert.deepEqual(ours.pynwb, [], "pynwb.validate finds errors in our file");
        if (ours.inspector === null) {
          t.diagnostic("nwbinspector not importable in the v3 venv: not checked");
          return;
        }
        assert.deepEqual(ours.inspector.errors, [], "nwbinspector reports errors in our file");
        // Advice about the content and the checks nwbinspector cannot run on Zarr v3 must be the same as for pynwb's file.
        assert.deepEqual(ours.inspector.findings, theirs.inspector!.findings);
        assert.deepEqual(ours.inspector.crashed_checks, theirs.inspector!.crashed_checks);
      });

      test("we write it in the legacy convention (Zarr v2); pynwb with hdmf-zarr 0.13 reads the same values and validates it", { skip: skipLegacy }, async () => {
        const file = await NWBZarrIO.readNwb(pyFile(area));
        const io = new NWBZarrIO(tsLegacyFile(area), "w", { zarrFormat: 2 });
        await io.write(file, { linkData: false });
        await io.close();
        py("dump_nwb.py", [tsLegacyFile(area), "--out", `${tsLegacyFile(area)}.dump.json`], pythonLegacy);
        const ours = readJson(`${tsLegacyFile(area)}.dump.json`);
        const theirs = readJson(`${pyFile(area)}.dump.json`);
        if (legacyRowLists.has(area)) {
          // The rows' shape is the one documented difference: there is one, and it is nothing else.
          const shape = diffDumps(ours, theirs);
          assert.ok(shape.length > 0 && shape.every((d) => /\/timeseries\/.* vs pynwb \{"count":/.test(d)), shape.join("\n"));
        }
        const diffs = diffDumps(ours, legacyRowLists.has(area) ? referenceRowsAsLists(theirs) : theirs);
        assert.deepEqual(diffs, [], `pynwb + hdmf-zarr 0.13 reads our v2 copy differently:\n${diffs.join("\n")}`);
        if (legacyRowLists.has(area)) {
          // hdmf 0.13's validator takes a compound column's field types from a structured zarr dtype,
          // which only pickled chunks have: on our row lists it stops before it can judge.
          assert.throws(() => py("validate_nwb.py", [tsLegacyFile(area)], pythonLegacy), /compound type shorter than expected/);
          return;
        }
        const checks = JSON.parse(py("validate_nwb.py", [tsLegacyFile(area)], pythonLegacy)) as Record<string, Validation>;
        assert.deepEqual(checks[tsLegacyFile(area)].pynwb, [], "pynwb.validate finds errors in our v2 file");
      });
    });
  }

  test("nwbinspector", (t) => {
    const v = JSON.parse(py("validate_nwb.py", [pyFile("misc")])) as Record<string, Validation>;
    if (v[pyFile("misc")].inspector === null) t.skip("SKIP nwbinspector: not importable in the v3 venv (set INTEROP_NWBINSPECTOR_PATH to a folder holding it)");
  });
});
