/**
 * The store browser's data providers. ZarrStoreProvider over both Python-written v2 NWB fixtures
 * (consolidated and not, pickle-coded references) and over a v3 NWB file written here (links,
 * references, a Units table with ragged spike times, an ElectricalSeries with a rate and a region
 * column, a TimeSeries with timestamps): entities and facts equal to the metadata, children,
 * search, values equal to what ZarrIO reads, the time axis and DynamicTable rows. Over a real HTTP
 * server: one round trip to open a consolidated store, nothing more for tree and search, and only
 * the chunks a table page or a plot window shows. PayloadProvider over payloads made by src/repr.
 */
import assert from "node:assert/strict";
import { cpSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DatasetBuilder, GroupBuilder, ZarrDataset, ZarrIO } from "../../../src/index.js";
import { NWBZarrIO, loadNwbTypes, type Units } from "../../../src/nwb/index.js";
import { toPayload, type DatasetPayload, type GroupPayload } from "../../../src/repr/index.js";
import { HttpStore } from "../../../src/store/browser.js";
import { LocalStore } from "../../../src/store/local.js";
import { slice } from "../../../src/zarr/indexing.js";
import { NodeNotFoundError, InvalidArgumentError } from "../../../src/errors.js";
import { ZarrStoreProvider } from "../../../src/extension/provider/zarr-provider.js";
import { PayloadProvider, previewExtent } from "../../../src/extension/provider/payload-provider.js";
import { loadTable, readTableRows } from "../../../src/extension/view/model/dynamic-table.js";
import { timeAxisOf, timesFor } from "../../../src/extension/view/model/time-axis.js";
import { displayKindOf } from "../../../src/extension/view/model/display-kind.js";
import { startHttpServer, type TestHttpServer } from "../../helpers/http-server.js";
import { ZARR_V2_FIXTURES } from "../../helpers/fixture-paths.js";
import { SAMPLE, buildSampleFile } from "../../helpers/nwb-sample-file.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const FIXTURES = ZARR_V2_FIXTURES;
const temps = tempFolders("extension-providers");
after(() => temps.cleanup());

/** A copy of a fixture in a temp folder. */
function copyFixture(name: string): string {
  const dst = join(temps.make(), name);
  cpSync(join(FIXTURES, name), dst, { recursive: true });
  return dst;
}

async function open(path: string, allowPickle = false): Promise<ZarrStoreProvider> {
  return ZarrStoreProvider.open(new LocalStore(path), { location: path, allowPickle });
}

async function zarrIoValues(path: string, node: string, sel: Parameters<ZarrDataset["get"]>[0], allowPickle = false): Promise<unknown[]> {
  const io = new ZarrIO(path, "r", { allowPickle });
  const root = await io.readBuilder();
  const nd = await ((root.get(node) as DatasetBuilder).data as ZarrDataset).getRaw(sel);
  await io.close();
  return Array.from(nd.data as ArrayLike<unknown>);
}

