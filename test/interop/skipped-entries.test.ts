/**
 * `skippedEntries` of a legacy (Zarr v2) read against hdmf-zarr 0.14's `ZarrV2IO.skipped_entries`,
 * on copies of a file hdmf-zarr 0.13 wrote, each changed one way: folders without Zarr metadata
 * (both list them, in the same order, when the file is read node by node; 0.14 lists the folders
 * of a consolidated file in mode 'r' too, where this reader takes the file as `.zmetadata` names
 * it), a node added after the metadata was consolidated (0.14 reads it; mode 'r' here reads the
 * consolidated view, 'r-' reads it), and the two
 * cases 0.14 skips where this reader raises a typed error instead of leaving the node out (an
 * unknown codec, metadata that is not JSON).
 */
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { convert, IncompleteConversionError, MetadataError, UnknownCodecError, ZarrIO, type DatasetBuilder, type ZarrDataset } from "../../src/index.js";
import { tempFolder } from "../helpers/temp-folders.js";
import { pythonOutput, venvPython } from "../helpers/python.js";
import { REPO_ROOT } from "../helpers/repo-paths.js";
import { readDataset } from "../helpers/zarr-files.js";
import { editNodeMetadata } from "../helpers/store-files.js";

const tmp = tempFolder("interop-skipped-entries");
after(() => rmSync(tmp, { recursive: true, force: true }));

const script = join(REPO_ROOT, "test", "interop", "python", "skipped_entries.py");
const v2 = venvPython("v2");
const v3 = venvPython("v3");
const skip = existsSync(v2) && existsSync(v3) ? false : "SKIP: venv v2 or v3 missing (bash test/interop/setup-venvs.sh)";
const MODES = ["r", "r-"] as const;

interface PythonRead {
  skipped: [string, string][];
  datasets: Record<string, unknown[] | null>;
}
const pythonRead = (store: string, mode: string): PythonRead => JSON.parse(pythonOutput(v3, [script, "read", store, mode]));

async function ourSkipped(store: string, mode: "r" | "r-"): Promise<{ path: string; reason: string }[]> {
  const io = new ZarrIO(store, mode);
  try {
    await io.readBuilder();
    return io.skippedEntries;
  } finally {
    await io.close();
  }
}

let base = "";
let n = 0;
/** A fresh copy of the base file, changed by `edit`. */
function variant(edit: (dir: string) => void): string {
  const dir = join(tmp, `case-${n++}.zarr`);
  cpSync(base, dir, { recursive: true });
  edit(dir);
  return dir;
}

describe("skippedEntries of a legacy read, against hdmf-zarr 0.14's ZarrV2IO", { skip }, () => {
  before(() => {
    base = join(tmp, "base.zarr");
    pythonOutput(v2, [script, "make", base]);
  });

  it("a complete file: nothing skipped by either", async () => {
    for (const mode of MODES) {
      assert.deepEqual(pythonRead(base, mode).skipped, []);
      assert.deepEqual(await ourSkipped(base, mode), []);
    }
  });

  it("folders without Zarr metadata: the same paths, in the same order, read node by node", async () => {
    const junk = (d: string) => {
      mkdirSync(join(d, "junk"));
      writeFileSync(join(d, "junk", "notes.txt"), "not zarr");
      mkdirSync(join(d, "g", "empty"));
    };
    const consolidated = variant(junk);
    const dir = variant((d) => {
      junk(d);
      rmSync(join(d, ".zmetadata"));
    });
    for (const [store, mode] of [[consolidated, "r-"], [dir, "r"], [dir, "r-"]] as const) {
      const theirs = pythonRead(store, mode);
      assert.deepEqual(theirs.skipped.map(([p]) => p), ["/g/empty", "/junk"]);
      const ours = await ourSkipped(store, mode);
      assert.deepEqual(ours.map((e) => e.path), ["/g/empty", "/junk"]);
      assert.match(ours[0].reason, /without Zarr metadata/);
      assert.deepEqual(await readDataset(store, "/g/d", mode), theirs.datasets["/g/d"]);
    }
    // Mode 'r' of a consolidated file: 0.14 lists the folders; here the file is what .zmetadata names.
    assert.deepEqual(pythonRead(consolidated, "r").skipped.map(([p]) => p), ["/g/empty", "/junk"]);
    assert.deepEqual(await ourSkipped(consolidated, "r"), []);
    // A conversion would lose them: refused, as 0.14's export_to_v3 refuses, before anything is written.
    const dest = join(tmp, "converted.zarr");
    await assert.rejects(convert(dir, dest), (e: unknown) =>
      e instanceof IncompleteConversionError && /\/g\/empty/.test(e.message) && /\/junk/.test(e.message));
    assert.equal(existsSync(join(dest, "zarr.json")), false);
  });

  it("a node added after the metadata was consolidated: 0.14 reads it; here mode 'r' reads the consolidated view and 'r-' reads it", async () => {
    const dir = variant((d) => cpSync(join(d, "y"), join(d, "z"), { recursive: true }));
    for (const mode of MODES) {
      const theirs = pythonRead(dir, mode);
      assert.deepEqual(theirs.skipped, []);
      assert.deepEqual(theirs.datasets["/z"], [6, 7]);
    }
    assert.deepEqual(await ourSkipped(dir, "r"), []);
    const io = new ZarrIO(dir, "r");
    assert.deepEqual([...(await io.readBuilder()).datasets.keys()].includes("z"), false);
    await io.close();
    assert.deepEqual(await ourSkipped(dir, "r-"), []);
    assert.deepEqual(await readDataset(dir, "/z", "r-"), [6, 7]);
  });

  it("an unknown codec: 0.14 leaves the array out; here it stays, and reading it is an UnknownCodecError", async () => {
    const dir = variant((d) => editNodeMetadata(d, 2, "y", (doc) => ((doc.compressor as { id: string }).id = "nosuchcodec")));
    rmSync(join(dir, ".zmetadata"));
    for (const mode of MODES) {
      const theirs = pythonRead(dir, mode);
      assert.deepEqual(theirs.skipped.map(([p]) => p), ["/y"]);
      assert.equal("/y" in theirs.datasets, false);
      const io = new ZarrIO(dir, mode);
      const y = (await io.getBuilder("/y")) as DatasetBuilder;
      assert.deepEqual(io.skippedEntries, []);
      await assert.rejects((y.data as ZarrDataset).get(), (e: unknown) => e instanceof UnknownCodecError && e.path === "/y");
      await io.close();
    }
  });

  it("metadata that is not JSON: 0.14 leaves the array out; here the read is a MetadataError naming it", async () => {
    const dir = variant((d) => writeFileSync(join(d, "x", ".zarray"), '{"chunks": [2], "dtype": '));
    rmSync(join(dir, ".zmetadata"));
    for (const mode of MODES) {
      assert.deepEqual(pythonRead(dir, mode).skipped.map(([p]) => p), ["/x"]);
      await assert.rejects(ourSkipped(dir, mode), (e: unknown) => e instanceof MetadataError && e.path === "/x");
    }
  });
});
