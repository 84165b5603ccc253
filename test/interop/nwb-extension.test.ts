/**
 * NWB interop for an extension from PyPI: ndx-pose (pinned in requirements-v3.txt), written by
 * pynwb 4.2 + hdmf-zarr 0.14 (Zarr v3) in nwb/python/write_extension.py.
 *  - our NWBZarrIO reads it with no extension code (ndx-pose types become generic containers from
 *    the namespace cached in the file) and our dump equals pynwb's, field by field;
 *  - we write it again: the ndx-pose namespace is cached in our copy, pynwb (with ndx_pose
 *    imported) reads the same values from it and pynwb.validate finds no errors.
 * Needs the v3 venv of setup-venvs.sh; without it every test is skipped with the reason.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { diffDumps, dumpNwb } from "./nwb/ts/dump-nwb.js";
import { NWBZarrIO } from "../../src/nwb/index.js";
import { ZarrIO } from "../../src/index.js";
import { venvPython, pythonOutput, scriptFailure } from "../helpers/python.js";
import { REPO_ROOT as root } from "../helpers/repo-paths.js";
import { readJson } from "../helpers/json-files.js";

const out = join(root, "test-output", "interop", "nwb-extension");
const python = venvPython("v3");
const script = join(__dirname, "nwb", "python", "write_extension.py");
const pyFile = join(out, "py", "extension.nwb.zarr");
const tsFile = join(out, "ts", "extension.nwb.zarr");

const skip = existsSync(python) ? false : "SKIP nwb extension interop: Python venv missing (no Python >= 3.12; see test/interop/setup-venvs.sh)";

function py(args: string[]): string {
  return pythonOutput(python, [script, ...args], { cwd: root, fail: "throw", message: scriptFailure("write_extension.py", args) });
}


describe("NWB extension (ndx-pose) interop with pynwb", { skip }, () => {
  before(() => {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(join(out, "ts"), { recursive: true });
    py(["write", join(out, "py")]);
    py(["dump", pyFile, "--out", `${pyFile}.dump.json`]);
  }, { timeout: 2 * 60_000 });

  test("pynwb writes, we read the extension's objects with the same values", async () => {
    const ours = await dumpNwb(pyFile);
    // The extension's types are there under their own names, not collapsed to a base type.
    const types = new Set(Object.values(ours.objects).map((o) => o.type));
    for (const t of ["Skeletons", "Skeleton", "PoseEstimation", "PoseEstimationSeries"]) assert.ok(types.has(t), `no ${t} in our read`);
    assert.deepEqual(ours.objects["/behavior/Skeletons/mouse_skeleton"].fields.nodes, ["nose", "left_ear", "right_ear"]);
    const diffs = diffDumps(ours, readJson(`${pyFile}.dump.json`));
    assert.deepEqual(diffs, [], `our read differs from pynwb's:\n${diffs.join("\n")}`);
  });

  // Known failure of our library, kept visible: writing caches only the namespaces of its own
  // bundled specs (core, hdmf-common), not ndx-pose read from the file's cache.
  let written: Promise<void> | undefined;
  const writeCopy = () => (written ??= (async () => {
    const file = await NWBZarrIO.readNwb(pyFile);
    const io = new NWBZarrIO(tsFile, "w");
    await io.write(file, { linkData: false });
    await io.close();
  })());

  test("we write it again and the ndx-pose namespace is cached in our copy", async () => {
    await writeCopy();
    const cached = (await ZarrIO.loadNamespaces(tsFile)).map((n) => n.name);
    assert.ok(cached.includes("ndx-pose"), `ndx-pose not cached in our file (cached: ${cached.join(", ")})`);
  });

  test("pynwb (with ndx_pose imported) reads our copy with the same values and validates it", async () => {
    await writeCopy();
    py(["dump", tsFile, "--out", `${tsFile}.dump.json`]);
    const diffs = diffDumps(readJson(`${tsFile}.dump.json`), readJson(`${pyFile}.dump.json`));
    assert.deepEqual(diffs, [], `pynwb reads our copy differently ("ours" = our copy, "pynwb" = the original):\n${diffs.join("\n")}`);

    const checks = JSON.parse(py(["validate", tsFile])) as Record<string, { pynwb: string[] }>;
    assert.deepEqual(checks[tsFile].pynwb, [], "pynwb.validate finds errors in our file");
  });
});