describe("ZarrStoreProvider over zarr_tutorial.nwb.zarr (v2, consolidated)", () => {
  let path: string;
  let p: ZarrStoreProvider;
  before(async () => {
    path = copyFixture("zarr_tutorial.nwb.zarr");
    p = await open(path);
  });

  it("opens from consolidated metadata and knows it is NWB", () => {
    assert.equal(p.isConsolidated, true);
    assert.equal(p.isNwb, true);
    assert.equal(p.zarrFormat, 2);
    assert.equal(p.location, path);
  });

  it("gives the facts of an array as its .zmetadata says", async () => {
    const meta = JSON.parse(readFileSync(join(path, ".zmetadata"), "utf8")).metadata;
    const zarray = meta["acquisition/synthetic_timeseries/data/.zarray"];
    const e = await p.getEntity("/acquisition/synthetic_timeseries/data");
    assert.equal(e.kind, "dataset");
    assert.equal(e.name, "data");
    assert.deepEqual(e.shape, zarray.shape);
    assert.equal(e.dtype, "float64");
    assert.deepEqual(e.array!.chunks, zarray.chunks);
    assert.equal(e.array!.storedDataType, zarray.dtype);
    assert.equal(e.array!.chunkCount, 100);
    assert.deepEqual(e.array!.codecs.compressors, ["blosc(blocksize=0, clevel=3, cname='zstd', shuffle=1)"]);
    assert.equal(e.attributes.unit, "m");
    assert.equal("zarr_dtype" in e.attributes, false, "format markers are left out");
    const s = await p.getStorage(e.path);
    assert.equal(s.chunksInitialized, 100);
    assert.ok((s.bytesStored ?? 0) > 1000);
  });

  it("lists children in name order with counts and types, a page at a time", async () => {
    const all = await p.getChildren("/", 0, 100);
    assert.deepEqual(all.entries.map((e) => e.name), [
      "acquisition", "analysis", "file_create_date", "general", "identifier", "processing", "session_description",
      "session_start_time", "stimulus", "timestamps_reference_time",
    ]);
    assert.equal(all.total, 10);
    assert.equal(all.entries.find((e) => e.name === "acquisition")!.childCount, 1);
    const page = await p.getChildren("/", 3, 2);
    assert.deepEqual(page.entries.map((e) => e.path), ["/general", "/identifier"]);
    assert.equal(page.total, 10);
    const ts = (await p.getChildren("/acquisition", 0, 10)).entries[0];
    assert.equal(ts.type?.name, "TimeSeries");
    assert.equal(ts.type?.namespace, "core");
    const root = await p.getEntity("/");
    assert.equal(root.type?.name, "NWBFile");
    assert.equal(root.childCount, 10);
  });

  it("finds paths and types", async () => {
    assert.deepEqual((await p.search({ type: "timeseries" })).map((h) => h.path), ["/acquisition/synthetic_timeseries"]);
    assert.deepEqual((await p.search({ text: "SYNTHETIC_timeseries/d" })).map((h) => h.path), ["/acquisition/synthetic_timeseries/data"]);
    assert.deepEqual((await p.search({ text: "synthetic", type: "NWBFile" })), []);
    assert.equal((await p.search({ text: "" , limit: 3 })).length, 3);
  });

  it("reads selections equal to what ZarrIO reads", async () => {
    const block = await p.getValues("/acquisition/synthetic_timeseries/data", [[5, 17], 3]);
    assert.deepEqual(block.shape, [12]);
    const expected = await zarrIoValues(path, "acquisition/synthetic_timeseries/data", [slice(5, 17), 3]);
    assert.deepEqual(Array.from(block.numbers!), expected);
    assert.deepEqual(block.values, expected);
    const scalar = await p.getValues("/session_description", []);
    assert.deepEqual(scalar.shape, []);
    assert.equal(typeof scalar.values[0], "string");
    assert.equal(scalar.numbers, null);
  });

  it("gives the time axis from starting_time and its rate, only for the window asked", async () => {
    const axis = await timeAxisOf(p, "/acquisition/synthetic_timeseries");
    assert.equal(axis.kind, "rate");
    assert.deepEqual(axis, { kind: "rate", start: 0, rate: 10000 });
    assert.deepEqual(Array.from(await timesFor(p, axis, 10, 13)), [10 / 10000, 11 / 10000, 12 / 10000]);
    const kind = await displayKindOf(p, await p.getEntity("/acquisition/synthetic_timeseries"));
    assert.equal(kind.kind, "timeseries");
  });

  it("throws NodeNotFoundError for a missing path", async () => {
    await assert.rejects(p.getEntity("/nope"), NodeNotFoundError);
  });

});

