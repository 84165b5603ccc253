/**
 * Reference columns as hdmf-zarr's lazy reference datasets, against the real Python:
 * - a file pynwb + hdmf-zarr 0.14 writes (electrodes' `group` column, 10 rows) is read here row by
 *   row: the first rows come from the one chunk of the column, and no chunk of any other dataset is
 *   read; the names match Python's `data[:]`, iteration and `invert()`;
 * - references appended here in mode `a` (to that file, and to a Zarr v2 file written here) are read
 *   back by hdmf-zarr 0.14 / 0.13 as `BuilderZarrReferenceDataset` rows and stored paths, value for
 *   value, through the consolidated metadata, with only the new rows' chunk written;
 * - a row added here to the table of that file in mode `a` grows the reference column with the
 *   others, and Python reads the new reference.
 * Needs the venvs of setup-venvs.sh; without them the tests are skipped with the reason.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Device, ElectrodeGroup, NWBFile, NWBZarrIO, loadNwbTypes } from "../../src/nwb/index.js";
import { ZarrDataIO } from "../../src/io/zarr-data-io.js";
import { ContainerZarrReferenceDataset } from "../../src/build/reference-data.js";
import { venvPython, pythonOutput, scriptFailure } from "../helpers/python.js";
import { REPO_ROOT as root } from "../helpers/repo-paths.js";
import { chunksOf, recordingStore } from "../helpers/recording-store.js";

const out = join(root, "test-output", "interop", "reference-datasets");
const script = join(__dirname, "python", "reference_datasets.py");
const GROUP = "/general/extracellular_ephys/electrodes/group";
const ROWS = 10;
const alternating = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? "shank0" : "shank1"));
const nameOf = (v: unknown) => (v as { name: string }).name;

interface PythonView {
  class: string;
  length: number;
  all: string[];
  iterated: string[];
  first_two?: string[];
  builders?: string[];
  builder_class?: string;
  paths?: string[];
}

function run(venv: "v3" | "v2", args: string[]): string {
  return pythonOutput(venvPython(venv), [script, ...args], { cwd: root, fail: "throw", message: scriptFailure("reference_datasets.py", args) });
}
const view = (venv: "v3" | "v2", command: string, path: string): PythonView => JSON.parse(run(venv, [command, path]));

/** The column's data of a file open in `io`. */
async function groupColumn(io: NWBZarrIO): Promise<{ file: NWBFile; data: ContainerZarrReferenceDataset }> {
  const file = await io.read();
  const data = file.electrodes!.column("group")!.data;
  assert.ok(data instanceof ContainerZarrReferenceDataset, `got ${String(data)}`);
  return { file, data };
}

/** Append shank1 then shank0 to the group column of the file at `path` (mode `a`); the chunks written. */
async function appendTwo(path: string): Promise<string[]> {
  const { store, writes } = recordingStore(path);
  const io = new NWBZarrIO(store, "a");
  const { file, data } = await groupColumn(io);
  writes.length = 0;
  await data.append(file.electrodeGroups.get("shank1"));
  await data.append(file.electrodeGroups.get("shank0"));
  await io.close();
  return chunksOf(writes, GROUP);
}

const skipV3 = existsSync(venvPython("v3")) ? false : "SKIP reference dataset interop: v3 venv missing (see test/interop/setup-venvs.sh)";
const skipV2 = existsSync(venvPython("v2")) ? false : "SKIP reference dataset interop: v2 venv missing (see test/interop/setup-venvs.sh)";

before(async () => {
  await loadNwbTypes();
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
});

