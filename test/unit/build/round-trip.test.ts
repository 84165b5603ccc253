/**
 * Containers → write → read gives the same containers, in both formats: the NWB fixture (every
 * object, field and dataset value), Python's hdmf-common file, and trees built in code. Shared
 * objects are written once: the Device is a group in one place and a link from every
 * ElectrodeGroup; references point at the one written object. Objects of another file are linked
 * or referenced there.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { join } from "node:path";
import { DatasetBuilder, GroupBuilder, LinkBuilder, ReferenceBuilder, ZarrIO, type ZarrDataset } from "../../../src/index.js";
import {
  BuildError, BuildManager, Container, ContainerMap, DynamicTable, DynamicTableRegion, UntypedGroup, loadBundledTypeMap, readContainer, writeContainer,
  VectorData, type DynamicTableInit, type TypeMap, type VectorDataInit,
} from "../../../src/build/index.js";
import { pythonCommonFile, pythonFilesSkip } from "./helpers.js";
import { ECEPHYS_FIXTURE as ECEPHYS } from "../../helpers/fixture-paths.js";
import { assertSameTree } from "../../helpers/same-tree.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const temps = tempFolders("build-rt");

/** Every container of a tree (children, recursively). */
function countTree(c: Container): number {
  return 1 + c.children.reduce((n, k) => n + countTree(k), 0);
}
after(() => temps.cleanup());

