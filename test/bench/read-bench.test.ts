/**
 * The read benchmark's smoke run (bash bench/run.sh --small) runs end to end: every workload of
 * every layout is read by our readers (compiled, on this Node and on Node 24) and by zarr-python 3, every peer that read a layout read
 * the same bytes (the script fails on a checksum mismatch), the table is printed, and the tracked
 * results (bench/RESULTS.md, bench/read-array/last-run.md) are left alone. No timing is asserted.
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

const LAYOUTS = ["f32-v3-zstd", "f32-v2-blosc", "f32-v3-raw", "f32-v3-sharded", "ephys-v3-zstd"];
const tracked = ["bench/RESULTS.md", "bench/read-array/last-run.md"].map((p) => join(ROOT, p));
const snapshot = () => tracked.map((p) => (existsSync(p) ? readFileSync(p, "utf8") : undefined));

interface Run { ok: boolean; checksum?: number; bytes?: number; error?: string; impl?: string }
interface Workload { layout: { id: string }; workload: string; mismatch: string[]; readers: { id: string; skip?: string; runs: Run[] }[] }

describe("read benchmark, small mode", { skip }, () => {
  it("reads every layout and workload on our side and zarr-python 3's with equal checksums", { timeout: 900_000 }, () => {
    const before = snapshot();
    const run = spawnSync("bash", ["bench/run.sh", "--small"], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 });
    assert.equal(run.status, 0, run.stderr.slice(-4000));
    assert.deepEqual(snapshot(), before, "the smoke run must not touch the tracked results");

    const last = JSON.parse(readFileSync(join(ROOT, "bench/data/read-array/small/last-run.json"), "utf8")) as { results: Workload[] };
    const seen = last.results.map((w) => `${w.layout.id} ${w.workload}`);
    assert.deepEqual(seen, LAYOUTS.flatMap((l) => [`${l} whole`, `${l} windows`]));
    for (const w of last.results) {
      const name = `${w.layout.id} ${w.workload}`;
      assert.deepEqual(w.mismatch, [], name);
      const byId = new Map(w.readers.map((r) => [r.id, r]));
      for (const id of ["ours", "ours-node24", "ours-pool", "zarr3"]) {
        const r = byId.get(id);
        assert.ok(r && r.runs.length > 0 && r.runs.every((x) => x.ok), `${name}: ${id} did not read (${r?.skip ?? r?.runs.find((x) => !x.ok)?.error})`);
      }
      // Our reader ran compiled, on the machine's Node and on Node 24.
      assert.match(byId.get("ours")!.runs[0].impl ?? "", new RegExp(`^ours, Node ${process.versions.node.replace(/\./g, "\\.")}$`), name);
      assert.match(byId.get("ours-node24")!.runs[0].impl ?? "", /^ours, Node 24\.\d+\.\d+$/, name);
      const ref = byId.get("ours")!.runs[0];
      assert.ok(ref.bytes! > 0, name);
      for (const r of w.readers) for (const x of r.runs.filter((y) => y.ok)) assert.equal(x.checksum, ref.checksum, `${name}: ${r.id}`);
    }
    assert.match(run.stdout, /\| workload \| ours \| our MB\/s \| % of decode limit \| zarr-python 3 \| tensorstore \| zarrita\.js \| zarr-python 2 \|/);
    // The decode limit of each compressed layout's whole read is measured and shown.
    assert.match(run.stdout, /\| f32-v3-zstd whole \| ours \| \d+ \| \d+% \|/);
    assert.match(run.stdout, /Decode limit \(decode_limit\.py[^)]*\): f32-v3-zstd libzstd/);
  });
});