describe("a file written by hdmf-zarr 0.14", { skip: skipV3 }, () => {
  const written = join(out, "py-refs.nwb.zarr");
  before(() => {
    run("v3", ["write", written]);
  });

  test("is read here row by row, as Python reads it", async () => {
    const python = view("v3", "read", written);
    assert.equal(python.class, "ContainerZarrReferenceDataset");
    assert.deepEqual(python.all, alternating(ROWS));

    const { store, reads } = recordingStore(written);
    const io = new NWBZarrIO(store, "r");
    const { data } = await groupColumn(io);
    reads.length = 0;
    assert.deepEqual((await data.slice(0, 2)).map(nameOf), python.first_two);
    // One chunk of the column, and nothing else's values.
    assert.deepEqual(chunksOf(reads, GROUP), ["0"]);
    assert.deepEqual(reads.filter((k) => !k.endsWith("zarr.json") && !k.startsWith(GROUP.slice(1))), []);
    const iterated: string[] = [];
    for await (const g of data) iterated.push(nameOf(g));
    assert.deepEqual(iterated, python.iterated);
    const builders = await data.invert().slice();
    assert.deepEqual(builders.map(nameOf), python.builders);
    await io.close();
  });

  test("takes references appended here in mode 'a', which Python reads back", async () => {
    const copy = join(out, "py-refs-appended.nwb.zarr");
    cpSync(written, copy, { recursive: true });
    // Python writes the 10 references in one chunk of 10: the two new rows go to chunk 1 only.
    assert.deepEqual(await appendTwo(copy), ["1", "1"]);
    const python = view("v3", "read-builders", copy);
    assert.equal(python.class, "BuilderZarrReferenceDataset");
    assert.equal(python.length, ROWS + 2);
    assert.deepEqual(python.all, [...alternating(ROWS), "shank1", "shank0"]);
    assert.deepEqual(python.iterated, python.all);
    assert.deepEqual(python.paths?.slice(ROWS), ["/general/extracellular_ephys/shank1", "/general/extracellular_ephys/shank0"]);
  });

  test("takes a row added here to its table in mode 'a', whose reference Python reads", async () => {
    const copy = join(out, "py-refs-rows.nwb.zarr");
    cpSync(written, copy, { recursive: true });
    const io = new NWBZarrIO(copy, "a");
    const file = await io.read();
    file.addElectrode({ group: file.electrodeGroups.get("shank0")!, location: "CA3", x: 10, y: 10, z: 10 });
    await io.close();
    const python = view("v3", "read", copy);
    assert.equal(python.length, ROWS + 1);
    assert.deepEqual(python.all, [...alternating(ROWS), "shank0"]);
  });
});

describe("a Zarr v2 file written here", { skip: skipV2 }, () => {
  test("takes references appended here, which hdmf-zarr 0.13 reads back", async () => {
    const path = join(out, "ts-refs-v2.nwb.zarr");
    const file = new NWBFile({ identifier: "refs-v2", sessionDescription: "refs", sessionStartTime: new Date("2024-01-02T03:04:05.000Z") });
    const device = file.addDevice(new Device({ name: "probe", description: "a probe" }));
    const groups = ["shank0", "shank1"].map((name) => file.addElectrodeGroup(new ElectrodeGroup({ name, description: name, location: "CA1", device })));
    const rows = Array.from({ length: ROWS }, (_, i) => i);
    file.addElectrodes({ location: rows.map(() => "CA1"), group: rows.map((i) => groups[i % 2]), x: rows, y: rows, z: rows });
    const column = file.electrodes!.column("group")!;
    column.data = new ZarrDataIO(column.data as unknown[], { chunks: [4] });
    const io = new NWBZarrIO(path, "w", { zarrFormat: 2 });
    await io.write(file);
    await io.close();

    // Rows 10 and 11 are in chunk 2 (rows 8–11), which is read and written again.
    assert.deepEqual(await appendTwo(path), ["2", "2"]);
    const python = view("v2", "read-builders", path);
    assert.equal(python.class, "BuilderZarrReferenceDataset");
    assert.equal(python.length, ROWS + 2);
    assert.deepEqual(python.all, [...alternating(ROWS), "shank1", "shank0"]);
    assert.deepEqual(python.paths?.slice(ROWS), ["/general/extracellular_ephys/shank1", "/general/extracellular_ephys/shank0"]);
  });
});
