/**
 * bench/zstd/run.ts and decode.ts run end to end in their smallest setting: every contender this
 * Node has is raced, each frame it makes decodes (in numcodecs) to its input, and each decoder
 * gives the input back (the scripts throw otherwise). No timing is asserted.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { nativeZstd } from "../../../src/zarr/codecs/native/zstd-addon.js";
import { zlibZstd } from "../../../src/zarr/codecs/native/zstd-builtin.js";
import { REPO_ROOT } from "../../helpers/repo-paths.js";

it("the zstd benchmark races every zstd of this Node on checked frames and prints the load", { timeout: 120_000 }, () => {
  const script = join(REPO_ROOT, "bench", "zstd", "run.ts");
  const args = ["--import", "tsx", script, "--reps", "1", "--sizes", "1", "--levels", "1", "--frame-kib", "0", "--inflight", "1"];
  const r = spawnSync(process.execPath, args, { encoding: "utf8", timeout: 110_000 });
  assert.equal(r.status, 0, r.stderr);
  const out = r.stdout;
  assert.match(out, new RegExp(`^# Zstandard in Node ${process.version.replace(/\./g, "\\.")}`, "m"));
  assert.match(out, /load average at start: [\d.]+ [\d.]+ [\d.]+/);
  assert.match(out, /load average at end: /);
  const titles = out.match(/^### .*/gm) ?? [];
  assert.deepEqual(titles.map((t) => t.replace(/ \(.*$/, "")), [
    "### encode int16 384 ch, 1.0 MiB, level 1",
    "### decode int16 384 ch, 1.0 MiB",
    "### encode float32 128 ch, 1.0 MiB, level 1",
    "### decode float32 128 ch, 1.0 MiB",
    "### summary: speed relative to the addon",
  ]);
  const rows = (name: string) => out.split("\n").filter((l) => l.startsWith(`| ${name} |`)).length;
  assert.equal(rows("addon"), nativeZstd() ? 4 : 0);
  assert.equal(rows("node:zlib (codec: async, one buffer)"), zlibZstd() ? 4 : 0);
  assert.equal(rows("numcodecs WebAssembly"), 4);
  // Frames compress these chunks: int16 about 2:1, float32 random walks barely.
  const ratios = [...out.matchAll(/^\| numcodecs WebAssembly \|(?:[^|]*\|){5} ([\d.]+) \|$/gm)].map((m) => Number(m[1]));
  assert.equal(ratios.length, 2);
  assert.ok(ratios[0] > 1.5 && ratios[1] > 1 && ratios[1] < 1.3, String(ratios));
});

it("the decode benchmark runs every backend next to Python's numcodecs on checked frames and prints the load", { timeout: 120_000 }, () => {
  const script = join(REPO_ROOT, "bench", "zstd", "decode.ts");
  const args = ["--import", "tsx", script, "--reps", "1", "--sizes", "0.25", "--levels", "3"];
  const r = spawnSync(process.execPath, args, { encoding: "utf8", timeout: 110_000 });
  assert.equal(r.status, 0, r.stderr);
  const out = r.stdout;
  assert.match(out, new RegExp(`^# Zstandard decoding in Node ${process.version.replace(/\./g, "\\.")}`, "m"));
  assert.match(out, /load average at start: [\d.]+ [\d.]+ [\d.]+/);
  assert.match(out, /load average at end: [\d.]+ [\d.]+ [\d.]+/);
  const titles = (out.match(/^### .*/gm) ?? []).map((t) => t.replace(/ \(.*$/, ""));
  const unsized = nativeZstd() || zlibZstd() ? ["### decode float32 random walk, 0.25 MiB, level 3, no size stated"] : [];
  assert.deepEqual(titles, ["### decode float32 random walk, 0.25 MiB, level 3", ...unsized, "### summary: median MB/s of decoded output, one call at a time"]);
  const rows = (name: string) => out.split("\n").filter((l) => l.startsWith(`| ${name} |`)).length;
  assert.equal(rows("codec (auto)"), titles.length - 1);
  assert.equal(rows("numcodecs WebAssembly"), titles.length - 1);
  assert.equal(rows("node:zlib sync, buffer of size+1"), zlibZstd() ? titles.length - 1 : 0);
  const python = existsSync(join(REPO_ROOT, ".venv-interop", "v3", "bin", "python"));
  assert.equal(out.split("\n").filter((l) => l.startsWith("| Python numcodecs ")).length, python ? titles.length - 1 : 0);
});
