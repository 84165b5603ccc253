/**
 * The write benchmark's small mode (bench/write-array/run.sh --small) runs end to end: the signal
 * file is made once and read by every writer, both sides write with 1 and 2 jobs, with plain chunks
 * and sharded (ours also on Node 24 where the repository has it), every store holds exactly the
 * values of the signal formula (checked by zarr-python, which also reads our files), both sides
 * produce figures with their CPU seconds, the reads of the written arrays agree, and
 * bench/RESULTS.md is left alone. No timing is asserted.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { tempFolder } from "../helpers/temp-folders.js";
import { REPO_ROOT as ROOT } from "../helpers/repo-paths.js";
import { venvPython } from "../helpers/python.js";

// The benchmark scripts run the repository's own .venv-interop, whatever INTEROP_VENV_DIR says.
const python = venvPython("v3", { fromEnv: false });
const skip = existsSync(python) ? false : "SKIP: Python venv missing (bash test/interop/setup-venvs.sh)";
const out = tempFolder("write-bench");
after(() => rmSync(out, { recursive: true, force: true }));

describe("write benchmark, small mode", { skip }, () => {
  it("writes, checks and reads on both sides", { timeout: 600_000 }, () => {
    const results = join(ROOT, "bench", "RESULTS.md");
    const before = readFileSync(results, "utf8");
    const run = spawnSync("bash", ["bench/write-array/run.sh", "--small", "--out", out, "--windows", "20"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(readFileSync(results, "utf8"), before);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));

    const stores = Object.entries(summary.verify) as [string, { ok: boolean; wrong: number; shape: number[]; chunks: number[]; shards: number[] | null; codecs: string[] }][];
    const node24 = "ours-node24-j1" in summary.writes ? ["ours-node24-j1", "ours-node24-j2"] : [];
    const labels = ["ours-j1", "ours-j2", "ours-sharded-j1", "ours-sharded-j2", "python-j1", "python-j2", "python-sharded-j1", "python-sharded-j2", ...node24];
    // Each store by its folder: the NWB files' arrays lie inside them, zarr-python's array is the folder.
    const storeName = (path: string) => path.split("/").find((part) => part.endsWith(".zarr"));
    assert.deepEqual(stores.map(([p]) => storeName(p)).sort(), [...labels.map((l) => `${l}.nwb.zarr`), "zarr-python.zarr"].sort());
    for (const [path, v] of stores) {
      const sharded = path.includes("-sharded-");
      assert.equal(v.wrong, 0, `${path}: wrong values`);
      assert.deepEqual(v.shape, [262144, 64]);
      // Sharded: the usual chunks are the inner chunks of shards of one buffer's rows.
      assert.deepEqual(v.chunks, [16384, 64]);
      assert.deepEqual(v.shards, sharded ? [65536, 64] : null, path);
      assert.deepEqual(v.codecs, sharded ? ["sharding_indexed"] : ["bytes", "zstd"], path);
    }

    for (const label of labels) {
      const w = summary.writes[label];
      assert.equal(w.bytes, 262144 * 64 * 2, label);
      assert.equal(w.jobs, Number(label.at(-1)), label);
      assert.equal(w.shardRows, label.includes("-sharded-") ? 65536 : 0, label);
      // CPU seconds come from /usr/bin/time -v.
      for (const k of ["seconds", "mbps", "peak_rss_mb", ...(existsSync("/usr/bin/time") ? ["cpu_seconds"] : [])]) assert.ok(Number.isFinite(w[k]) && w[k] > 0, `${label}.${k} = ${w[k]}`);
    }
    assert.equal(summary.signal.bytes, 262144 * 64 * 2, "the signal file holds the whole array");
    assert.ok(!existsSync(join(out, "signal.i16")), "the signal file is removed after the writes");
    if (node24.length) assert.match(run.stdout, /\| ours \(Node 24\.\d+\.\d+\) \| chunks \| 1 \|/);
    assert.match(summary.writes["python-j1"].impl, /^hdmf-zarr 0\.14/);
    const zp = summary.writes["zarr-python"];
    assert.equal(zp.bytes, 262144 * 64 * 2, "zarr-python wrote the same array");
    assert.ok(Number.isFinite(zp.seconds) && zp.seconds > 0, `zarr-python seconds = ${zp.seconds}`);
    assert.match(run.stdout, /\| zarr-python 3\.\d+\.\d+ \(array only\) \| 1 \|/);

    for (const src of ["ours-j2", "python-j1", "ours-sharded-j2"]) {
      const r = summary.reads[src];
      assert.equal(r.checksumsEqual, true, `${src}: both readers read the same values`);
      assert.equal(r.python.whole.bytes, 262144 * 64 * 2);
      assert.equal(r.ours.whole.bytes, 262144 * 64 * 2);
      assert.equal(r.ours.slices.count, 20);
      assert.ok(r.ours.whole.mbps > 0 && r.python.whole.mbps > 0);
    }
    assert.match(run.stdout, /\| ours \| chunks \| 2 \|/);
    assert.match(run.stdout, /\| ours \| sharded \| 2 \|/);
    assert.match(run.stdout, /\| hdmf-zarr 0\.14\.0 \| sharded \| 1 \|/);
  });
});
