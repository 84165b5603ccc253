/**
 * Row-append helpers as pynwb users know them: DynamicTable.addRow (hdmf `add_row`: plain, ragged,
 * doubly ragged and region columns, ids, checks with typed errors naming the table and column,
 * predefined columns added on first use) and the NWBFile helpers (addElectrode, addUnit, addTrial,
 * addEpoch, addInvalidTime, their *Column variants, createElectrodeTableRegion, create* of devices,
 * groups, modules and imaging planes). A file built only with them is written in Zarr v3 and v2 and
 * read back with equal values.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DynamicTable } from "../../../src/build/common/dynamic-table.js";
import { DynamicTableRegion } from "../../../src/build/common/dynamic-table-region.js";
import { InvalidArgumentError, ReadOnlyError } from "../../../src/errors.js";
import {
  ElectrodesTable, NWBFile, NWBZarrIO, OpticalChannel, TimeIntervals, TimeSeries, Units, loadNwbTypes,
} from "../../../src/nwb/index.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const temps = tempFolders("nwb-add-rows");
after(() => temps.cleanup());
before(async () => {
  await loadNwbTypes();
});

/** The error a call throws (asserting it is an InvalidArgumentError). */
function errorOf(fn: () => unknown): InvalidArgumentError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof InvalidArgumentError, `expected an InvalidArgumentError, got ${String(e)}`);
    return e;
  }
  assert.fail("expected an error");
}

const newFile = () => new NWBFile({ identifier: "rows-1", sessionDescription: "rows", sessionStartTime: new Date("2024-01-02T03:04:05.000Z") });