for (const format of [3, 2] as const) {
  describe(`round trip, Zarr v${format}`, () => {
    let tm: TypeMap;
    let nwb: Container;
    let back: Container;
    let path: string;

    before(async () => {
      tm = await loadBundledTypeMap();
      nwb = await readContainer(new ZarrIO(ECEPHYS, "r", { allowPickle: true }), tm);
      path = join(temps.make(), "ecephys.nwb.zarr");
      await writeContainer(new ZarrIO(path, "w", { zarrFormat: format }), nwb, tm, { linkData: false });
      back = await readContainer(new ZarrIO(path, "r"), await loadBundledTypeMap());
    });

    it("the NWB fixture reads back the same: objects, ids, fields, every dataset value", async () => {
      // nwb_version is fixed by the spec the file is written with (core 2.11.0), as hdmf writes it.
      assert.equal(back.get("nwb_version"), tm.catalog.getSpec("core", "NWBFile").attributes.find((a) => a.name === "nwb_version")!.value);
      const compared = await assertSameTree(nwb, back, new Set(["/@nwb_version"]));
      assert.equal(compared, countTree(nwb));
      assert.equal(compared, 28);
    });

    it("writes the Device once and links every ElectrodeGroup to it; references point at the written objects", async () => {
      const root = await new ZarrIO(path, "r").readBuilder();
      const device = root.get("general/devices/array");
      assert.ok(device instanceof GroupBuilder);
      for (const shank of ["shank0", "shank1", "shank2", "shank3"]) {
        const eg = root.get(`general/extracellular_ephys/${shank}`) as GroupBuilder;
        const link = eg.links.get("device");
        assert.ok(link instanceof LinkBuilder, `${shank}: device is a link`);
        assert.equal(link.builder, device);
        assert.ok(!eg.groups.has("device"));
      }
      const group = root.get("general/extracellular_ephys/electrodes/group") as DatasetBuilder;
      const refs = (await (group.data as ZarrDataset).get()).data as ReferenceBuilder[];
      assert.deepEqual(refs.map((r) => r.builder.path), [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3].map((i) => `/general/extracellular_ephys/shank${i}`));
      // The LFP series shares the acquisition series' region (a link in the fixture): still one dataset.
      const lfpLink = (root.get("processing/ecephys/LFP/ElectricalSeries") as GroupBuilder).links.get("electrodes");
      assert.ok(lfpLink instanceof LinkBuilder);
      assert.equal(lfpLink.builder, root.get("acquisition/ElectricalSeries/electrodes"));
      const region = root.get("acquisition/ElectricalSeries/electrodes") as DatasetBuilder;
      assert.equal((region.attributes.table as ReferenceBuilder).builder.path, "/general/extracellular_ephys/electrodes");
      assert.equal(root.attributes.neurodata_type, "NWBFile");
      assert.equal((root.get("units/id") as DatasetBuilder).attributes.neurodata_type, "ElementIdentifiers", "NWB files spell the type key neurodata_type");
      assert.equal((root.get("units/id") as DatasetBuilder).attributes.namespace, "hdmf-common");
      const cached = await new ZarrIO(path, "r").loadNamespaces();
      assert.deepEqual(cached.map((c) => c.name).sort(), ["core", "hdmf-common"]);
    });

    it("Python's hdmf-common file reads back the same", { skip: pythonFilesSkip() }, async () => {
      for (const conv of ["v3", "v2"] as const) {
        const tm2 = await loadBundledTypeMap();
        const a = await readContainer(new ZarrIO(pythonCommonFile(conv), "r"), tm2);
        const out = join(temps.make(), "common.zarr");
        await writeContainer(new ZarrIO(out, "w", { zarrFormat: format }), a, tm2, { linkData: false });
        const b = await readContainer(new ZarrIO(out, "r"), await loadBundledTypeMap());
        assert.equal(await assertSameTree(a, b), 11);
        const root = await new ZarrIO(out, "r").readBuilder();
        assert.equal(root.attributes.data_type, "SimpleMultiContainer", "hdmf-common files spell the type key data_type");
        assert.deepEqual((await (b.child("trials") as DynamicTable).getRow(0)).target, { id: 0, label: "alpha" });
      }
    });

    it("a container in a second place is a link there; an object outside the tree cannot be referenced", async () => {
      const tm2 = await loadBundledTypeMap();
      const NWBFile = tm2.getClass("core", "NWBFile");
      const Device = tm2.getClass("core", "Device");
      const EG = tm2.getClass("core", "ElectrodeGroup");
      const file = new NWBFile({ name: "root" });
      file.set("identifier", "id").set("session_description", "s").set("session_start_time", "2024-01-01T00:00:00+00:00");
      file.set("timestamps_reference_time", "2024-01-01T00:00:00+00:00").set("file_create_date", ["2024-01-01T00:00:00+00:00"]);
      const general = file.group("general");
      const device = general.group("devices").add(new Device({ name: "probe", fields: { description: "a probe" } }));
      const ece = general.group("extracellular_ephys");
      for (const n of ["a", "b"]) ece.add(new EG({ name: n, fields: { description: n, location: "here", device } }));
      // the same ElectrodeGroup also placed in analysis: it belongs to the file once, so it is linked there
      file.group("analysis").set("again", ece.child("a"));
      const manager = new BuildManager(tm2);
      const root = (await manager.build(file)) as GroupBuilder;
      const built = manager.getBuilder(device)!;
      assert.equal(root.get("general/devices/probe"), built);
      assert.equal((root.get("general/extracellular_ephys/a") as GroupBuilder).links.get("device")!.builder, built);
      assert.equal((root.get("general/extracellular_ephys/b") as GroupBuilder).links.get("device")!.builder, built);
      const again = (root.get("analysis") as GroupBuilder).links.get("again");
      assert.ok(again instanceof LinkBuilder);
      assert.equal(again.builder, root.get("general/extracellular_ephys/a"));
      const out = join(temps.make(), "built.nwb.zarr");
      await writeContainer(new ZarrIO(out, "w", { zarrFormat: format }), file, tm2);
      const read = await readContainer(new ZarrIO(out, "r"), await loadBundledTypeMap());
      const readDevice = read.get<UntypedGroup>("general")!.get<UntypedGroup>("devices")!.child("probe")!;
      const readEce = read.get<UntypedGroup>("general")!.get<UntypedGroup>("extracellular_ephys")!;
      assert.equal(readEce.child("a")!.get("device"), readDevice);
      assert.equal(readEce.child("b")!.get("device"), readDevice);
      // A link to a typed object fills the member of its type (hdmf does the same), under the target's name.
      const linked = read.get<UntypedGroup>("analysis")!.get<ContainerMap>("nwb_containers")!;
      assert.equal(linked.get("a"), readEce.child("a"));
      assert.equal(readEce.child("a")!.parent, read);
      assert.equal(await read.read("identifier"), "id");
      assert.deepEqual(await read.get<import("../../../src/build/index.js").LazyData>("file_create_date")!.toList(), ["2024-01-01T00:00:00+00:00"]);
      // A region into a table that belongs to no tree being written
      const lonely = new DynamicTable({ name: "lonely", description: "not in the file" });
      lonely.addColumn({ name: "x", description: "x", data: [1] });
      const t = new DynamicTable({ name: "t", description: "d" });
      t.addColumn({ name: "r", description: "r", data: [0], table: lonely });
      const SMC = tm2.getClass("hdmf-common", "SimpleMultiContainer");
      const top = new SMC({ name: "root" });
      top.add(t);
      await assert.rejects(new BuildManager(tm2).build(top), BuildError);
    });
  });
}