describe("ZarrStoreProvider over ecephys_tutorial.nwb.zarr (v2, no consolidated metadata, pickle)", () => {
  let path: string;
  let p: ZarrStoreProvider;
  before(async () => {
    path = copyFixture("ecephys_tutorial.nwb.zarr");
    p = await open(path, true);
  });

  it("lists children from the store and counts them only when a group is listed", async () => {
    assert.equal(p.isConsolidated, false);
    const top = await p.getChildren("/", 0, 100);
    assert.equal(top.entries.find((e) => e.name === "units")!.childCount, null, "nothing read per node up front");
    const units = await p.getEntity("/units");
    assert.equal(units.type?.name, "Units");
    assert.ok((units.childCount ?? 0) > 3);
  });

  it("shows links with their targets and reference datasets with resolved paths", async () => {
    const link = await p.getEntity("/processing/ecephys/LFP/ElectricalSeries/electrodes");
    assert.equal(link.kind, "link");
    assert.deepEqual(link.target, { path: "/acquisition/ElectricalSeries/electrodes", source: null });
    const group = await p.getEntity("/general/extracellular_ephys/electrodes/group");
    assert.equal(group.kind, "reference");
    const block = await p.getValues(group.path, [[0, 2]]);
    const io = new ZarrIO(path, "r", { allowPickle: true });
    const refs = await (((await io.readBuilder()).get("general/extracellular_ephys/electrodes/group") as DatasetBuilder).data as ZarrDataset).get([slice(0, 2)]);
    const expected = (refs.data as { builder: { path: string } }[]).map((r) => ({ $type: "reference", path: r.builder.path, source: null }));
    assert.equal(expected.length, 2);
    assert.deepEqual(block.values, expected);
    const region = await p.getEntity("/acquisition/ElectricalSeries/electrodes");
    assert.equal(region.type?.name, "DynamicTableRegion");
    assert.deepEqual(region.references.map((r) => [r.name, r.target.path]), [["table", "/general/extracellular_ephys/electrodes"]]);
  });

  it("reads the electrodes table a page at a time, as ZarrIO reads its columns", async () => {
    const table = await p.getEntity("/general/extracellular_ephys/electrodes");
    const model = await loadTable(p, table);
    assert.equal(model.columns[0].name, "id");
    assert.ok(model.rowCount > 2);
    const rows = await readTableRows(p, model, 1, 3);
    assert.equal(rows.length, 2);
    const loc = model.columns.findIndex((c) => c.name === "location");
    const expected = await zarrIoValues(path, "general/extracellular_ephys/electrodes/location", [slice(1, 3)], true);
    assert.deepEqual(rows.map((r) => r[loc]), expected);
  });
});

describe("ZarrStoreProvider over an NWB file written here in Zarr v3", () => {
  let path: string;
  let p: ZarrStoreProvider;
  before(async () => {
    await loadNwbTypes();
    path = join(temps.make(), "built.nwb.zarr");
    await new NWBZarrIO(path, "w").write(buildSampleFile());
    p = await open(path);
  });

  it("resolves the links of the current convention", async () => {
    assert.equal(p.zarrFormat, 3);
    const children = await p.getChildren("/general/extracellular_ephys/shank0", 0, 10);
    const device = children.entries.find((e) => e.name === "device")!;
    assert.equal(device.kind, "link");
    assert.deepEqual(device.target, { path: "/general/devices/probe", source: null });
  });

  it("reads a ragged column (Units spike times) by its index, row by row", async () => {
    const model = await loadTable(p, await p.getEntity("/units"));
    assert.equal(model.rowCount, SAMPLE.spikes.length);
    assert.equal(model.readableRows, SAMPLE.spikes.length);
    const col = model.columns.findIndex((c) => c.name === "spike_times");
    assert.deepEqual(model.columns[col].indexPaths, ["/units/spike_times_index"]);
    const rows = await readTableRows(p, model, 0, 4);
    assert.deepEqual(rows.map((r) => r[col]), SAMPLE.spikes);
    const later = await readTableRows(p, model, 2, 4);
    assert.deepEqual(later.map((r) => r[col]), SAMPLE.spikes.slice(2));
    assert.deepEqual(rows.map((r) => r[0]), [0, 1, 2, 3], "ids first");
  });

  it("shows a region column with its target table, and the electrodes' group references", async () => {
    const es = await p.getEntity("/acquisition/raw/electrodes");
    assert.equal(es.type?.name, "DynamicTableRegion");
    assert.deepEqual(es.references[0].target, { path: "/general/extracellular_ephys/electrodes", source: null });
    assert.deepEqual((await p.getValues(es.path, [null])).values, [0, 1, 2, 3]);
    const model = await loadTable(p, await p.getEntity("/general/extracellular_ephys/electrodes"));
    const g = model.columns.findIndex((c) => c.name === "group");
    const rows = await readTableRows(p, model, 0, 2);
    assert.deepEqual(rows[1][g], { $type: "reference", path: "/general/extracellular_ephys/shank0", source: null });
  });

  it("gives both time axes: timestamps and starting_time + rate", async () => {
    const ts = await timeAxisOf(p, "/acquisition/temperature");
    assert.deepEqual(ts, { kind: "timestamps", path: "/acquisition/temperature/timestamps" });
    assert.deepEqual(Array.from(await timesFor(p, ts, 1, 3)), SAMPLE.tsTimes.slice(1, 3));
    const raw = await timeAxisOf(p, "/acquisition/raw");
    assert.deepEqual(raw, { kind: "rate", start: 2.5, rate: 1000 });
    assert.deepEqual(Array.from(await timesFor(p, raw, 0, 2)), [2.5, 2.501]);
  });

  it("reads 2-d windows equal to the data written", async () => {
    const block = await p.getValues("/acquisition/raw/data", [[3, 6], [1, 3]]);
    assert.deepEqual(block.shape, [3, 2]);
    assert.deepEqual(Array.from(block.numbers!), SAMPLE.ecephys.slice(3, 6).flatMap((r) => r.slice(1, 3)));
  });
});