describe("DynamicTable.addRow", () => {
  function people(): DynamicTable {
    const t = new DynamicTable({ name: "people", description: "who" });
    t.addColumn({ name: "name", description: "names" });
    t.addColumn({ name: "scores", description: "scores per visit", index: true });
    t.addColumn({ name: "nested", description: "lists of lists", index: 2 });
    return t;
  }

  it("appends plain, ragged and doubly ragged values with auto-incremented ids", async () => {
    const t = people();
    t.addRow({ name: "ann", scores: [1, 2, 3], nested: [[1], [2, 3]] });
    t.addRow({ name: "bob", scores: [], nested: [] });
    t.addRow({ name: "cy", scores: new Float64Array([4.5]), nested: [[], [4, 5, 6]] });
    assert.equal(t.length, 3);
    assert.deepEqual(await t.toRecords(), [
      { id: 0, name: "ann", scores: [1, 2, 3], nested: [[1], [2, 3]] },
      { id: 1, name: "bob", scores: [], nested: [] },
      { id: 2, name: "cy", scores: [4.5], nested: [[], [4, 5, 6]] },
    ]);
    // The indexes hold each row's end: scores [3, 3, 4]; nested's outer index counts inner lists.
    assert.deepEqual(Array.from(t.indexesOf("scores")[0].data as ArrayLike<number>), [3, 3, 4]);
    assert.deepEqual(t.indexesOf("nested").map((ix) => Array.from(ix.data as ArrayLike<number>)), [[2, 2, 4], [1, 3, 3, 6]]);
  });

  it("takes explicit ids (as an option or an `id` key) and refuses a repeated one with enforceUniqueId", () => {
    const t = people();
    t.addRow({ name: "ann", scores: [], nested: [] }, { id: 10 });
    t.addRow({ name: "bob", scores: [], nested: [], id: 20 });
    t.addRow({ name: "cy", scores: [], nested: [] });
    assert.deepEqual(t.id!.data, [10, 20, 2], "the default id is the number of rows so far, as in hdmf");
    t.addRow({ name: "dee", scores: [], nested: [] }, { id: 10 });
    const e = errorOf(() => t.addRow({ name: "eve", scores: [], nested: [] }, { id: 20, enforceUniqueId: true }));
    assert.match(e.message, /table 'people', column 'id': id 20 is already in the table/);
    assert.match(errorOf(() => t.addRow({ name: "eve", scores: [], nested: [] }, { id: 1.5 })).message, /an id must be an integer/);
    assert.equal(t.length, 4);
  });

  it("refuses missing, extra, mistyped and misshapen values, naming the table and column, and changes nothing", async () => {
    const t = people();
    t.addRow({ name: "ann", scores: [1], nested: [[1]] });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ name: "bob", scores: [1] }, /table 'people', column 'nested': missing from the row/],
      [{ name: "bob", scores: [1], nested: [], age: 3 }, /table 'people': row data keys don't match the columns: 1 extra key\(s\) 'age'/],
      [{ name: 7, scores: [1], nested: [] }, /table 'people', column 'name': expected a text value, got number 7/],
      [{ name: "bob", scores: ["x"], nested: [] }, /column 'scores': expected a number value, got text "x"/],
      [{ name: "bob", scores: 3, nested: [] }, /column 'scores': a ragged column takes a list per row, got number 3/],
      [{ name: "bob", scores: [1], nested: [1] }, /column 'nested': a ragged column takes a list per row, got number 1/],
      [{ name: "bob", scores: [1], nested: null }, /column 'nested': missing from the row/],
    ];
    for (const [row, message] of cases) {
      const e = errorOf(() => t.addRow(row));
      assert.match(e.message, message);
      assert.equal(e.path, t.containerPath);
    }
    assert.equal(t.length, 1);
    assert.deepEqual(await t.toRecords(), [{ id: 0, name: "ann", scores: [1], nested: [[1]] }]);

    const grid = new DynamicTable({ name: "grid", description: "fixed-shape rows" });
    grid.addColumn({ name: "xy", description: "points" });
    grid.addRow({ xy: [1, 2] });
    assert.match(errorOf(() => grid.addRow({ xy: [1, 2, 3] })).message, /table 'grid', column 'xy': every row must have the shape \[2\], this one has \[3\]/);
  });

  it("stores region values as row numbers of their table, checked against it", async () => {
    const t = people();
    t.addRow({ name: "ann", scores: [], nested: [] });
    t.addRow({ name: "bob", scores: [], nested: [] });
    const visits = new DynamicTable({ name: "visits", description: "who came" });
    visits.addColumn({ name: "who", description: "visitor", table: t });
    visits.addColumn({ name: "with", description: "companions", table: t, index: true });
    visits.addRow({ who: 1, with: [0] });
    visits.addRow({ who: 0, with: [] });
    assert.ok(visits.column("who") instanceof DynamicTableRegion);
    assert.deepEqual(await visits.readColumn("who", 0, 2, { resolveRegions: false }), [1, 0]);
    assert.deepEqual((await visits.getRow(0)).who, { id: 1, name: "bob", scores: [], nested: [] });
    assert.match(errorOf(() => visits.addRow({ who: 2, with: [] })).message, /table 'visits', column 'who': row 2 is out of range of table 'people' \(2 rows\)/);
    assert.match(errorOf(() => visits.addRow({ who: 0, with: [-1] })).message, /column 'with': a region value must be a row number/);
  });

  it("grows an index's type when its ends outgrow uint8, as hdmf does", async () => {
    const t = new DynamicTable({ name: "big", description: "many values" });
    t.addColumn({ name: "v", description: "values", index: true });
    t.addRow({ v: Array.from({ length: 200 }, (_, i) => i) });
    assert.ok(t.indexesOf("v")[0].data instanceof Uint8Array);
    t.addRow({ v: Array.from({ length: 100 }, (_, i) => i) });
    const index = t.indexesOf("v")[0].data;
    assert.ok(index instanceof Uint16Array, `got ${(index as object).constructor.name}`);
    assert.deepEqual(Array.from(index), [200, 300]);
    assert.equal(((await t.getRow(1)).v as number[]).length, 100);
  });

  it("refuses rows for a table read from a file open in mode 'r' (mode 'a' takes them: add-rows-in-file.test.ts)", async () => {
    const file = newFile();
    const dev = file.createDevice({ name: "probe", description: "a probe" });
    const group = file.createElectrodeGroup({ name: "g", description: "g", location: "CA1", device: dev });
    file.addElectrode({ location: "CA1", group });
    const path = join(temps.make(), "one.nwb.zarr");
    await new NWBZarrIO(path, "w").write(file);
    const back = await NWBZarrIO.readNwb(path);
    const columnsBefore = back.electrodes!.colnames.slice();
    const e = (() => {
      try {
        back.addElectrode({ location: "CA3", group: back.electrodeGroups.get("g")! });
      } catch (err) {
        return err;
      }
      assert.fail("expected an error");
    })();
    assert.ok(e instanceof ReadOnlyError, `expected a ReadOnlyError, got ${String(e)}`);
    assert.match(e.message, /cannot add rows to table 'electrodes': the file is open in mode 'r'/);
    assert.ok(e.store?.endsWith("one.nwb.zarr"), `store ${e.store}`);
    assert.equal(e.path, "/general/extracellular_ephys/electrodes");
    assert.deepEqual(back.electrodes!.colnames, columnsBefore);
    assert.equal(back.electrodes!.length, 1);
  });
});

