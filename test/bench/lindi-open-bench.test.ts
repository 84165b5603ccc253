/**
 * The LINDI open benchmark in a tiny configuration (bash bench/lindi-open/run.sh --series 8 --reps 1
 * --delays 0,20) runs end to end: pynwb writes the HDF5 file and lindi its LINDI file, ours, pynwb +
 * lindi and pynwb + h5py + remfile each open it over HTTP at both delays and read the same things
 * (the script fails otherwise), the server saw their requests, and bench/RESULTS.md is left alone.
 * No timing is asserted.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { REPO_ROOT as ROOT } from "../helpers/repo-paths.js";
import { skip } from "../reference/reference-helpers.js";

// The benchmark script runs the repository's own LINDI venv: importing the reference tests' helpers
// builds it (test/reference/setup-venv.sh, under a lock), and `skip` says so only without Python >= 3.12.

interface Run { reader: string; delay: number; requests: number; served: { ranged: number; whole: number }; touch: Record<string, unknown> }

describe("LINDI open benchmark, tiny configuration", { skip }, () => {
  it("opens the file with all three readers at two delays; they read the same", { timeout: 600_000 }, () => {
    const results = join(ROOT, "bench", "RESULTS.md");
    const before = readFileSync(results, "utf8");
    const run = spawnSync("bash", ["bench/lindi-open/run.sh", "--series", "8", "--reps", "1", "--delays", "0,20"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr.slice(-4000));
    assert.equal(readFileSync(results, "utf8"), before);

    const last = JSON.parse(readFileSync(join(ROOT, "bench/data/lindi-open-8/last-run.json"), "utf8")) as { runs: Run[]; mismatches: string[] };
    assert.deepEqual(last.mismatches, []);
    assert.deepEqual(last.runs.map((r) => `${r.delay} ${r.reader}`).sort(), ["0 lindi", "0 ours", "0 remfile", "20 lindi", "20 ours", "20 remfile"]);
    for (const r of last.runs) {
      assert.deepEqual({ ...r.touch, slice_sum: undefined }, { identifier: "bench-nwb-open", series: 8, units: 2000, electrodes: 64, slice_count: 50, slice_sum: undefined }, r.reader);
      assert.ok(r.requests > 0 && r.served.ranged + r.served.whole > 0, `${r.reader}: the server saw nothing`);
    }
    assert.match(run.stdout, /\| ours: readNwb\(\.lindi\.json\) \| [\d.]+ \|/);
    assert.match(run.stdout, /\| pynwb \+ h5py \+ remfile \| [\d.]+ \| [\d.]+ \| \d+ \|.* \| [\d.]+ \| [\d.]+ \|$/m);
    assert.match(run.stdout, /Touch check: every run read the same/);
  });
});
