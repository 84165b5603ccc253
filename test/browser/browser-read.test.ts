/**
 * The browser read path as bench/browser-read/run.ts measures it, once on the small data: Debian's
 * chromium reads the float32 layouts (v3 zstd, v2 blosc) over HTTP, whole and by windows, in a
 * cross-origin isolated page with the Web Worker pool, the same page without it, a page that is not
 * isolated, and one that passes the pool as `decodePool`. Every read's checksum equals
 * zarr-python 3's; the isolated page decoded the whole array's chunks in the workers and started
 * none for the windows (small reads); the page that is not isolated decoded on its main thread
 * without failing. No timing is asserted.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { WorkloadRuns } from "../../bench/browser-read/run.js";
import { REPO_ROOT } from "../helpers/repo-paths.js";
import { removeFolder, tempFolder } from "../helpers/temp-folders.js";

const PYTHON = join(REPO_ROOT, ".venv-interop/v3/bin/python");
const DATA = join(REPO_ROOT, "bench/data/read-array/small");

function whyNot(): string | undefined {
  if (!existsSync("/usr/bin/chromium")) return "Debian's chromium is not installed (test/browser/setup-lab.sh installs it)";
  if (!existsSync(PYTHON)) return "zarr-python 3 venv missing (test/interop/setup-venvs.sh)";
  return undefined;
}

/** The read benchmark's small data, made here when no run made it yet (each store appears only once complete). */
function makeSmallData(): void {
  // As bench/run.sh runs it: this machine's OpenBLAS tuning variables only confuse numpy's OpenBLAS.
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const p = spawnSync(PYTHON, ["bench/read-array/make_data.py", "--size", "small", "--out", DATA], { cwd: REPO_ROOT, encoding: "utf8", env, timeout: 300_000 });
  assert.equal(p.status, 0, `make_data.py failed:\n${p.stdout}\n${p.stderr}`);
}

describe("browser reads (bench/browser-read --small)", () => {
  const skip = whyNot();
  it("read every layout in chromium with zarr-python 3's checksums, in the isolated page's workers", { skip, timeout: 600_000 }, (t) => {
    makeSmallData();
    const dir = tempFolder("browser-read");
    t.after(() => removeFolder(dir));
    const json = join(dir, "runs.json");
    const p = spawnSync(process.execPath, ["--import", "tsx", "bench/browser-read/run.ts", "--small", "--rounds", "1", "--windows", "10", "--json", json], {
      cwd: REPO_ROOT, encoding: "utf8", timeout: 540_000,
    });
    assert.equal(p.status, 0, `run.ts failed:\n${p.stdout}\n${p.stderr}`);
    assert.match(p.stdout, /^Chromium \d+\.\d+/m);
    const results = JSON.parse(readFileSync(json, "utf8")) as WorkloadRuns[];
    assert.deepEqual(results.map((r) => `${r.layout} ${r.workload}`), ["f32-v3-zstd whole", "f32-v3-zstd windows", "f32-v2-blosc whole", "f32-v2-blosc windows"]);
    for (const w of results) {
      const where = `${w.layout} ${w.workload}`;
      assert.deepEqual(w.mismatch, [], where);
      const by = Object.fromEntries(w.readers.map((r) => [r.reader, r]));
      const python = by["zarr-python 3"].runs[0];
      // 12500 × 768 float32 whole; 10 windows of 1000 rows × 768.
      assert.equal(python.bytes, w.workload === "whole" ? 12500 * 768 * 4 : 10 * 1000 * 768 * 4, where);
      for (const mode of ["workers", "main", "plain", "pool-back"]) {
        const run = by[mode].runs[0];
        assert.ok(run, `${where}: ${mode} gave no result (${by[mode].errors.join("; ")})`);
        assert.equal(run.checksum, python.checksum, `${where}: ${mode}`);
        assert.equal(run.bytes, python.bytes, `${where}: ${mode}`);
      }
      const workers = by.workers.runs[0].browser!;
      assert.equal(workers.crossOriginIsolated, true, where);
      if (w.workload === "whole") {
        // The whole array (38 MB) is 6 chunks (2 rows × 3 columns of chunks): each decoded in a worker.
        assert.equal(workers.chunksInto, 6, where);
        assert.ok(workers.workersStarted >= 1 && workers.workersStarted <= Math.min(workers.cores, 8), `${where}: ${workers.workersStarted} workers`);
      } else {
        // A window of 1000 rows (3 MB) is a small read: it decodes on the main thread, no worker started.
        assert.equal(workers.chunksInto + workers.workersStarted, 0, where);
      }
      const main = by.main.runs[0].browser!;
      assert.equal(main.chunksInto + main.workersStarted, 0, `${where}: the page without workers started some`);
      const plain = by.plain.runs[0].browser!;
      assert.equal(plain.crossOriginIsolated, false, where);
      assert.equal(plain.workersStarted, 0, `${where}: a page that is not isolated has no shared output; its workers stay unstarted`);
      assert.ok(by["pool-back"].runs[0].browser!.chunksBack > 0, `${where}: the pool passed as decodePool sent no chunk back`);
    }
  });
});