describe("NWBFile row helpers", () => {
  it("addElectrode makes the ElectrodesTable with NWB's columns, in pynwb's order and descriptions", async () => {
    const file = newFile();
    const dev = file.createDevice({ name: "probe", description: "a probe", manufacturer: "Acme" });
    assert.equal(file.devices.get("probe"), dev);
    const group = file.createElectrodeGroup({ name: "shank0", description: "first shank", location: "CA1", device: dev });
    assert.equal(file.electrodeGroups.get("shank0"), group);
    file.addElectrodeColumn({ name: "quality", description: "channel quality" });
    file.addElectrode({ location: "CA1", group, x: 1, y: 2, z: 3, imp: 1000, filtering: "none", quality: "good" });
    file.addElectrode({ location: "CA3", group, x: 4, y: 5, z: 6, imp: 1100, filtering: "none", quality: "bad", groupName: "custom" });
    const table = file.electrodes!;
    assert.ok(table instanceof ElectrodesTable);
    assert.equal(table.description, "metadata about extracellular electrodes");
    assert.deepEqual(table.colnames, ["location", "group", "quality", "group_name", "x", "y", "z", "imp", "filtering"]);
    assert.equal(table.column("location")!.description, "Location of the electrode (channel).");
    assert.equal(table.column("group")!.description, "Reference to the ElectrodeGroup.");
    const rows = await table.toRecords();
    assert.deepEqual(rows.map((r) => [r.id, r.location, r.group === group, r.group_name, r.x, r.quality]), [
      [0, "CA1", true, "shank0", 1, "good"],
      [1, "CA3", true, "custom", 4, "bad"],
    ]);
    assert.match(errorOf(() => file.addElectrode({ location: "CA1", group, x: 1, y: 2, z: 3, imp: 1, filtering: "none", quality: "ok", id: 1 })).message, /id 1 is already in the table/);
    assert.match(errorOf(() => file.addElectrode({ location: "CA1", group, x: 1, y: 2, z: 3, imp: 1, filtering: "none" })).message, /table 'electrodes', column 'quality': missing from the row/);
    assert.match(errorOf(() => file.addElectrode({ location: "", group })).message, /needs a 'location'/);
    const region = file.createElectrodeTableRegion([1, 0], "both");
    assert.equal(region.table, table);
    assert.deepEqual(region.data, [1, 0]);
    assert.match(errorOf(() => file.createElectrodeTableRegion([2], "bad")).message, /electrode row 2 is out of range of the electrodes table \(2 rows\)/);
  });

  it("addUnit fills spike times, observation intervals and electrode rows; the region points at the file's electrodes", async () => {
    const file = newFile();
    const dev = file.createDevice({ name: "probe", description: "a probe" });
    const group = file.createElectrodeGroup({ name: "g", description: "g", location: "CA1", device: dev });
    for (let i = 0; i < 3; i++) file.addElectrode({ location: "CA1", group });
    file.addUnitColumn({ name: "quality", description: "sorting quality" });
    file.addUnit({ spikeTimes: [0.1, 0.2], electrodes: [0, 2], obsIntervals: [[0, 1], [2, 3]], quality: "good", id: 7 });
    file.addUnit({ spikeTimes: [], electrodes: [1], obsIntervals: [[0, 5]], quality: "mua" });
    const units = file.units!;
    assert.ok(units instanceof Units);
    assert.equal(units.description, "Autogenerated by NWBFile");
    assert.deepEqual(units.colnames, ["quality", "spike_times", "obs_intervals", "electrodes"]);
    assert.equal(units.column("spike_times")!.description, "the spike times for each unit in seconds");
    assert.equal((units.column("electrodes") as DynamicTableRegion).table, file.electrodes);
    assert.deepEqual(units.id!.data, [7, 1]);
    assert.deepEqual(await units.spikeTimes(0), [0.1, 0.2]);
    assert.deepEqual(await units.spikeTimes(1), []);
    assert.deepEqual(await units.readColumn("obs_intervals"), [[[0, 1], [2, 3]], [[0, 5]]]);
    assert.deepEqual(await units.readColumn("electrodes", 0, 2, { resolveRegions: false }), [[0, 2], [1]]);
    assert.match(errorOf(() => file.addUnit({ spikeTimes: [1], electrodes: [3], obsIntervals: [[0, 1]], quality: "x" })).message, /table 'units', column 'electrodes': row 3 is out of range of table 'electrodes'/);
    assert.match(errorOf(() => file.addUnit({ spikeTimes: [1], electrodes: [0], obsIntervals: [[0, 1, 2]] as unknown as [number, number][], quality: "x" })).message, /column 'obs_intervals': every row must have the shape \[2\]/);
  });

  it("addTrial, addEpoch and addInvalidTime fill TimeIntervals; series become sample ranges as pynwb computes them", async () => {
    const file = newFile();
    const byRate = file.addAcquisition(new TimeSeries({ name: "rate", data: Array.from({ length: 100 }, (_, i) => i), unit: "m", rate: 10, startingTime: 1 }));
    const byTimes = file.addAcquisition(new TimeSeries({ name: "times", data: [1, 2, 3, 4, 5], unit: "m", timestamps: [0, 0.5, 1, 1.5, 2] }));
    file.addTrialColumn({ name: "correct", description: "whether the answer was right" });
    file.addTrial({ startTime: 0, stopTime: 1, correct: true });
    file.addTrial({ startTime: 1.5, stopTime: 2.5, correct: false });
    const trials = file.trials!;
    assert.ok(trials instanceof TimeIntervals);
    assert.equal(trials.description, "experimental trials");
    assert.deepEqual(trials.colnames, ["start_time", "stop_time", "correct"]);
    assert.deepEqual(await trials.intervals(), [[0, 1], [1.5, 2.5]]);
    assert.deepEqual(await trials.readColumn("correct"), [true, false]);
    assert.match(errorOf(() => file.addTrial({ startTime: 3, stopTime: 4 })).message, /table 'trials', column 'correct': missing from the row/);

    file.addEpoch({ startTime: 2, stopTime: 3.25, tags: "a, b,c", timeseries: [byRate, byTimes] });
    file.addEpoch({ startTime: 0.25, stopTime: 1, tags: ["rest"], timeseries: byTimes });
    const epochs = file.epochs!;
    assert.equal(epochs.description, "experimental epochs");
    assert.deepEqual(epochs.colnames, ["start_time", "stop_time", "tags", "timeseries"]);
    assert.equal(epochs.column("timeseries")!.typeName, "TimeSeriesReferenceVectorData");
    assert.deepEqual(await epochs.readColumn("tags"), [["a", "b", "c"], ["rest"]]);
    const refs = (await epochs.readColumn("timeseries")) as { idx_start: number; count: number; timeseries: unknown }[][];
    // rate: int((2 − 1)·10) = 10 to int((3.25 − 1)·10) = 22; timestamps: bisect_left.
    assert.deepEqual(refs.map((r) => r.map((x) => [x.idx_start, x.count, x.timeseries])), [
      [[10, 12, byRate], [4, 1, byTimes]],
      [[1, 1, byTimes]],
    ]);

    file.addInvalidTime({ startTime: 5, stopTime: 6 });
    assert.equal(file.invalidTimes!.description, "time intervals to be removed from analysis");
    assert.deepEqual(await file.invalidTimes!.intervals(), [[5, 6]]);
    assert.match(errorOf(() => file.addEpoch({ startTime: 0, stopTime: 1, timeseries: [{ idx_start: 0.5, count: 1, timeseries: byRate }] })).message, /expected a TimeSeries or \{idx_start, count, timeseries\}/);
  });

  it("TimeIntervals built from start and stop lists keeps them (rows through addRow)", async () => {
    const t = new TimeIntervals({ name: "trials", startTime: [0, 1], stopTime: [0.5, 1.5] });
    assert.deepEqual(t.colnames, ["start_time", "stop_time"]);
    assert.deepEqual(await t.intervals(), [[0, 0.5], [1, 1.5]]);
    assert.throws(() => new TimeIntervals({ name: "trials", startTime: [0, 1], stopTime: [0.5] }), /2 start times but 1 stop times/);
  });

  it("createProcessingModule and createImagingPlane add what they make", () => {
    const file = newFile();
    const mod = file.createProcessingModule({ name: "behavior", description: "behavioral data" });
    assert.equal(file.processing.get("behavior"), mod);
    const dev = file.createDevice({ name: "scope", description: "a microscope" });
    const plane = file.createImagingPlane({
      name: "plane0", opticalChannel: new OpticalChannel({ name: "green", description: "green", emissionLambda: 510 }), device: dev,
      excitationLambda: 920, indicator: "GCaMP6f", location: "V1",
    });
    assert.equal(file.imagingPlanes.get("plane0"), plane);
  });
});

