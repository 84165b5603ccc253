/**
 * The bundled schemas (schema-bundle/): hdmf-common, hdmf-experimental and NWB core load, and the
 * resolved specs carry real facts of those schemas (inheritance, member types, dtypes, references).
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import {
  AttributeSpec, DatasetSpec, GroupSpec, NamespaceCatalog, RefSpec, bundledSchemaDir, loadBundledNamespaces, matchesShape,
} from "../../../src/spec/index.js";
import { REPO_ROOT } from "../../helpers/repo-paths.js";

let catalog: NamespaceCatalog;
before(async () => {
  catalog = await loadBundledNamespaces();
});

const group = (ns: string, type: string) => catalog.getSpec(ns, type) as GroupSpec;
const dataset = (ns: string, type: string) => catalog.getSpec(ns, type) as DatasetSpec;

describe("bundled schemas", () => {
  it("loads hdmf-common, hdmf-experimental and core at the versions the README records", () => {
    assert.deepEqual(catalog.namespaces.sort(), ["core", "hdmf-common", "hdmf-experimental"]);
    const readme = readFileSync(join(bundledSchemaDir(), "README.md"), "utf8");
    for (const ns of catalog.namespaces) {
      const version = catalog.getNamespace(ns).version!;
      assert.match(readme, new RegExp(`\\| ${ns}(?: \\(NWB\\))? \\| ${version.replace(/\./g, "\\.")} \\|`), `${ns} ${version} in README`);
    }
    assert.equal(catalog.getNamespace("core").version, "2.11.0");
    assert.equal(catalog.getNamespace("hdmf-common").version, "1.10.0");
    assert.equal(catalog.getNamespace("hdmf-experimental").version, "0.6.0");
    assert.equal(catalog.getNamespace("core").fullName, "NWB core");
    assert.ok(catalog.getNamespace("core").author.includes("Oliver Ruebel"));
    assert.deepEqual(catalog.getNamespace("core").includes, ["hdmf-common"]);
    assert.deepEqual(catalog.warnings, []);
  });

  it("ships the license texts, and package.json publishes the folder", () => {
    for (const folder of ["hdmf-common", "core"]) {
      const license = readFileSync(join(bundledSchemaDir(), folder, "license.txt"), "utf8");
      assert.match(license, /Lawrence Berkeley National Laboratory/);
      assert.match(license, /Redistribution and use in source and binary forms/);
      assert.ok(existsSync(join(bundledSchemaDir(), folder, "Legal.txt")));
    }
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));
    assert.ok(pkg.files.includes("schema-bundle"));
    assert.ok(pkg.dependencies.yaml);
  });

  it("records the spelling of the type keys each namespace uses", () => {
    assert.equal(catalog.getNamespace("core").style, "neurodata_type");
    assert.equal(catalog.getNamespace("hdmf-common").style, "data_type");
  });

  it("knows the types of each namespace, own and included", () => {
    const own = catalog.getTypes("core", { own: true });
    assert.ok(own.includes("ElectricalSeries") && own.includes("NWBFile") && own.includes("Units"));
    assert.ok(!own.includes("DynamicTable"));
    assert.ok(catalog.getTypes("core").includes("DynamicTable"));
    assert.deepEqual(catalog.getTypes("hdmf-experimental", { own: true }), ["EnumData"]);
    assert.equal(catalog.getTypeNamespace("VectorData"), "hdmf-common");
    assert.equal(catalog.getTypeNamespace("TimeSeries"), "core");
    assert.deepEqual(catalog.getTypeSource("core", "ElectricalSeries"), { namespace: "core", version: "2.11.0", source: "nwb.ecephys" });
    assert.deepEqual(catalog.getTypeSource("core", "DynamicTable"), { namespace: "hdmf-common", version: "1.10.0", source: "table" });
  });

  it("ElectricalSeries inherits TimeSeries' data and timestamps, and its electrodes are a DynamicTableRegion", () => {
    assert.deepEqual(catalog.getHierarchy("ElectricalSeries"), ["ElectricalSeries", "TimeSeries", "NWBDataInterface", "NWBContainer", "Container"]);
    assert.ok(catalog.isSubtype("ElectricalSeries", "TimeSeries"));
    assert.ok(!catalog.isSubtype("TimeSeries", "ElectricalSeries"));
    const es = group("core", "ElectricalSeries");
    assert.deepEqual(es.datasets.map((d) => d.name), ["data", "starting_time", "timestamps", "control", "control_description", "electrodes", "channel_conversion"]);
    const timestamps = es.getDataset("timestamps")!;
    assert.equal(timestamps.dtype, "float64");
    assert.equal(timestamps.quantity, "?");
    assert.deepEqual(timestamps.attributes.map((a) => a.name), ["interval", "unit"]);
    assert.equal(timestamps.getAttribute("unit")!.value, "seconds");
    // data: ElectricalSeries narrows dims/shape and fixes the unit; conversion etc. come from TimeSeries.
    const data = es.getDataset("data")!;
    assert.equal(data.dtype, "numeric");
    assert.deepEqual(data.dims, [["num_times"], ["num_times", "num_channels"], ["num_times", "num_channels", "num_samples"]]);
    assert.equal(data.getAttribute("unit")!.value, "volts");
    assert.equal(data.getAttribute("conversion")!.dtype, "float32");
    assert.equal(data.getAttribute("conversion")!.defaultValue, 1.0);
    assert.equal(data.getAttribute("conversion")!.required, false);
    assert.ok(matchesShape([100, 4], data.shape) && !matchesShape([1, 2, 3, 4], data.shape));
    // electrodes: merged with the DynamicTableRegion spec it includes.
    const electrodes = es.getDataset("electrodes")!;
    assert.equal(electrodes.typeInc, "DynamicTableRegion");
    assert.equal(electrodes.dtype, "int32");
    const table = electrodes.getAttribute("table")!;
    assert.ok(table.dtype instanceof RefSpec);
    assert.equal(table.dtype.targetType, "DynamicTable");
    assert.equal(table.dtype.reftype, "object");
    assert.equal(electrodes.getAttribute("description")!.dtype, "text");
    // attributes of TimeSeries
    assert.deepEqual(es.attributes.map((a) => a.name), ["description", "comments", "filtering"]);
    assert.equal(es.getAttribute("description")!.defaultValue, "no description");
    assert.equal(es.getGroup("sync")!.quantity, "?");
  });

  it("TimeSeries starting_time has a required float32 attribute rate and a fixed unit", () => {
    const st = group("core", "TimeSeries").getDataset("starting_time")!;
    assert.equal(st.dtype, "float64");
    const rate = st.getAttribute("rate")!;
    assert.ok(rate instanceof AttributeSpec);
    assert.equal(rate.dtype, "float32");
    assert.equal(rate.required, true);
    assert.equal(st.getAttribute("unit")!.value, "seconds");
  });

  it("Units inherits DynamicTable: id, unnamed VectorData columns, colnames; its own ragged columns are typed", () => {
    assert.deepEqual(catalog.getHierarchy("Units"), ["Units", "DynamicTable", "Container"]);
    const units = group("core", "Units");
    assert.equal(units.defaultName, "Units");
    assert.deepEqual(units.attributes.map((a) => a.name), ["colnames", "description"]);
    const id = units.getDataset("id")!;
    assert.equal(id.typeInc, "ElementIdentifiers");
    assert.equal(id.dtype, "int32"); // from ElementIdentifiers
    const columns = units.datasets.filter((d) => d.name === undefined);
    assert.deepEqual(columns.map((d) => [d.typeInc, d.quantity]), [["VectorData", "*"]]);
    const spikeIndex = units.getDataset("spike_times_index")!;
    assert.equal(spikeIndex.typeInc, "VectorIndex");
    assert.equal(spikeIndex.quantity, "?");
    assert.equal(spikeIndex.dtype, "uint8");
    assert.equal((spikeIndex.getAttribute("target")!.dtype as RefSpec).targetType, "VectorData");
    assert.equal(units.getDataset("spike_times")!.dtype, "float64");
    assert.equal(units.getDataset("electrodes")!.typeInc, "DynamicTableRegion");
    assert.equal(units.getLink("electrodes"), undefined);
  });

  it("hdmf-common VectorIndex's target attribute is an object reference to VectorData", () => {
    const vi = dataset("hdmf-common", "VectorIndex");
    assert.equal(vi.typeDef, "VectorIndex");
    assert.equal(vi.typeInc, "VectorData");
    assert.equal(vi.dtype, "uint8");
    assert.deepEqual(vi.dims, ["num_rows"]);
    const target = vi.getAttribute("target")!;
    assert.ok(target.dtype instanceof RefSpec);
    assert.deepEqual(target.dtype.toSchema(), { target_type: "VectorData", reftype: "object" });
    assert.equal(vi.getAttribute("description")!.dtype, "text"); // inherited from VectorData
    // The same type seen through core is the same spec.
    assert.equal(catalog.getSpec("core", "VectorIndex"), vi);
  });

  it("compound dtypes, fixed values and links come through", () => {
    const pixelMask = group("core", "PlaneSegmentation").getDataset("pixel_mask")!;
    assert.ok(Array.isArray(pixelMask.dtype));
    assert.deepEqual(pixelMask.dtype.map((f) => [f.name, f.dtype]), [["x", "uint32"], ["y", "uint32"], ["weight", "float32"]]);
    assert.equal(pixelMask.typeInc, "VectorData");
    const file = group("core", "NWBFile");
    assert.equal(file.name, "root");
    assert.equal(file.getAttribute("nwb_version")!.value, "2.11.0");
    assert.equal(file.getDataset("session_start_time")!.dtype, "isodatetime");
    const imaging = group("core", "ImagingPlane");
    const device = imaging.getLink("device")!;
    assert.equal(device.targetType, "Device");
    assert.equal(device.required, true);
    const general = file.getGroup("general")!;
    assert.equal(general.getGroup("subject")!.typeInc, "Subject");
    assert.equal(general.getGroup("devices")!.groups[0].typeInc, "Device");
    assert.equal(general.getGroup("devices")!.groups[0].quantity, "*");
    assert.equal(general.getGroup("devices")!.getGroup("models")!.groups[0].typeInc, "DeviceModel");
  });

  it("MeaningsTable, which DynamicTable holds and which extends DynamicTable, resolves fully (containment cycle)", () => {
    const mt = group("hdmf-common", "MeaningsTable");
    assert.deepEqual(catalog.getHierarchy("MeaningsTable"), ["MeaningsTable", "DynamicTable", "Container"]);
    assert.equal(mt.getDataset("id")!.dtype, "int32");
    assert.equal(mt.getDataset("meaning")!.dtype, "text");
    assert.equal(mt.getAttribute("target")!.dtype instanceof RefSpec, true);
    const dt = group("hdmf-common", "DynamicTable");
    const nested = dt.getGroup("meanings_tables")!.groups[0];
    assert.equal(nested.typeInc, "MeaningsTable");
    assert.equal(nested.quantity, "*");
    assert.ok(nested.getDataset("meaning"));
  });

  it("a second load reuses the parsed files and gives an independent catalog", async () => {
    const other = await loadBundledNamespaces();
    assert.notEqual(other, catalog);
    assert.deepEqual(other.getTypes("core"), catalog.getTypes("core"));
  });
});
