/**
 * NWB HDF5 → Zarr export, checked with pynwb 4.2 + hdmf-zarr 0.14 (the v3 venv of setup-venvs.sh):
 * pynwb writes one HDF5 file per area (python/hdf5_write_areas.py, the content of
 * nwb/python/write_areas.py), and every file of test/fixtures/external/hdf5 is taken as it is. For
 * each, our export (Hdf5IO → ZarrIO.export) must read in pynwb + hdmf-zarr with the values pynwb
 * reads from the HDF5 original, read the same in our own NWBZarrIO, and validate with pynwb as the
 * original does (no errors, or the original's own); for files of the current NWB version, the export
 * has the layout (shapes, types, chunks, codecs, attributes) of hdmf-zarr's own export of the file.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { diffDumps, dumpNwb, referenceRowsAsLists } from "./nwb/ts/dump-nwb.js";
import { exportHdf5To } from "../helpers/export-hdf5.js";
import { HDF5_FIXTURES } from "../helpers/fixture-paths.js";
import { venvPython, pythonOutput, scriptFailure } from "../helpers/python.js";
import { REPO_ROOT as root } from "../helpers/repo-paths.js";
import { readJson } from "../helpers/json-files.js";

const out = join(root, "test-output", "interop", "hdf5");
const python = venvPython("v3");
/** pynwb 4.2 with hdmf-zarr 0.13: reads the legacy convention (Zarr v2). */
const pythonLegacy = venvPython("v2");
const skip = existsSync(python) ? false : "SKIP hdf5 export interop: Python venv missing (no Python >= 3.12; see test/interop/setup-venvs.sh)";
const areas = ["ecephys", "ophys", "behavior", "misc", "intervals", "images"];
const fixtureDir = HDF5_FIXTURES;
const fixtures = existsSync(fixtureDir) ? readdirSync(fixtureDir).filter((f) => f.endsWith(".nwb")).sort() : [];

function py(script: string, args: string[], interpreter = python): string {
  return pythonOutput(interpreter, [script, ...args], { cwd: root, fail: "throw", message: scriptFailure(basename(script), args) });
}
const script = (name: string) => join(__dirname, "python", name);
const nwbScript = (name: string) => join(__dirname, "nwb", "python", name);


/**
 * Inputs with compound columns holding a reference (trials/epochs `timeseries`): hdmf-zarr 0.13 hands
 * pynwb their rows as lists, not records, since we never write pickle (legacy-compound-rows.test.ts);
 * their values are compared in that shape.
 */
const legacyRowLists = new Set(["intervals"]);

/**
 * Arrays whose dimension labels differ from hdmf-zarr's: pynwb's object mappers match these against
 * position specs in ways the spec walk of a builder-level export does not reproduce (it labels the
 * units' electrodes column num_rows where hdmf-zarr writes dim0, and labels images x, y where
 * hdmf-zarr writes none).
 */
const dimsDiffer: Record<string, string[]> = {
  ecephys: ["units/electrodes"],
  images: ["acquisition/pictures/gray", "acquisition/pictures/rgb"],
};

/** Every zarr.json below a store, by node path, without what may differ between two writers of the same content. */
function layout(store: string, skipDims: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const visit = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) visit(join(dir, e.name));
      else if (e.name === "zarr.json") {
        const { consolidated_metadata: _c, attributes = {}, codecs, ...meta } = JSON.parse(readFileSync(join(dir, e.name), "utf8"));
        const { _ARRAY_DIMENSIONS: dims, _LINKS: links, ...attrs } = attributes as Record<string, unknown>;
        const path = relative(store, dir) || "/";
        const sortedLinks = Array.isArray(links) ? links.map((l) => JSON.stringify(l)).sort() : links;
        // zarr-python writes `bytes` without its endian for one-byte types: same meaning.
        const codecNames = Array.isArray(codecs) ? codecs.map((c: { name: string; configuration?: unknown }) => (c.name === "bytes" ? "bytes" : c)) : codecs;
        out[path] = { ...meta, codecs: codecNames, attributes: { ...attrs, _LINKS: sortedLinks, _ARRAY_DIMENSIONS: skipDims.includes(path) ? "(differs)" : dims } };
      }
    }
  };
  visit(store);
  return out;
}

interface Validation {
  pynwb: string[];
}

