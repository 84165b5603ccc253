/**
 * The ZarrIO surface of hdmf-zarr 0.14 against the reference itself: for one NWB file pynwb wrote
 * (nwb/python/write_areas.py, area ecephys), python/zarr_io_surface.py prints what hdmf-zarr's
 * ZarrIO answers — path/abspath (given, through a symbolic link, relative), get_builder_disk_path,
 * get_zarr_parent_path, resolve_ref (dict, JSON string, path string, "/" and ""), get_container,
 * get_type, is_zarr_v2_file — and ours must answer the same for the same file.
 * Needs the v3 venv of setup-venvs.sh; without it every test is skipped with the reason.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { join, relative } from "node:path";
import { before, describe, test } from "node:test";
import { isZarrV2File, ZarrIO, type Container } from "../../src/index.js";
import { NWBZarrIO } from "../../src/nwb/index.js";
import { pythonOutput, scriptFailure, venvPython } from "../helpers/python.js";
import { REPO_ROOT as root } from "../helpers/repo-paths.js";
import { ECEPHYS_FIXTURE } from "../helpers/fixture-paths.js";

const out = join(root, "test-output", "interop", "zarr-io-surface");
const python = venvPython("v3");
const skip = existsSync(python) ? false : "SKIP ZarrIO surface interop: Python venv missing (no Python >= 3.12; see test/interop/setup-venvs.sh)";

const file = join(out, "py", "ecephys.nwb.zarr");
const link = join(out, "link.nwb.zarr");
const missing = join(out, "missing.zarr");
/** Relative to the repository root, where both processes run. */
const relativeFile = relative(root, file);

/** The nodes the Python script names (its NODES), by absolute path. */
const NODES: Record<string, string> = {
  root: "/", acquisition: "/acquisition", raw: "/acquisition/raw", data: "/acquisition/raw/data",
  electrodes: "/general/extracellular_ephys/electrodes", location: "/general/extracellular_ephys/electrodes/location",
};
const TYPED = ["root", "raw", "electrodes", "location"];
const REFS = {
  dict: { source: ".", path: "/acquisition/raw" },
  json: JSON.stringify({ source: ".", path: "/acquisition/raw/data" }),
  plain: "/processing/ecephys/LFP",
  slash: { source: ".", path: "/" },
  empty: { source: ".", path: "" },
};
/** The script's DATA, and the hdmf dtype each Python type of get_type's answer stands for when written. */
const DATA: Record<string, unknown> = { ints: [1, 2], floats: [1.5], text: "abc", bools: [true], float32: new Float32Array([1]) };
const PYTHON_TYPE_AS_DTYPE: Record<string, string> = { int: "int64", float: "float64", str: "str", bool: "bool", float32: "float32" };

interface PythonAnswers {
  paths: Record<string, [string, string]>;
  disk_path: Record<string, string>;
  disk_path_other: string;
  parent_path: Record<string, string>;
  resolve_ref: Record<string, [string, string] | { error: string }>;
  get_container: Record<string, [string, string, string, string | boolean]>;
  get_type: Record<string, string>;
  is_zarr_v2_file: Record<string, boolean>;
}

describe("ZarrIO surface: what hdmf-zarr 0.14 answers for the same file", { skip }, () => {
  let py: PythonAnswers;

  before(() => {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    pythonOutput(python, [join(__dirname, "nwb", "python", "write_areas.py"), join(out, "py"), "ecephys"], { cwd: root, fail: "throw" });
    symlinkSync(file, link);
    const script = join(__dirname, "python", "zarr_io_surface.py");
    const args = [file, link, relativeFile, ECEPHYS_FIXTURE, missing];
    py = JSON.parse(pythonOutput(python, [script, ...args], { cwd: root, fail: "throw", message: scriptFailure(script, args) })) as PythonAnswers;
  }, { timeout: 5 * 60_000 });

  test("path: absolute, symbolic links resolved; abspath the same except through a link", () => {
    assert.equal(process.cwd(), root, "the test runs from the repository root, as the script does");
    for (const [key, given] of [["given", file], ["link", link], ["relative", relativeFile]] as const) {
      const io = new NWBZarrIO(given, "r");
      assert.equal(io.path, py.paths[key][0], key);
      // abspath names the link the store is opened through (destination checks name it); hdmf-zarr resolves it
      assert.equal(io.abspath, key === "link" ? link : py.paths[key][1], key);
    }
    assert.deepEqual(py.paths.link, [file, file], "the reference resolves the link");
  });

  test("getBuilderDiskPath and getZarrParentPath", async () => {
    const io = new NWBZarrIO(file, "r");
    for (const [key, path] of Object.entries(NODES)) {
      const b = await io.getBuilder(path);
      if (key === "root") {
        // hdmf-zarr joins a read root's location with its name "root", a folder that is not there; ours is the store's folder.
        assert.equal(py.disk_path.root, `${file}/root`);
        assert.equal(io.getBuilderDiskPath(b), `${file}/`);
      } else {
        assert.equal(io.getBuilderDiskPath(b), py.disk_path[key], key);
      }
      assert.equal(io.getZarrParentPath(b), py.parent_path[key], key);
      assert.equal(io.getZarrParentPath(path), py.parent_path[key], `${key} by path`);
    }
    assert.equal(io.getBuilderDiskPath(await io.getBuilder(NODES.data), "/elsewhere/f.zarr"), py.disk_path_other);
    await io.close();
  });

  test("resolveRef of a dict, a JSON string and a path string; the root, which hdmf-zarr refuses, is the root builder", async () => {
    const io = new NWBZarrIO(file, "r");
    for (const key of ["dict", "json", "plain"] as const) {
      const got = await io.resolveRef(REFS[key]);
      assert.deepEqual([got.name, got.builder.path], py.resolve_ref[key], key);
    }
    const root = await io.readBuilder();
    for (const key of ["slash", "empty"] as const) {
      assert.deepEqual(py.resolve_ref[key], { error: "ValueError" }, `hdmf-zarr 0.14 refuses ${key}`);
      const got = await io.resolveRef(REFS[key]);
      assert.deepEqual([got.name, got.builder], ["root", root], key);
    }
    await io.close();
  });

  test("getContainer gives the container read() reaches, by builder, path or array", async () => {
    const io = new NWBZarrIO(file, "r");
    const nwbfile = await io.read();
    for (const key of TYPED) {
      const builder = await io.getBuilder(NODES[key]);
      const c: Container = await io.getContainer(builder);
      const parent = key === "root" ? c === nwbfile : c.parent?.name;
      assert.deepEqual([c.typeName, key === "root" ? "root" : c.name, c.objectId, parent], py.get_container[key], key);
      assert.equal(await io.getContainer(NODES[key]), c, `${key} by path`);
    }
    await io.close();
  });

  test("getType names the dtype of the Python type hdmf-zarr gives", () => {
    for (const [key, data] of Object.entries(DATA)) assert.equal(ZarrIO.getType(data), PYTHON_TYPE_AS_DTYPE[py.get_type[key]], key);
  });

  test("isZarrV2File", async () => {
    assert.deepEqual(
      { v3: await isZarrV2File(file), v2: await isZarrV2File(ECEPHYS_FIXTURE), missing: await isZarrV2File(missing) },
      py.is_zarr_v2_file,
    );
    assert.deepEqual(py.is_zarr_v2_file, { v3: false, v2: true, missing: false });
  });
});