describe("compound columns with a reference field (epochs.timeseries)", () => {
  for (const format of [3, 2] as const) {
    it(`write and read back rows whose reference field resolves to the TimeSeries (Zarr v${format})`, async () => {
      const tm = await loadBundledTypeMap();
      const file = new (tm.getClass("core", "NWBFile"))({ name: "root" });
      file.set("identifier", "epochs").set("session_description", "s").set("session_start_time", "2024-01-01T00:00:00+00:00");
      const TS = tm.getClass("core", "TimeSeries");
      const a = file.group("acquisition").add(new TS({ name: "a", fields: { data: new Float64Array([1, 2, 3, 4]), data__unit: "m", timestamps: new Float64Array([0, 1, 2, 3]) } }));
      const b = file.group("acquisition").add(new TS({ name: "b", fields: { data: new Float64Array([5, 6]), data__unit: "m", timestamps: new Float64Array([0, 1]) } }));
      const epochs = new (tm.getClass<DynamicTable, DynamicTableInit>("core", "TimeIntervals"))({ name: "epochs", description: "epochs" });
      epochs.addColumn({ name: "start_time", description: "start", data: [0, 2] });
      epochs.addColumn({ name: "stop_time", description: "stop", data: [2, 3.5] });
      // A compound column (idx_start, count, timeseries reference), of the spec-made class for its type.
      const Ref = tm.getClass<VectorData, VectorDataInit>("core", "TimeSeriesReferenceVectorData");
      assert.equal(Object.getPrototypeOf(Ref), VectorData);
      const data = [{ idx_start: 0, count: 2, timeseries: a }, { idx_start: 1, count: 1, timeseries: b }];
      epochs.addColumn({ name: "timeseries", description: "series of each epoch", column: new Ref({ name: "timeseries", description: "series of each epoch", data }) });
      file.group("intervals").set("epochs", epochs);
      const path = join(temps.make(), "epochs.nwb.zarr");
      await writeContainer(new ZarrIO(path, "w", { zarrFormat: format }), file, tm);
      const back = await readContainer(new ZarrIO(path, "r"), await loadBundledTypeMap());
      const readEpochs = back.get<UntypedGroup>("intervals")!.get<DynamicTable>("epochs")!;
      assert.equal(readEpochs.typeName, "TimeIntervals");
      const acq = back.get<UntypedGroup>("acquisition")!;
      const rows = await readEpochs.toRecords();
      assert.deepEqual(rows.map((r) => [r.id, r.start_time, r.stop_time]), [[0, 0, 2], [1, 2, 3.5]]);
      assert.deepEqual(rows.map((r) => (r.timeseries as { idx_start: number; count: number }).idx_start), [0, 1]);
      assert.deepEqual(rows.map((r) => (r.timeseries as { count: number }).count), [2, 1]);
      assert.equal((rows[0].timeseries as { timeseries: unknown }).timeseries, acq.child("a"));
      assert.equal((rows[1].timeseries as { timeseries: unknown }).timeseries, acq.child("b"));
    });
  }
});

describe("objects of another file", () => {
  it("a region into a table read from another file is written as a reference into that file", async () => {
    const dir = temps.make();
    const tm = await loadBundledTypeMap();
    const SMC = tm.getClass("hdmf-common", "SimpleMultiContainer");
    const people = new DynamicTable({ name: "people", description: "who" });
    people.addColumn({ name: "name", description: "names", data: ["ann", "bob"] });
    const first = new SMC({ name: "root" });
    first.add(people);
    await writeContainer(new ZarrIO(join(dir, "people.zarr"), "w"), first, tm);
    const readPeople = (await readContainer(new ZarrIO(join(dir, "people.zarr"), "r"), tm)).child("people") as DynamicTable;
    const visits = new DynamicTable({ name: "visits", description: "who came" });
    visits.addColumn({ name: "who", description: "visitor", data: [1, 0, 1], table: readPeople });
    const second = new SMC({ name: "root" });
    second.add(visits);
    await writeContainer(new ZarrIO(join(dir, "visits.zarr"), "w"), second, tm);
    const back = (await readContainer(new ZarrIO(join(dir, "visits.zarr"), "r"), await loadBundledTypeMap())).child("visits") as DynamicTable;
    const region = back.column("who") as DynamicTableRegion;
    assert.equal(region.table!.name, "people");
    assert.ok(region.table!.source!.endsWith("people.zarr"));
    assert.deepEqual(await back.readColumn("who"), [{ id: 1, name: "bob" }, { id: 0, name: "ann" }, { id: 1, name: "bob" }]);
  });
});