describe("NWB HDF5 → Zarr export, read by pynwb + hdmf-zarr", { skip }, () => {
  // `current`: written by the pynwb of the venv. hdmf-zarr's export of an older file goes through
  // pynwb's containers and so migrates it (nwb_version, the cached schema of the installed pynwb,
  // defaults pynwb fills in); ours copies the file as it is, as a Zarr → Zarr export does, so the
  // layouts are compared for current files only.
  const inputs: { name: string; file: string; current: boolean }[] = [
    ...areas.map((a) => ({ name: a, file: join(out, "h5", `${a}.nwb`), current: true })),
    ...fixtures.map((f) => ({ name: `fixture ${f}`, file: join(fixtureDir, f), current: false })),
  ];
  const zarrOf = (file: string) => join(out, "zarr", basename(file).replace(/\.nwb$/, ".nwb.zarr"));
  const originalDump = (file: string) => join(out, "dumps", `${basename(file)}.h5.json`);

  before(() => {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(join(out, "zarr"), { recursive: true });
    mkdirSync(join(out, "dumps"), { recursive: true });
    py(script("hdf5_write_areas.py"), [join(out, "h5")]);
    for (const { file } of inputs) py(script("hdf5_dump_nwb.py"), [file, "--out", originalDump(file)]);
  }, { timeout: 5 * 60_000 });

  for (const { name, file, current } of inputs) {
    test(`${name}: pynwb reads our export with the values of the HDF5 original, and validates it as the original`, { timeout: 120_000 }, async () => {
      const zarr = zarrOf(file);
      await exportHdf5To(file, zarr);
      const dump = join(out, "dumps", `${basename(zarr)}.json`);
      py(nwbScript("dump_nwb.py"), [zarr, "--out", dump]);
      const diffs = diffDumps(readJson(dump), readJson(originalDump(file)));
      assert.deepEqual(diffs, [], `pynwb reads our export differently ("ours" = the export, "pynwb" = the HDF5 original):\n${diffs.join("\n")}`);

      const ours = (JSON.parse(py(nwbScript("validate_nwb.py"), [zarr])) as Record<string, Validation>)[zarr];
      const original = (JSON.parse(py(script("hdf5_validate_nwb.py"), [file])) as Record<string, Validation>)[file];
      assert.deepEqual(ours.pynwb, original.pynwb, "pynwb.validate judges our export differently from the original");
    });

    test(`${name}: the export has the layout of hdmf-zarr's own export (shapes, types, chunks, codecs, attributes)`, {
      timeout: 120_000, skip: current ? false : "an older NWB version: hdmf-zarr's export migrates it to the installed schema, ours keeps it",
    }, async () => {
      const zarr = zarrOf(file);
      if (!existsSync(zarr)) await exportHdf5To(file, zarr);
      const theirs = join(out, "zarr-hdmf", basename(zarr));
      py(script("hdf5_export_python.py"), [file, theirs]);
      const skipDims = dimsDiffer[name] ?? [];
      assert.deepEqual(layout(zarr, skipDims), layout(theirs, skipDims));
    });

    test(`${name}: exported in the legacy convention (Zarr v2), pynwb with hdmf-zarr 0.13 reads the same values`, {
      timeout: 120_000,
      skip: existsSync(pythonLegacy) ? false : "SKIP: the hdmf-zarr 0.13 venv is missing",
    }, async () => {
      const zarr = join(out, "zarr-v2", basename(zarrOf(file)));
      await exportHdf5To(file, zarr, 2);
      const dump = join(out, "dumps", `${basename(zarr)}.v2.json`);
      py(nwbScript("dump_nwb.py"), [zarr, "--out", dump], pythonLegacy);
      const original = readJson(originalDump(file));
      const diffs = diffDumps(readJson(dump), legacyRowLists.has(name) ? referenceRowsAsLists(original) : original);
      assert.deepEqual(diffs, [], `pynwb + hdmf-zarr 0.13 reads our v2 export differently:\n${diffs.join("\n")}`);
    });

    test(`${name}: our NWBZarrIO reads the export with the same values`, { timeout: 60_000 }, async () => {
      const zarr = zarrOf(file);
      if (!existsSync(zarr)) await exportHdf5To(file, zarr);
      const diffs = diffDumps(await dumpNwb(zarr), readJson(originalDump(file)));
      assert.deepEqual(diffs, [], `our read of the export differs from pynwb's read of the original:\n${diffs.join("\n")}`);
    });
  }
});
