/**
 * The hdmf-common file Python writes with the container API (test/interop/python/write_hdmf_common.py:
 * a SimpleMultiContainer holding `trials` — text, float with NaN, ragged float with an empty row,
 * a region into `targets` — and `targets`), read in both conventions into containers; every value
 * checked through the DynamicTable API, with nothing read before it is asked for. Then tables built
 * in code (a doubly ragged column, a ragged region) written and read back in both formats.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { join } from "node:path";
import { ZarrIO } from "../../../src/index.js";
import {
  DynamicTable, DynamicTableRegion, ElementIdentifiers, LazyData, VectorData, VectorIndex, loadBundledTypeMap, readContainer,
  writeContainer, type Container,
} from "../../../src/build/index.js";
import { CountingStore, pythonCommonFile, pythonFilesSkip } from "./helpers.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const skip = pythonFilesSkip();
const temps = tempFolders("build-common");
after(() => temps.cleanup());

const TRIALS = [
  { id: 0, text: "first", value: 0.5, spikes: [1, 2, 3], target: { id: 0, label: "alpha" } },
  { id: 1, text: "zweite Zeile ü", value: -1.25, spikes: [], target: { id: 2, label: "gamma" } },
  { id: 2, text: "", value: NaN, spikes: [4.5], target: { id: 1, label: "beta" } },
];

for (const conv of ["v3", "v2"] as const) {
  describe(`Python's hdmf-common file (${conv})`, { skip }, () => {
    let store: CountingStore;
    let io: ZarrIO;
    let root: Container;
    let trials: DynamicTable;
    let targets: DynamicTable;

    it("reads into a SimpleMultiContainer of two DynamicTables without reading any array", async () => {
      store = new CountingStore(pythonCommonFile(conv));
      io = new ZarrIO(store, "r");
      root = await readContainer(io, await loadBundledTypeMap());
      assert.equal(root.typeName, "SimpleMultiContainer");
      assert.equal(root.namespace, "hdmf-common");
      assert.deepEqual(root.children.map((c) => c.name).sort(), ["targets", "trials"]);
      trials = root.child("trials") as DynamicTable;
      targets = root.child("targets") as DynamicTable;
      assert.ok(trials instanceof DynamicTable && targets instanceof DynamicTable);
      assert.equal(trials.parent, root);
      assert.equal(trials.length, 3);
      assert.equal(targets.length, 3);
      assert.deepEqual([...store.chunkReads], [], "opening reads metadata only");
    });

    it("keeps the object ids, descriptions and colnames of the file", async () => {
      const rootBuilder = await io.getBuilder("/");
      assert.equal(root.objectId, rootBuilder.attributes.object_id);
      assert.equal(trials.objectId, (await io.getBuilder("/trials")).attributes.object_id);
      assert.equal(trials.column("spikes")!.objectId, (await io.getBuilder("/trials/spikes")).attributes.object_id);
      assert.equal(trials.description, "a table with every common column kind");
      assert.equal(targets.description, "rows that the region column points at");
      assert.deepEqual(trials.colnames, ["text", "value", "spikes", "target"]);
      assert.deepEqual(targets.colnames, ["label"]);
      assert.deepEqual(trials.columns.map((c) => [c.name, c.typeName, c.description]), [
        ["text", "VectorData", "a text column"],
        ["value", "VectorData", "a float column"],
        ["spikes", "VectorData", "a ragged float column"],
        ["target", "DynamicTableRegion", "a region into targets"],
      ]);
    });

    it("links the ragged column's index to its target and the region to its table", () => {
      const spikes = trials.column("spikes")!;
      const [index] = trials.indexesOf("spikes");
      assert.ok(index instanceof VectorIndex);
      assert.equal(index.name, "spikes_index");
      assert.equal(index.description, "Index for VectorData 'spikes'");
      assert.equal(index.target, spikes);
      assert.equal(trials.columnEntry("spikes"), index);
      assert.deepEqual(trials.indexesOf("text"), []);
      const region = trials.column("target");
      assert.ok(region instanceof DynamicTableRegion);
      assert.equal(region.table, targets, "the region's table is the same object as the sibling table");
      // Typed as the DynamicTable it is: its table methods need no cast.
      const table: DynamicTable | undefined = region.table;
      assert.deepEqual(table?.colnames, targets.colnames);
      assert.ok(trials.id instanceof ElementIdentifiers);
      assert.ok(spikes.data instanceof LazyData);
      assert.deepEqual(spikes.shape, [4]);
      assert.deepEqual([...store.chunkReads], []);
    });

    it("getRow reads one row: ragged values split, the region resolved to the target row", async () => {
      const row = await trials.getRow(1);
      assert.deepEqual(row, TRIALS[1]);
      assert.ok(store.chunkReads.length > 0);
      assert.ok(store.chunkReads.every((k) => k.startsWith("trials/") || k.startsWith("targets/")), store.chunkReads.join(", "));
      assert.deepEqual(await trials.getRow(-1), TRIALS[2]);
      assert.deepEqual(await trials.getRow(0, { resolveRegions: false }), { ...TRIALS[0], target: 0 });
      await assert.rejects(trials.getRow(3), /out of range/);
    });

    it("toRecords, getRows and readColumn give every value", async () => {
      assert.deepEqual(await trials.toRecords(), TRIALS);
      assert.deepEqual(await trials.toRecords(1, 3), TRIALS.slice(1));
      assert.deepEqual(await trials.getRows([2, 0]), [TRIALS[2], TRIALS[0]]);
      assert.deepEqual(await trials.getRows({ start: 0, stop: 2 }), TRIALS.slice(0, 2));
      assert.deepEqual(await trials.readColumn("spikes"), [[1, 2, 3], [], [4.5]]);
      assert.deepEqual(await trials.readColumn("value"), [0.5, -1.25, NaN]);
      assert.deepEqual(await trials.readColumn("target", 0, 3, { resolveRegions: false }), [0, 2, 1]);
      assert.deepEqual(await targets.toRecords(), [{ id: 0, label: "alpha" }, { id: 1, label: "beta" }, { id: 2, label: "gamma" }]);
      assert.deepEqual(await trials.column("spikes")!.rows(0, 4), [1, 2, 3, 4.5]);
      assert.deepEqual(await trials.indexesOf("spikes")[0].bounds(0, 3), [[0, 3], [3, 3], [3, 4]]);
      await assert.rejects(trials.readColumn("nope"), /no column 'nope'/);
    });

    it("reads the cached hdmf-common namespace into the type map", async () => {
      const tm = await loadBundledTypeMap();
      const cached = await io.loadNamespaces();
      assert.deepEqual(cached.map((c) => c.name).sort(), ["hdmf-common", "hdmf-experimental"]);
      await readContainer(new ZarrIO(pythonCommonFile(conv), "r"), tm);
      assert.ok(tm.catalog.getVersions("hdmf-common").includes(cached.find((c) => c.name === "hdmf-common")!.version));
    });
  });
}

describe("tables built in code", () => {
  for (const format of [3, 2] as const) {
    it(`write and read back a doubly ragged column and a ragged region (Zarr v${format})`, async () => {
      const tm = await loadBundledTypeMap();
      const people = new DynamicTable({ name: "people", description: "who" });
      people.addColumn({ name: "name", description: "names", data: ["ann", "bob", "cy"] });
      people.addColumn({ name: "age", description: "ages", data: new Int32Array([30, 41, 27]) });
      const events = new DynamicTable({ name: "events", description: "what happened", id: [10, 20, 30] });
      events.addColumn({ name: "bursts", description: "bursts of times", data: [[[1, 2], [3]], [], [[4.5, 5.5, 6.5], [], [7]]], index: 2 });
      events.addColumn({ name: "who", description: "people involved", data: [[0, 2], [1], []], index: true, table: people });
      events.addColumn({ name: "grid", description: "2-D values", data: [[1.5, 2.5], [3.5, 4.5], [5.5, 6.5]] });
      assert.deepEqual(events.indexesOf("bursts").map((i) => i.name), ["bursts_index_index", "bursts_index"]);
      const SMC = tm.getClass("hdmf-common", "SimpleMultiContainer");
      const root = new SMC({ name: "root" });
      root.add(events);
      root.add(people);
      const expected = [
        { id: 10, bursts: [[1, 2], [3]], who: [{ id: 0, name: "ann", age: 30 }, { id: 2, name: "cy", age: 27 }], grid: [1.5, 2.5] },
        { id: 20, bursts: [], who: [{ id: 1, name: "bob", age: 41 }], grid: [3.5, 4.5] },
        { id: 30, bursts: [[4.5, 5.5, 6.5], [], [7]], who: [], grid: [5.5, 6.5] },
      ];
      assert.deepEqual(await events.toRecords(), expected, "in memory");
      const path = join(temps.make(), "tables.zarr");
      await writeContainer(new ZarrIO(path, "w", { zarrFormat: format }), root, tm);
      const back = await readContainer(new ZarrIO(path, "r"), await loadBundledTypeMap());
      const ev = back.child("events") as DynamicTable;
      assert.ok(ev instanceof DynamicTable);
      assert.deepEqual(await ev.toRecords(), expected, "read back");
      assert.deepEqual(await ev.getRow(2, { resolveRegions: false }), { ...expected[2], who: [] });
      assert.deepEqual(await ev.getRow(0, { resolveRegions: false }), { ...expected[0], who: [0, 2] });
      assert.equal((ev.column("who") as DynamicTableRegion).table, back.child("people"));
      assert.equal(ev.column("grid")!.shape.join("x"), "3x2");
      const idx = ev.indexesOf("bursts");
      assert.deepEqual(idx.map((i) => [i.name, (i.data as LazyData).dtype]), [["bursts_index_index", "uint8"], ["bursts_index", "uint8"]]);
      assert.equal((ev.column("bursts") as VectorData).typeName, "VectorData");
    });
  }

  it("refuses a column with another number of rows, and a second column of a name", () => {
    const t = new DynamicTable({ name: "t", description: "d" });
    t.addColumn({ name: "a", description: "a", data: [1, 2] });
    assert.throws(() => t.addColumn({ name: "b", description: "b", data: [1, 2, 3] }), /3 rows, the table 2/);
    assert.throws(() => t.addColumn({ name: "a", description: "a", data: [1, 2] }), /already exists/);
  });
});