describe("ZarrStoreProvider over HTTP (a real server on 127.0.0.1)", () => {
  let server: TestHttpServer;
  before(async () => {
    server = await startHttpServer(temps.make());
    cpSync(join(FIXTURES, "zarr_tutorial.nwb.zarr"), join(server.root, "t.zarr"), { recursive: true });
  });
  after(() => server.close());

  it("opens a consolidated store in one round trip and answers tree and search from it", async () => {
    server.stats.reset();
    const p = await ZarrStoreProvider.open(new HttpStore(`${server.url}/t.zarr`), { location: `${server.url}/t.zarr` });
    // The v2 and v3 root documents are asked for together: one is found, the other answers 404.
    assert.equal(server.stats.count("/t.zarr/.zmetadata"), 1);
    assert.equal(server.stats.log.filter((r) => r.status === 200).length, 1, "one metadata document read");
    assert.ok(server.stats.total <= 2);
    const before = server.stats.total;
    await p.getChildren("/", 0, 100);
    await p.getChildren("/acquisition/synthetic_timeseries", 0, 100);
    await p.getEntity("/acquisition/synthetic_timeseries/data");
    await p.search({ type: "TimeSeries" });
    assert.equal(server.stats.total, before, "no request for tree, facts or search");
  });

  it("opens a v3 file written here (consolidated inline in zarr.json) with one document read", async () => {
    await loadNwbTypes();
    await new NWBZarrIO(join(server.root, "v3.nwb.zarr"), "w").write(buildSampleFile());
    server.stats.reset();
    const p = await ZarrStoreProvider.open(new HttpStore(`${server.url}/v3.nwb.zarr`), { location: "" });
    assert.equal(p.isConsolidated, true);
    assert.equal(p.zarrFormat, 3);
    assert.deepEqual(server.stats.log.filter((r) => r.status === 200).map((r) => r.path), ["/v3.nwb.zarr/zarr.json"]);
    const before = server.stats.total;
    const units = await p.getEntity("/units");
    const folders = readdirSync(join(server.root, "v3.nwb.zarr/units"), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    assert.deepEqual(folders, ["id", "spike_times", "spike_times_index"]);
    assert.equal(units.childCount, folders.length);
    assert.deepEqual((await p.getChildren("/units", 0, 10)).entries.map((e) => e.name), folders);
    assert.equal(server.stats.total, before);
  });

  it("fetches only the chunks a table page or a plot window shows", async () => {
    const p = await ZarrStoreProvider.open(new HttpStore(`${server.url}/t.zarr`), { location: "" });
    server.stats.reset();
    // a 50 × 20 table page of a 100 × 100 array in 10 × 10 chunks: 5 × 2 chunks
    await p.getValues("/acquisition/synthetic_timeseries/data", [[0, 50], [0, 20]]);
    const keys = server.stats.log.map((r) => r.path.replace("/t.zarr/acquisition/synthetic_timeseries/data/", "")).sort();
    assert.deepEqual(keys, ["0.0", "0.1", "1.0", "1.1", "2.0", "2.1", "3.0", "3.1", "4.0", "4.1"]);
    server.stats.reset();
    // a plot window of one channel: rows 55–79 of column 27 → chunks 5.2, 6.2 and 7.2
    await p.getValues("/acquisition/synthetic_timeseries/data", [[55, 80], 27]);
    assert.deepEqual(server.stats.log.map((r) => r.path.split("/").pop()).sort(), ["5.2", "6.2", "7.2"]);
    server.stats.reset();
    // rows 15–39 of column 7 lie in chunks the table page fetched: the views share them
    const shared = await p.getValues("/acquisition/synthetic_timeseries/data", [[15, 40], 7]);
    assert.equal(shared.shape[0], 25);
    assert.equal(server.stats.total, 0);
  });
});

describe("PayloadProvider over payloads made by src/repr", () => {
  let root: GroupBuilder;
  before(async () => {
    root = await new ZarrIO(join(FIXTURES, "zarr_tutorial.nwb.zarr"), "r").readBuilder();
  });

  it("serves a store payload's tree, entities and search", async () => {
    const payload = (await toPayload(root)) as GroupPayload;
    assert.equal(payload.kind, "store");
    const p = new PayloadProvider(JSON.parse(JSON.stringify(payload)));
    assert.equal(p.isNwb, true);
    const top = await p.getChildren("/", 0, 100);
    assert.deepEqual(top.entries.map((e) => e.name), payload.children.map((c) => c.name).sort());
    const data = await p.getEntity("/acquisition/synthetic_timeseries/data");
    assert.deepEqual(data.shape, [100, 100]);
    assert.deepEqual((await p.search({ type: "TimeSeries" })).map((h) => h.path), ["/acquisition/synthetic_timeseries"]);
    await assert.rejects(p.getEntity("/not/there"), NodeNotFoundError);
  });

  it("serves a dataset payload's preview corner as values, and refuses beyond it", async () => {
    const payload = (await toPayload(root.get("acquisition/synthetic_timeseries/data") as DatasetBuilder)) as DatasetPayload;
    const p = new PayloadProvider(JSON.parse(JSON.stringify(payload)));
    const e = await p.getEntity("/acquisition/synthetic_timeseries/data");
    assert.deepEqual(e.readable, [10, 10]);
    assert.deepEqual(e.array!.chunks, [10, 10]);
    assert.equal(e.array!.chunkCount, 100);
    const block = await p.getValues(e.path, [[2, 4], [1, 3]]);
    const expected = await zarrIoValues(join(FIXTURES, "zarr_tutorial.nwb.zarr"), "acquisition/synthetic_timeseries/data", [slice(2, 4), slice(1, 3)]);
    assert.deepEqual(Array.from(block.numbers!), expected);
    await assert.rejects(p.getValues(e.path, [[0, 11], null]), InvalidArgumentError);
  });

  it("serves a container payload (an NWBFile): sections as children, a table's rows as columns", async () => {
    await loadNwbTypes();
    const file = await NWBZarrIO.readNwb(join(FIXTURES, "ecephys_tutorial.nwb.zarr"), { allowPickle: true });
    const payload = await toPayload(file);
    assert.equal(payload.kind, "container");
    const p = new PayloadProvider(JSON.parse(JSON.stringify(payload)));
    const root = await p.getEntity("/");
    assert.equal(root.type?.name, "NWBFile");
    assert.equal(typeof root.attributes.session_description, "string");
    const hits = await p.search({ type: "Units" });
    assert.deepEqual(hits.map((h) => h.path), ["/units"]);
    const units = await p.getEntity("/units");
    const model = await loadTable(p, units);
    assert.equal(model.columns[0].name, "id");
    assert.ok(model.rowCount > 0);
    assert.ok(model.readableRows > 1 && model.readableRows <= model.rowCount);
    const rows = await readTableRows(p, model, 0, 2);
    assert.equal(rows.length, 2);
    const ids = await zarrIoValues(join(FIXTURES, "ecephys_tutorial.nwb.zarr"), "units/id", [slice(0, 2)], true);
    assert.deepEqual(rows.map((r) => r[0]), ids.map(Number));
    // Sections become the file's groups, each item under its own path; ragged cells hold the row's first values.
    assert.deepEqual((await p.getChildren("/", 0, 100)).entries.map((e) => e.name), ["acquisition", "general", "processing", "units"]);
    assert.deepEqual((await p.getChildren("/acquisition", 0, 100)).entries.map((e) => e.path), ["/acquisition/ElectricalSeries"]);
    assert.equal((await p.getEntity("/general/extracellular_ephys/electrodes")).attributes.colnames instanceof Array, true);
    assert.deepEqual(model.columns.map((c) => c.name), ["id", "quality", "spike_times", "waveform_mean"]);
    const spikes = await (file.units as Units).spikeTimes(0);
    assert.deepEqual(rows[0][2], { $type: "truncated-array", length: spikes.length, items: spikes.slice(0, 8) });
  });

  it("parses preview selections", () => {
    assert.deepEqual(previewExtent("[0:10, 0, 0:4]", 3), [10, 1, 4]);
    assert.deepEqual(previewExtent("[]", 0), []);
    assert.equal(previewExtent("[0:10]", 2), null);
    assert.equal(previewExtent("[3:10]", 1), null);
  });

  it("refuses a payload of another version", () => {
    assert.throws(() => new PayloadProvider({ version: 2 } as never), InvalidArgumentError);
  });
});
