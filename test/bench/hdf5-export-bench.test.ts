/**
 * The HDF5 → Zarr export benchmark's small mode (bench/hdf5-export/run.sh --small) runs end to end:
 * pynwb writes the HDF5 file, hdmf-zarr 0.14 and ours export it, both exports read back (h5py vs
 * zarr-python) equal to the original and open in pynwb, both sides produce figures, and
 * bench/RESULTS.md is left alone. No timing is asserted.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { REPO_ROOT as ROOT } from "../helpers/repo-paths.js";
import { venvPython } from "../helpers/python.js";

// The benchmark scripts run the repository's own .venv-interop, whatever INTEROP_VENV_DIR says.
const python = venvPython("v3", { fromEnv: false });
const skip = existsSync(python) ? false : "SKIP: Python venv missing (bash test/interop/setup-venvs.sh)";

describe("HDF5 export benchmark, small mode", { skip }, () => {
  it("exports on both sides; both exports equal the original; both sides have figures", { timeout: 600_000 }, () => {
    const results = join(ROOT, "bench", "RESULTS.md");
    const before = readFileSync(results, "utf8");
    const run = spawnSync("bash", ["bench/hdf5-export/run.sh", "--small"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(readFileSync(results, "utf8"), before);
    const lines = run.stdout.trim().split("\n");
    const summary = JSON.parse(lines[lines.length - 1]);
    assert.deepEqual(summary.file.shape, [40000, 16]);
    assert.ok(summary.file.bytes > 1e6, "the HDF5 file holds the samples");
    for (const side of ["ours", "python"]) {
      const s = summary[side];
      assert.equal(s.equal, true, `${side}: the exported samples differ from the original`);
      assert.deepEqual(s.pynwb_shape, [40000, 16], `${side}: pynwb sees another shape`);
      assert.deepEqual(s.chunks, [16384, 16], `${side}: the HDF5 chunks were not kept`);
      assert.deepEqual(s.codecs, ["bytes", "numcodecs.zlib"], `${side}: gzip did not become zlib`);
      assert.ok(s.seconds > 0 && s.maxRssMB > 0 && s.outputBytes > 1e6, `${side}: no figures`);
    }
    assert.match(run.stdout, /\| time \(s\) \| [\d.]+ \| [\d.]+ \|/);
    assert.match(run.stdout, /\| peak memory, max RSS \(MiB\) \| [\d.]+ \| [\d.]+ \|/);
  });
});
