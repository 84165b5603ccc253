/**
 * Legacy NWB files: pynwb 4.2 with hdmf-zarr 0.13 writes the per-area files of
 * nwb/python/write_areas.py in the legacy convention (Zarr v2: `zarr_link`, `zarr_dtype`, object
 * arrays); our NWBZarrIO reads each with the values pynwb (same venv) sees in it, compared dump by
 * dump (nwb/python/dump_nwb.py and nwb/ts/dump-nwb.ts).
 * Needs the v2 venv of setup-venvs.sh; without it the tests are skipped with the reason.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { diffDumps, dumpNwb } from "./nwb/ts/dump-nwb.js";
import { venvPython, pythonOutput, scriptFailure } from "../helpers/python.js";
import { REPO_ROOT as root } from "../helpers/repo-paths.js";

const out = join(root, "test-output", "interop", "nwb-legacy");
const python = venvPython("v2");
const scripts = join(__dirname, "nwb", "python");
const areas = ["ecephys", "ophys", "behavior", "misc", "intervals", "images"];
/**
 * hdmf-zarr 0.13 stores some columns as pickled object arrays (references: electrodes `group`;
 * compounds with a reference field: trials/epochs `timeseries`), which we decode only when asked:
 * every file here is read with `allowPickle: true`.
 */
const skip = existsSync(python) ? false : "SKIP legacy nwb interop: the hdmf-zarr 0.13 venv is missing (see test/interop/setup-venvs.sh)";

/** Run one of the nwb/python scripts with the hdmf-zarr 0.13 venv. */
function runLegacy(script: string, args: string[]): void {
  // This machine's OpenBLAS tuning variables only confuse numpy's own OpenBLAS.
  const env = { OPENBLAS_CORETYPE: undefined, OPENBLAS_L2_SIZE: undefined };
  pythonOutput(python, [join(scripts, script), ...args], { cwd: root, env, fail: "throw", message: scriptFailure(script, args) });
}

const fileOf = (area: string) => join(out, `${area}.nwb.zarr`);

describe("legacy NWB files (pynwb 4.2 + hdmf-zarr 0.13, Zarr v2) read by NWBZarrIO", { skip }, () => {
  before(() => {
    rmSync(out, { recursive: true, force: true });
    runLegacy("write_areas.py", [out]);
    for (const a of areas) runLegacy("dump_nwb.py", [fileOf(a), "--out", `${fileOf(a)}.dump.json`]);
  }, { timeout: 5 * 60_000 });

  test("the files are in the legacy convention (Zarr v2, no zarr.json)", () => {
    for (const a of areas) {
      const top = readdirSync(fileOf(a));
      assert.ok(top.includes(".zgroup") && !top.includes("zarr.json"), `${a}: ${top.join(", ")}`);
    }
  });

  for (const area of areas) {
    test(`${area}: we read the values pynwb reads`, async () => {
      const theirs = JSON.parse(readFileSync(`${fileOf(area)}.dump.json`, "utf8")) as unknown;
      const diffs = diffDumps(await dumpNwb(fileOf(area), { allowPickle: true }), theirs);
      assert.deepEqual(diffs, [], `our read of the legacy file differs from pynwb's:\n${diffs.join("\n")}`);
    });
  }
});