describe("a file built only with the row helpers", () => {
  for (const format of [3, 2] as const) {
    it(`is written in Zarr v${format} and read back with the same rows`, async () => {
      const file = newFile();
      const dev = file.createDevice({ name: "probe", description: "a probe" });
      const group = file.createElectrodeGroup({ name: "shank0", description: "shank", location: "CA1", device: dev });
      for (let i = 0; i < 4; i++) file.addElectrode({ location: i < 2 ? "CA1" : "CA3", group, x: i, y: 0, z: i === 0 ? 0 : -i, imp: 1000 + i, filtering: "none" });
      file.addUnit({ spikeTimes: [0.5, 1.5], electrodes: [0, 1] });
      file.addUnit({ spikeTimes: [2.5], electrodes: [3] });
      const series = file.addAcquisition(new TimeSeries({ name: "ts", data: [1, 2, 3, 4], unit: "m", rate: 2 }));
      file.addTrialColumn({ name: "side", description: "stimulus side" });
      file.addTrial({ startTime: 0, stopTime: 1, side: "left" });
      file.addEpoch({ startTime: 0.5, stopTime: 2, tags: ["run"], timeseries: series });
      const path = join(temps.make(), `rows-v${format}.nwb.zarr`);
      await new NWBZarrIO(path, "w", { zarrFormat: format }).write(file);
      const back = await NWBZarrIO.readNwb(path);
      const el = await back.electrodes!.toRecords(0, 4, { resolveRegions: false });
      assert.deepEqual(el.map((r) => [r.id, r.location, r.group_name, r.x, r.z, r.imp]), [
        [0, "CA1", "shank0", 0, 0, 1000], [1, "CA1", "shank0", 1, -1, 1001], [2, "CA3", "shank0", 2, -2, 1002], [3, "CA3", "shank0", 3, -3, 1003],
      ]);
      assert.equal(back.electrodes!.typeName, "ElectrodesTable");
      assert.deepEqual(await back.units!.readColumn("spike_times"), [[0.5, 1.5], [2.5]]);
      assert.deepEqual(await back.units!.readColumn("electrodes", 0, 2, { resolveRegions: false }), [[0, 1], [3]]);
      assert.equal((back.units!.column("electrodes") as DynamicTableRegion).table, back.electrodes);
      assert.deepEqual(await back.trials!.toRecords(), [{ id: 0, start_time: 0, stop_time: 1, side: "left" }]);
      const [epoch] = await back.epochs!.toRecords();
      assert.deepEqual(epoch.tags, ["run"]);
      const [ref] = epoch.timeseries as { idx_start: number; count: number; timeseries: { name: string } }[];
      assert.deepEqual([ref.idx_start, ref.count, ref.timeseries.name], [1, 3, "ts"]);
    });
  }
});
