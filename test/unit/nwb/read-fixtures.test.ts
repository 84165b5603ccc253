/**
 * NWBZarrIO reads the NWB files in test/fixtures/external/zarr-v2 (written by pynwb + hdmf-zarr ≤ 0.13)
 * into the typed NWB classes: session metadata by getter, devices, electrode groups linked to their
 * device, the electrodes table with its `group` references (pickled), ElectricalSeries data slices
 * equal to the raw arrays, rate and starting time, Units spike times per unit.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { ZarrIO, type DatasetBuilder, type ZarrDataset } from "../../../src/index.js";
import { DynamicTable, LazyData } from "../../../src/build/index.js";
import { slice } from "../../../src/zarr/indexing.js";
import {
  Device, ElectricalSeries, ElectrodeGroup, NWBFile, NWBZarrIO, ProcessingModule, TimeSeries, Units,
} from "../../../src/nwb/index.js";
import { ECEPHYS_FIXTURE as ECEPHYS, ZARR_TUTORIAL_FIXTURE as ZARR_TUTORIAL } from "../../helpers/fixture-paths.js";

async function raw(path: string, store = ECEPHYS): Promise<ArrayLike<unknown>> {
  const io = new ZarrIO(store, "r", { allowPickle: true });
  return ((await (((await io.getBuilder(path)) as DatasetBuilder).data as ZarrDataset).get()).data as ArrayLike<unknown>);
}

describe("NWBZarrIO reads ecephys_tutorial.nwb.zarr into typed classes", () => {
  let file: NWBFile;
  before(async () => {
    file = await new NWBZarrIO(ECEPHYS, "r", { allowPickle: true }).read();
  });

  it("gives an NWBFile with its session metadata", () => {
    assert.ok(file instanceof NWBFile);
    assert.equal(file.identifier, "EXAMPLE_ID");
    assert.equal(file.sessionDescription, "my first synthetic recording");
    assert.equal(file.sessionStartTime!.toISOString(), "2022-12-21T20:02:40.489Z");
    assert.equal(file.timestampsReferenceTime!.toISOString(), "2022-12-21T20:02:40.489Z");
    assert.deepEqual(file.fileCreateDate!.map((d) => d.toISOString()), ["2022-12-21T20:02:40.489Z"]);
    assert.deepEqual(file.experimenter, ["Dr. Bilbo Baggins"]);
    assert.equal(file.lab, "Bag End Laboratory");
    assert.equal(file.institution, "University of Middle Earth at the Shire");
    assert.equal(file.sessionId, "LONELYMTN");
    assert.equal(file.nwbVersion, "2.5.0");
  });

  it("gives the device and the electrode groups linked to it", () => {
    assert.deepEqual([...file.devices.keys()], ["array"]);
    const device = file.devices.get("array")!;
    assert.ok(device instanceof Device);
    assert.equal(device.description, "the best array");
    assert.equal(device.manufacturer, "Probe Company 9000");
    assert.deepEqual([...file.electrodeGroups.keys()], ["shank0", "shank1", "shank2", "shank3"]);
    for (const [name, g] of file.electrodeGroups) {
      assert.ok(g instanceof ElectrodeGroup);
      assert.equal(g.device, device);
      assert.equal(g.location, "brain area");
      assert.equal(g.description, `electrode group for shank ${name.slice(5)}`);
    }
  });

  it("reads the electrodes table with group references resolved to the ElectrodeGroups", async () => {
    const table = file.electrodes!;
    assert.ok(table instanceof DynamicTable);
    assert.equal(table.length, 12);
    const rows = await table.toRecords();
    rows.forEach((r, i) => {
      const shank = `shank${Math.floor(i / 3)}`;
      assert.equal(r.group, file.electrodeGroups.get(shank));
      assert.equal(r.group_name, shank);
      assert.equal(r.label, `${shank}elec${i % 3}`);
    });
  });

  it("slices ElectricalSeries data equal to the raw array, with rate and starting time", async () => {
    const es = file.acquisition.get("ElectricalSeries") as ElectricalSeries;
    assert.ok(es instanceof ElectricalSeries && es instanceof TimeSeries);
    assert.equal(es.rate, 20000);
    assert.equal(es.unit, "volts");
    assert.equal(es.startingTime, undefined, "not preloaded by default");
    await es.loadFields();
    assert.equal(es.startingTime, 0);
    assert.ok(es.data instanceof LazyData);
    assert.deepEqual(es.data.shape, [50, 4]);
    const all = Array.from(await raw("/acquisition/ElectricalSeries/data"), Number);
    const part = await es.data.get([slice(10, 13), null]);
    assert.deepEqual(part.shape, [3, 4]);
    assert.deepEqual(Array.from(part.data as ArrayLike<number>), all.slice(40, 52));
    const column = await es.data.get([slice(0, 50), 2]);
    assert.deepEqual(Array.from(column.data as ArrayLike<number>), all.filter((_, i) => i % 4 === 2));
    assert.deepEqual(await es.timestampsFor(2, 5), [2 / 20000, 3 / 20000, 4 / 20000]);
    assert.equal(es.electrodes!.table, file.electrodes);
    const ecephys = file.processing.get("ecephys")!;
    assert.ok(ecephys instanceof ProcessingModule);
    assert.equal(ecephys.description, "processed extracellular electrophysiology data");
    assert.deepEqual([...ecephys.dataInterfaces.keys()], ["LFP"]);
  });

  it("gives Units with each unit's spike times", async () => {
    const units = file.units!;
    assert.ok(units instanceof Units);
    assert.equal(units.length, 10);
    const index = Array.from(await raw("/units/spike_times_index"), Number);
    const times = Array.from(await raw("/units/spike_times"), Number);
    for (let i = 0; i < 10; i++) assert.deepEqual(await units.spikeTimes(i), times.slice(i === 0 ? 0 : index[i - 1], index[i]), `unit ${i}`);
    assert.deepEqual(await units.spikeTimes(-1), times.slice(index[8], index[9]));
    await assert.rejects(units.spikeTimes(10), /out of range/);
  });
});

describe("NWBZarrIO reads zarr_tutorial.nwb.zarr", () => {
  it("gives a TimeSeries whose data slice is the raw array's, and computes its times from the rate", async () => {
    const file = await NWBZarrIO.readNwb(ZARR_TUTORIAL, { preload: "all" });
    assert.equal(file.identifier, "EXAMPLE_ID");
    assert.equal(file.nwbVersion, "2.6.0");
    const ts = file.acquisition.get("synthetic_timeseries") as TimeSeries;
    assert.ok(ts instanceof TimeSeries);
    assert.equal(ts.rate, 10000);
    assert.equal(ts.startingTime, 0, "preload 'all' loads each series' starting_time");
    assert.equal(ts.unit, "m");
    const all = Array.from(await raw("/acquisition/synthetic_timeseries/data", ZARR_TUTORIAL), Number);
    const rows = await ts.data!.get([slice(5, 7), null]);
    assert.deepEqual(Array.from(rows.data as ArrayLike<number>), all.slice(500, 700));
    assert.deepEqual(await ts.timestampsFor(0, 2), [0, 1e-4]);
  });

  it("refuses a root that is no NWBFile", async () => {
    const { pythonCommonFile, pythonFilesSkip } = await import("../build/helpers.js");
    if (pythonFilesSkip()) return;
    await assert.rejects(new NWBZarrIO(pythonCommonFile("v3"), "r").read(), /not an NWBFile/);
  });
});
