/**
 * The NWB files in test/fixtures/external/zarr-v2 (written by pynwb + hdmf-zarr ≤ 0.13) read into
 * generic containers made from the core spec cached in each file: NWBFile with its untyped groups
 * as nested fields, ElectrodeGroups linked to their Device, the electrodes table whose `group`
 * column (pickled references) resolves to the ElectrodeGroup objects, Units with ragged spike
 * times, ElectricalSeries with a region into the electrodes — and no array read until asked.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { ZarrIO, type DatasetBuilder, type ZarrDataset } from "../../../src/index.js";
import {
  Container, DynamicTable, DynamicTableRegion, LazyData, UntypedGroup, VectorIndex, loadBundledTypeMap, readContainer, type TypeMap,
} from "../../../src/build/index.js";
import { CountingStore } from "./helpers.js";
import { slice } from "../../../src/zarr/indexing.js";
import { ECEPHYS_FIXTURE as ECEPHYS, ZARR_TUTORIAL_FIXTURE as ZARR_TUTORIAL } from "../../helpers/fixture-paths.js";

describe("ecephys_tutorial.nwb.zarr (NWB 2.5.0, Zarr v2, pickled references)", () => {
  let tm: TypeMap;
  let store: CountingStore;
  let io: ZarrIO;
  let nwb: Container;
  let general: UntypedGroup;
  let electrodes: DynamicTable;

  before(async () => {
    tm = await loadBundledTypeMap();
    store = new CountingStore(ECEPHYS);
    io = new ZarrIO(store, "r", { allowPickle: true });
    nwb = await readContainer(io, tm);
    general = nwb.get<UntypedGroup>("general")!;
    electrodes = general.get<UntypedGroup>("extracellular_ephys")!.get<DynamicTable>("electrodes")!;
  });

  it("reads an NWBFile from the file's cached core spec, metadata only", () => {
    assert.deepEqual([...store.chunkReads], []);
    assert.equal(nwb.typeName, "NWBFile");
    assert.equal(nwb.namespace, "core");
    assert.equal(nwb.constructor, tm.getClass("core", "NWBFile"));
    assert.equal(nwb.objectId, "6baecfc5-c7e0-4cd8-90a3-2776581a7fff");
    assert.equal(nwb.get("nwb_version"), "2.5.0");
    assert.ok(tm.catalog.getVersions("core").includes("2.5.0"), "the cached core 2.5.0 is loaded beside the bundled one");
    for (const k of ["acquisition", "analysis", "general", "processing", "stimulus"]) assert.ok(nwb.get(k) instanceof UntypedGroup, k);
    assert.ok(nwb.get("session_description") instanceof LazyData);
  });

  it("reads scalar and text datasets on request (byte strings decoded for text and date specs)", async () => {
    assert.equal(await nwb.read("session_description"), "my first synthetic recording");
    assert.equal(await nwb.read("identifier"), "EXAMPLE_ID");
    assert.equal(await nwb.read("session_start_time"), "2022-12-21T12:02:40.489505-08:00");
    assert.deepEqual(await nwb.get<LazyData>("file_create_date")!.toList(), ["2022-12-21T12:02:40.489761-08:00"]);
    assert.equal(await general.read("lab"), "Bag End Laboratory");
    assert.equal(await general.read("institution"), "University of Middle Earth at the Shire");
    assert.equal(await general.read("session_id"), "LONELYMTN");
    assert.deepEqual(await general.get<LazyData>("experimenter")!.toList(), ["Dr. Bilbo Baggins"]);
  });

  it("nests untyped groups: general/devices and general/extracellular_ephys, with ElectrodeGroups linked to the Device", () => {
    const devices = general.get<UntypedGroup>("devices")!;
    const device = devices.child("array")!;
    assert.equal(device.typeName, "Device");
    assert.equal(device.get("description"), "the best array");
    assert.equal(device.get("manufacturer"), "Probe Company 9000");
    assert.equal(device.parent, nwb, "children of untyped groups belong to the NWBFile");
    const ece = general.get<UntypedGroup>("extracellular_ephys")!;
    const groups = ece.children.filter((c) => c.typeName === "ElectrodeGroup");
    assert.deepEqual(groups.map((g) => g.name), ["shank0", "shank1", "shank2", "shank3"]);
    for (const g of groups) {
      assert.equal(g.get("device"), device, "the link resolves to the one Device object");
      assert.equal(g.get("location"), "brain area");
      assert.equal(g.get("description"), `electrode group for shank ${g.name.slice(5)}`);
    }
    assert.ok(nwb.children.includes(groups[0]), "ElectrodeGroups are children of the NWBFile");
    assert.equal(nwb.child("shank2"), groups[2]);
  });

  it("reads the electrodes table: every column by name, the group column resolving to ElectrodeGroup containers", async () => {
    assert.ok(electrodes instanceof DynamicTable);
    assert.deepEqual(electrodes.colnames, ["location", "group", "group_name", "label", "x", "y", "z", "imp", "filtering"]);
    assert.equal(electrodes.length, 12);
    assert.equal(electrodes.description, "metadata about extracellular electrodes");
    const rows = await electrodes.toRecords();
    assert.equal(rows.length, 12);
    rows.forEach((r, i) => {
      const shank = `shank${Math.floor(i / 3)}`;
      assert.equal(r.id, i);
      assert.equal(r.location, "brain area");
      assert.equal(r.group, general.get<UntypedGroup>("extracellular_ephys")!.child(shank), `row ${i}: the ElectrodeGroup object`);
      assert.equal(r.group_name, shank);
      assert.equal(r.label, `${shank}elec${i % 3}`);
      assert.deepEqual([r.x, r.y, r.z], [5.3, 1.5, 8.5]);
      assert.ok(Number.isNaN(r.imp));
      assert.equal(r.filtering, "unknown");
    });
    assert.equal(electrodes.column("group")!.description, "a reference to the ElectrodeGroup this electrode is a part of");
  });

  it("reads Units (a DynamicTable subclass made from the spec) with spike times ragged per unit", async () => {
    const units = nwb.get<DynamicTable>("units")!;
    assert.equal(units.typeName, "Units");
    assert.ok(units instanceof DynamicTable);
    assert.equal(Object.getPrototypeOf(units.constructor), DynamicTable);
    assert.deepEqual(units.colnames, ["quality", "spike_times", "waveform_mean"]);
    assert.equal(units.length, 10);
    assert.ok(units.get("spike_times_index") instanceof VectorIndex, "named members of Units are fields of their own");
    // Compare with the raw arrays: unit i's spike times are spike_times[index[i-1]:index[i]].
    const index = Array.from((await (((await io.getBuilder("/units/spike_times_index")) as DatasetBuilder).data as ZarrDataset).get()).data as ArrayLike<number | bigint>, Number);
    const times = Array.from((await (((await io.getBuilder("/units/spike_times")) as DatasetBuilder).data as ZarrDataset).get()).data as ArrayLike<number>);
    const perUnit = await units.readColumn("spike_times");
    assert.deepEqual(perUnit.map((r) => (r as number[]).length), [25, 18, 13, 23, 15, 23, 22, 16, 20, 21]);
    perUnit.forEach((r, i) => assert.deepEqual(r, times.slice(i === 0 ? 0 : index[i - 1], index[i]), `unit ${i}`));
    const row = await units.getRow(3);
    assert.equal(row.quality, "good");
    assert.deepEqual(row.waveform_mean, [1, 2, 3, 4, 5]);
    assert.deepEqual((row.spike_times as number[]).slice(0, 1), [times[index[2]]]);
  });

  it("reads the ElectricalSeries in acquisition and in processing/ecephys/LFP, both regions into the one electrodes table", async () => {
    const es = nwb.get<UntypedGroup>("acquisition")!.child("ElectricalSeries")!;
    assert.equal(es.typeName, "ElectricalSeries");
    assert.equal(Object.getPrototypeOf(es.constructor), tm.getClass("core", "TimeSeries"));
    assert.equal(es.get("rate"), 20000, "starting_time__rate by its last part");
    assert.equal(es.get("starting_time__unit"), "seconds");
    assert.equal(es.get("data__unit"), "volts");
    assert.equal(await es.read("starting_time"), 0);
    const data = es.get<LazyData>("data")!;
    assert.deepEqual(data.shape, [50, 4]);
    const before = store.chunkReads.length;
    const firstRows = (await data.toList([slice(0, 2)])) as number[][];
    assert.deepEqual(firstRows[0], [-0.13520172473667166, -0.8519528968160851, -0.26424235549315306, -0.2539673135906823]);
    assert.ok(store.chunkReads.slice(before).every((k) => k.startsWith("acquisition/ElectricalSeries/data/")));
    const region = es.get<DynamicTableRegion>("electrodes")!;
    assert.ok(region instanceof DynamicTableRegion);
    assert.equal(region.table, electrodes);
    assert.deepEqual(await region.rows(0, 12, { resolveRegions: false }), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const ecephys = nwb.get<UntypedGroup>("processing")!.child("ecephys")!;
    assert.equal(ecephys.typeName, "ProcessingModule");
    assert.equal(ecephys.get("description"), "processed extracellular electrophysiology data");
    const lfp = ecephys.child("LFP")!;
    const lfpSeries = lfp.child("ElectricalSeries")!;
    assert.equal(lfpSeries.parent, lfp);
    assert.equal(lfpSeries.get("rate"), 200);
    assert.equal(lfpSeries.get<DynamicTableRegion>("electrodes")!.table, electrodes);
    const [regionRow] = await lfpSeries.get<DynamicTableRegion>("electrodes")!.rows(5, 6);
    assert.equal((regionRow as { label: string }).label, "shank1elec2");
  });
});

describe("zarr_tutorial.nwb.zarr (NWB 2.6.0-alpha, consolidated, 100 chunks)", () => {
  it("reads the TimeSeries and slices its data reading only the chunks needed", async () => {
    const tm = await loadBundledTypeMap();
    const store = new CountingStore(ZARR_TUTORIAL);
    const nwb = await readContainer(new ZarrIO(store, "r"), tm);
    assert.deepEqual([...store.chunkReads], []);
    assert.equal(nwb.get("nwb_version"), "2.6.0");
    assert.equal(await nwb.read("session_description"), "my first synthetic recording");
    const ts = nwb.get<UntypedGroup>("acquisition")!.child("synthetic_timeseries")!;
    assert.equal(ts.typeName, "TimeSeries");
    assert.equal(ts.get("rate"), 10000);
    assert.equal(ts.get("data__unit"), "m");
    const data = ts.get<LazyData>("data")!;
    assert.deepEqual(data.shape, [100, 100]);
    const rows = (await data.toList([slice(0, 3), slice(0, 5)])) as number[][];
    assert.equal(rows.length, 3);
    assert.deepEqual(rows[0].slice(0, 3), [0.7291229020339495, -0.16560688887484265, 0.7040650291396666]);
    assert.deepEqual(store.chunkReads.filter((k) => k.includes("/data/")), ["acquisition/synthetic_timeseries/data/0.0"], "one 10×10 chunk");
  });
});
