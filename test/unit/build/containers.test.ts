/**
 * Containers, spec-made classes and the type map, without files: object ids, fields by spec name
 * (with `a__b` names found by their last part), children and adoption, `add()` into the member of
 * the nearest type, the slots of real specs, classes derived along the type hierarchy (an extension
 * of DynamicTable gets the DynamicTable API), spec-less classes for unknown types, and the error
 * for a file whose root is no container.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DatasetBuilder, GroupBuilder, InvalidArgumentError, ZarrIO } from "../../../src/index.js";
import {
  ConstructError, Container, ContainerMap, Data, DynamicTable, DynamicTableRegion, ElementIdentifiers, TypeMap, UntypedGroup,
  VectorData, VectorIndex, loadBundledTypeMap, readContainer, slotsOf, typeFieldName, builderType, type ContainerClass,
} from "../../../src/build/index.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const temps = tempFolders("build-containers");
after(() => temps.cleanup());

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let tm: TypeMap;
before(async () => {
  tm = await loadBundledTypeMap();
});

describe("Container", () => {
  it("has a name, a fresh UUID v4 object id (or the one given, or none), and its type from its class", () => {
    const a = new Container({ name: "a" });
    const b = new Container({ name: "b" });
    assert.match(a.objectId!, UUID_V4);
    assert.notEqual(a.objectId, b.objectId);
    assert.equal(new Container({ name: "c", objectId: "given" }).objectId, "given");
    assert.equal(new Container({ name: "d", objectId: null }).objectId, undefined);
    assert.equal(a.typeName, "Container");
    assert.equal(a.namespace, "hdmf-common");
    assert.equal(new VectorData({ name: "v" }).typeName, "VectorData");
  });

  it("finds `a__b` fields by their last part when only one key ends with it", () => {
    const c = new Container({ name: "ts", fields: { starting_time__rate: 30, data__unit: "m", starting_time__unit: "s" } });
    assert.equal(c.get("rate"), 30);
    assert.equal(c.fields.get("rate"), 30);
    assert.equal(c.get("unit"), undefined, "two keys end with __unit: ambiguous");
    assert.equal(c.get("data__unit"), "m");
    assert.equal(c.fields.getExact("rate"), undefined);
    c.set("rate", 60);
    assert.equal(c.fields.getExact("starting_time__rate"), 60, "set() updates the field the name stands for");
  });

  it("adopts parentless containers put into fields, and finds children by name (inside untyped groups too)", () => {
    const owner = new Container({ name: "owner" });
    const kid = new Container({ name: "kid" });
    const other = new Container({ name: "other" });
    const linked = new Container({ name: "linked", parent: other });
    owner.set("kid", kid);
    owner.set("ref", linked);
    const g = new UntypedGroup("general", { owner });
    owner.set("general", g);
    const deep = new Container({ name: "deep" });
    g.set("deep", deep);
    assert.equal(kid.parent, owner);
    assert.equal(linked.parent, other, "a container with a parent stays where it is");
    assert.equal(deep.parent, owner, "children of untyped groups belong to the owner");
    assert.deepEqual(owner.children.map((c) => c.name), ["kid", "deep"]);
    assert.equal(owner.child("deep"), deep);
    assert.equal(owner.get("deep"), deep, "get() falls back to a child of that name");
    assert.equal(deep.root, owner);
    assert.equal(deep.containerPath, "/deep");
    const vi = new VectorIndex({ name: "x_index", target: kid as unknown as VectorData });
    assert.equal(kid.parent, owner, "a VectorIndex target is referenced, not adopted");
    assert.equal(vi.target, undefined, "target must be a VectorData");
  });

  it("Data reports the shape of in-memory data", () => {
    assert.deepEqual(new Data({ name: "d", data: [[1, 2, 3], [4, 5, 6]] }).shape, [2, 3]);
    assert.deepEqual(new Data({ name: "d", data: new Float32Array(7) }).shape, [7]);
    assert.deepEqual(new Data({ name: "d", data: 5 }).shape, []);
    assert.equal(new Data({ name: "d", data: [] }).length, 0);
  });
});

describe("slots of specs", () => {
  it("name members as hdmf does: fixed names, snake-case types (plural when many), dataset attributes as a__b", () => {
    assert.equal(typeFieldName("VectorData", true), "vector_datas");
    assert.equal(typeFieldName("NWBDataInterface", true), "nwb_data_interfaces");
    assert.equal(typeFieldName("TimeIntervals", true), "time_intervals");
    assert.equal(typeFieldName("ElectrodeGroup", false), "electrode_group");
    const ts = slotsOf(tm.getSpec("core", "TimeSeries"));
    const keys = ts.flatMap((s) => (s.kind === "dataset" ? [s.key, ...s.attributes.map((a) => a.key)] : [s.key]));
    for (const k of ["description", "comments", "data", "data__unit", "data__conversion", "starting_time", "starting_time__rate", "timestamps", "timestamps__interval", "sync"]) {
      assert.ok(keys.includes(k), k);
    }
    const sync = ts.find((s) => s.key === "sync")!;
    assert.equal(sync.kind, "group");
    const table = slotsOf(tm.getSpec("hdmf-common", "DynamicTable"));
    const columns = table.find((s) => s.key === "vector_datas")!;
    assert.ok(columns.kind === "child" && columns.many && columns.dataType === "VectorData" && columns.storage === "dataset");
    const id = table.find((s) => s.key === "id")!;
    assert.ok(id.kind === "child" && id.name === "id" && !id.many);
    const eg = slotsOf(tm.getSpec("core", "ElectrodeGroup"));
    const device = eg.find((s) => s.key === "device")!;
    assert.equal(device.kind, "link");
  });
});

describe("TypeMap classes", () => {
  it("makes a class per type, derived along the hierarchy, named after the type, carrying its spec", () => {
    const ES = tm.getClass("core", "ElectricalSeries");
    const TS = tm.getClass("core", "TimeSeries");
    assert.equal(ES.name, "ElectricalSeries");
    assert.equal(Object.getPrototypeOf(ES), TS);
    assert.equal(ES.typeName, "ElectricalSeries");
    assert.equal(ES.namespace, "core");
    assert.equal(ES.spec, tm.getSpec("core", "ElectricalSeries"));
    assert.equal(tm.getClass("core", "ElectricalSeries"), ES, "one class per type");
    const es = new ES({ name: "es" });
    assert.ok(es instanceof TS && es instanceof Container);
    assert.equal(es.typeName, "ElectricalSeries");
  });

  it("uses registered classes, and derives subtypes from them (Units is a DynamicTable)", () => {
    assert.equal(tm.getClass("hdmf-common", "DynamicTable"), DynamicTable);
    assert.equal(tm.getClass("core", "DynamicTable"), DynamicTable, "looked up through an including namespace");
    const Units = tm.getClass<DynamicTable>("core", "Units");
    assert.equal(Object.getPrototypeOf(Units), DynamicTable);
    const units = new Units({ name: "units" });
    assert.ok(units instanceof DynamicTable);
    units.addColumn({ name: "spike_times", description: "times", data: [[0.5, 1.5], [2.5]], index: true });
    // Units names spike_times and spike_times_index: the columns go to those members.
    assert.ok(units.fields.getExact("spike_times") instanceof VectorData);
    assert.ok(units.fields.getExact("spike_times_index") instanceof VectorIndex);
    assert.deepEqual(units.colnames, ["spike_times"]);
    assert.equal(units.length, 2);
    const Data0 = tm.getClass("hdmf-common", "Data");
    assert.equal(Data0, Data);
  });

  it("gives registered classes the spec of their type, so set() knows references from children", () => {
    assert.equal(DynamicTableRegion.spec?.typeDef, "DynamicTableRegion");
    const region = new DynamicTableRegion({ name: "r", data: [0] });
    const table = new DynamicTable({ name: "t", description: "d" });
    region.set("table", table);
    assert.equal(table.parent, undefined, "the table attribute is a reference: not adopted");
    const index = new VectorIndex({ name: "i", data: [1] });
    const column = new VectorData({ name: "c", data: [1] });
    index.set("target", column);
    assert.equal(column.parent, undefined);
    const holder = new DynamicTable({ name: "h", description: "d" });
    holder.set("id", new ElementIdentifiers({ name: "id", data: [0] }));
    assert.equal(holder.id!.parent, holder, "a member is a child");
  });

  it("reading a file whose root has no type is a ConstructError naming the store", async () => {
    const dir = temps.make();
    const io = new ZarrIO(join(dir, "plain.zarr"), "w");
    await io.writeBuilder(new GroupBuilder("root", { datasets: [new DatasetBuilder("x", [1, 2, 3])] }));
    await assert.rejects(readContainer(new ZarrIO(join(dir, "plain.zarr"), "r"), tm), (e: unknown) => {
      assert.ok(e instanceof ConstructError);
      assert.match((e as Error).message, /plain\.zarr/);
      assert.match((e as Error).message, /no data_type\/neurodata_type attribute/);
      return true;
    });
  });

  it("refuses a class that declares another type, and unknown types", () => {
    assert.throws(() => tm.registerClass("hdmf-common", "VectorData", ElementIdentifiers as unknown as ContainerClass), InvalidArgumentError);
    assert.throws(() => tm.getClass("core", "NoSuchType"), /NoSuchType/);
  });

  it("gives builders of unknown types a spec-less class named after the type", () => {
    const b = new GroupBuilder("x", { attributes: { neurodata_type: "MyProbe", namespace: "ndx-unknown" } });
    assert.deepEqual(builderType(b), { type: "MyProbe", namespace: "ndx-unknown" });
    const { cls, mapper } = tm.forBuilder(builderType(b)!, "group");
    assert.equal(cls.name, "MyProbe");
    assert.equal(cls.typeName, "MyProbe");
    assert.equal(mapper.spec, undefined);
    assert.equal(tm.forBuilder(builderType(b)!, "group").cls, cls);
  });

  it("add() puts a child into the unnamed member of the nearest type", () => {
    const SMC = tm.getClass("hdmf-common", "SimpleMultiContainer");
    const root = new SMC({ name: "root" });
    const table = root.add(new DynamicTable({ name: "t", description: "d" }));
    const data = root.add(new VectorData({ name: "v", data: [1] }));
    assert.ok(root.fields.getExact("containers") instanceof ContainerMap);
    assert.equal((root.fields.getExact("containers") as ContainerMap).get("t"), table);
    assert.equal((root.fields.getExact("datas") as ContainerMap).get("v"), data);
    assert.equal(table.parent, root);
    assert.throws(() => root.add(new DynamicTable({ name: "t", description: "again" })), InvalidArgumentError);
    const NWBFile = tm.getClass("core", "NWBFile");
    const file = new NWBFile({ name: "root" });
    const ts = new (tm.getClass("core", "TimeSeries"))({ name: "ts" });
    file.group("acquisition").add(ts);
    assert.equal(ts.parent, file);
    assert.equal(file.child("ts"), ts);
    assert.throws(() => file.group("no_such_group"), InvalidArgumentError);
  });
});
