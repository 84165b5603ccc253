/**
 * Container reprs: the ecephys NWBFile grouped as pynwb groups it (payload valid against
 * mime-schema.json, HTML with the real values, a useful text), a Python-written hdmf-common file
 * (or, without it, tables built in code) as a generic container with table previews, escaping of
 * hostile names and values, and `display()` installed on containers.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ZarrIO } from "../../../src/index.js";
import { DynamicTable, loadBundledTypeMap, readContainer, type Container } from "../../../src/build/index.js";
import { NWBZarrIO, TimeSeries, loadNwbTypes } from "../../../src/nwb/index.js";
import {
  HDMF_ZARR_MIME, installDisplayMethods, toMimeBundle, toPayload, type ContainerPayload, type TableItem,
} from "../../../src/repr/index.js";
import { validate } from "./json-schema.js";
import { ECEPHYS_FIXTURE } from "../../helpers/fixture-paths.js";
import { buildCommonTables } from "../../helpers/common-tables.js";
import { REPO_ROOT as ROOT } from "../../helpers/repo-paths.js";

const ECEPHYS = ECEPHYS_FIXTURE;
const COMMON = join(ROOT, "test-output", "interop", "py-v3", "hdmf_common.zarr");
const schema = JSON.parse(readFileSync(resolve(ROOT, "src/repr/mime-schema.json"), "utf8"));

function sectionOf(p: ContainerPayload, id: string) {
  const s = p.sections.find((x) => x.id === id);
  assert.ok(s, `section ${id} present`);
  return s;
}

describe("NWBFile repr (ecephys fixture)", () => {
  test("payload validates, is grouped as pynwb groups it, and carries the file's values", async () => {
    const file = await NWBZarrIO.readNwb(ECEPHYS, { allowPickle: true });
    const bundle = await toMimeBundle(file);
    const p = bundle[HDMF_ZARR_MIME] as ContainerPayload;
    assert.deepEqual(validate(schema, JSON.parse(JSON.stringify(p))), []);
    assert.equal(p.kind, "container");
    assert.equal(p.layout, "nwbfile");
    assert.equal(p.path, "/");
    assert.equal(p.objectId, "6baecfc5-c7e0-4cd8-90a3-2776581a7fff");
    assert.equal(p.store.zarrFormat, 2);
    assert.deepEqual(p.sections.map((s) => s.id), ["session", "general", "acquisition", "processing", "electrodes", "units"]);
    const session = Object.fromEntries(sectionOf(p, "session").items.map((i) => [i.name, i.kind === "value" ? i.value : null]));
    assert.equal(session.identifier, "EXAMPLE_ID");
    assert.equal(session.session_start_time, "2022-12-21T12:02:40.489505-08:00");
    assert.ok("timestamps_reference_time" in session && "file_create_date" in session && "session_description" in session);
    const general = sectionOf(p, "general").items;
    const devices = general.find((i) => i.name === "devices");
    assert.ok(devices?.kind === "group" && devices.items.some((d) => d.name === "array" && d.kind === "container" && d.type?.name === "Device"));
    const groups = general.find((i) => i.name === "electrode_groups");
    assert.ok(groups?.kind === "group" && groups.items.length >= 1 && groups.items[0].name === "shank0");
    const acq = sectionOf(p, "acquisition").items[0];
    assert.ok(acq.kind === "container" && acq.type?.name === "ElectricalSeries");
    assert.match(acq.summary, /^data \(\d+, \d+\) float\d+/);
    const mod = sectionOf(p, "processing").items[0];
    assert.ok(mod.kind === "container" && mod.name === "ecephys" && Array.isArray(mod.children));
    const electrodes = sectionOf(p, "electrodes").items[0] as TableItem;
    assert.equal(electrodes.rowCount, 12);
    assert.equal(electrodes.rows.length, 5);
    assert.equal(electrodes.hiddenRows, 7);
    assert.deepEqual(electrodes.columns.map((c) => c.name), ["id", "location", "group", "group_name", "label", "x", "y", "z", "imp", "filtering"]);
    assert.deepEqual(electrodes.rows[1].slice(0, 5), [1, "brain area", { $type: "reference", path: "/general/extracellular_ephys/shank0", source: null }, "shank0", "shank0elec1"]);
    const units = sectionOf(p, "units").items[0] as TableItem;
    assert.equal(units.rowCount, 10);
    // Ragged cells hold the item count of the row (unit 0 has 25 spikes, unit 1 has 18); the
    // column carries each row's first 8 spike times.
    const st = units.columns.findIndex((c) => c.name === "spike_times");
    assert.deepEqual([units.rows[0][st], units.rows[1][st]], [25, 18]);
    const spikeTimes = units.columns[st];
    assert.equal(spikeTimes.kind, "ragged");
    assert.deepEqual(spikeTimes.items?.[0], { $type: "truncated-array", length: 25, items: [0.00203, 0.09322, 0.1466, 0.14698, 0.16433, 0.21802, 0.25756, 0.3336] });

    const html = bundle["text/html"];
    for (const t of ["Session", "General", "Acquisition", "Processing modules", "Electrodes", "Units"]) assert.ok(html.includes(`>${t}<`), `section ${t}`);
    for (const v of ["EXAMPLE_ID", "array", "shank0", "12 rows × 9 columns", "10 rows × 3 columns", "[25 items]", "ElectricalSeries", "6baecfc5-c7e0-4cd8-90a3-2776581a7fff"]) {
      assert.ok(html.includes(v), `html shows ${v}`);
    }
    assert.ok(!/<script|<style/i.test(html));
    const text = bundle["text/plain"];
    assert.match(text, /^NWBFile 'root' {2}\/ {2}\[NWBFile \(core\)\]/);
    assert.match(text, /identifier: EXAMPLE_ID/);
    assert.match(text, /Electrodes:\n {4}electrodes {2}\[.*\] {2}12 rows × 9 columns/);
    assert.match(text, /units .* 10 rows × 3 columns/);
    assert.match(text, /\[25 items\]/);
  });

  test("a TimeSeries shows its data as facts and a preview, its electrodes as a link-free region", async () => {
    const file = await NWBZarrIO.readNwb(ECEPHYS, { allowPickle: true });
    const es = file.acquisition.get("ElectricalSeries")!;
    const p = (await toPayload(es)) as ContainerPayload;
    assert.deepEqual(validate(schema, JSON.parse(JSON.stringify(p))), []);
    assert.equal(p.path, "/acquisition/ElectricalSeries");
    const data = sectionOf(p, "fields").items.find((i) => i.name === "data");
    assert.ok(data?.kind === "dataset");
    assert.equal(data.path, "/acquisition/ElectricalSeries/data");
    assert.ok(data.chunks && data.chunks.length === 2);
    assert.ok(data.preview && !("error" in data.preview));
    assert.deepEqual(data.preview.shape, [5, Math.min(6, data.shape[1])]);
    const rate = sectionOf(p, "fields").items.find((i) => i.name === "starting_time__rate");
    assert.ok(rate?.kind === "value" && typeof rate.value === "number");
    const region = sectionOf(p, "children").items.find((i) => i.name === "electrodes");
    assert.ok(region?.kind === "container" && region.type?.name === "DynamicTableRegion");
    // The plot preview: every sample of the 4 channels (50 × 4 is under the limits), on the rate's time axis.
    const values = (await es.get<{ toList(): Promise<unknown> }>("data")!.toList()) as number[][];
    assert.deepEqual(p.series, {
      data: "/acquisition/ElectricalSeries/data", shape: [50, 4], unit: "volts", samples: 50,
      channels: [0, 1, 2, 3].map((c) => values.map((row) => row[c])),
      time: { kind: "rate", rate: rate.value, start: 0 },
    });
  });
});

async function genericRoot(): Promise<{ root: Container; fromPython: boolean }> {
  const tm = await loadBundledTypeMap();
  if (existsSync(COMMON)) return { root: await readContainer(new ZarrIO(COMMON, "r"), tm), fromPython: true };
  const { root } = await buildCommonTables();
  return { root, fromPython: false };
}

describe("generic container repr (hdmf-common tables)", () => {
  test("a container with tables: children as table previews; a table: ragged counts and region indices", async () => {
    const { root } = await genericRoot();
    const p = (await toPayload(root)) as ContainerPayload;
    assert.deepEqual(validate(schema, JSON.parse(JSON.stringify(p))), []);
    assert.equal(p.layout, "container");
    assert.equal(p.type.name, "SimpleMultiContainer");
    const kids = sectionOf(p, "children").items;
    assert.deepEqual(kids.map((k) => [k.name, k.kind]).sort(), [["targets", "table"], ["trials", "table"]]);
    const trials = (await toPayload(root.get<Container>("trials")!)) as ContainerPayload;
    const t = sectionOf(trials, "table").items[0] as TableItem;
    assert.equal(t.rowCount, 3);
    assert.deepEqual(t.columns, [
      { name: "id", kind: "id" }, { name: "text", kind: "plain" }, { name: "value", kind: "plain" },
      // Ragged cells carry their first values; a region column names the table it points into.
      { name: "spikes", kind: "ragged", items: [[1, 2, 3], [], [4.5]] }, { name: "target", kind: "region", target: "/targets" },
    ]);
    assert.deepEqual(t.rows, [
      [0, "first", 0.5, 3, 0], [1, "zweite Zeile ü", -1.25, 0, 2], [2, "", { $type: "number", value: "NaN" }, 1, 1],
    ]);
    const bundle = await toMimeBundle(root.get<Container>("trials")!);
    assert.ok(bundle["text/html"].includes("[3 items]") && bundle["text/html"].includes("row 2"));
    assert.match(bundle["text/plain"], /id +text +value +spikes +target/);
    assert.match(bundle["text/plain"], /1 +zweite Zeile ü +-1\.25 +\[0 items\] +row 2/);
  });
});

describe("the plot preview of series built in code", () => {
  test("a 2-d series with timestamps, a 1-d series with a rate; text data gets none", async () => {
    await loadNwbTypes();
    const stamped = new TimeSeries({ name: "pos", data: [[1, 2], [3, 4], [5, 6]], unit: "m", timestamps: [0.5, 1.5, 2.5] });
    assert.deepEqual(((await toPayload(stamped)) as ContainerPayload).series, {
      data: null, shape: [3, 2], unit: "m", samples: 3, channels: [[1, 3, 5], [2, 4, 6]], time: { kind: "timestamps", values: [0.5, 1.5, 2.5] },
    });
    const rated = new TimeSeries({ name: "speed", data: Float32Array.from([1, 2.5, 3]), unit: "m/s", rate: 2, startingTime: 1 });
    assert.deepEqual(((await toPayload(rated)) as ContainerPayload).series, {
      data: null, shape: [3], unit: "m/s", samples: 3, channels: [[1, 2.5, 3]], time: { kind: "rate", rate: 2, start: 1 },
    });
    const words = new TimeSeries({ name: "words", data: ["left", "right"], unit: "n/a", rate: 2 });
    assert.equal(((await toPayload(words)) as ContainerPayload).series, undefined);
  });
});

describe("escaping", () => {
  test("names, field values and cells holding markup render as text", async () => {
    const evil = `<script>alert(1)</script><img src=x onerror="alert(2)">`;
    const t = new DynamicTable({ name: `t${evil}`, description: `d${evil}` });
    t.addColumn({ name: `c${evil}`, description: evil, data: [evil, "ok"] });
    t.set(`note${evil}`, evil);
    const bundle = await toMimeBundle(t);
    const html = bundle["text/html"];
    assert.ok(!html.includes("<script"), "no script element");
    assert.ok(!/<img/i.test(html), "no img element");
    assert.ok(!/<[^>]*onerror/i.test(html), "no onerror attribute in any tag");
    assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;"));
    assert.deepEqual(validate(schema, JSON.parse(JSON.stringify(bundle[HDMF_ZARR_MIME]))), []);
  });
});

describe("display() on containers", () => {
  test("installDisplayMethods gives containers a display() that prints the text outside tslab", async () => {
    installDisplayMethods();
    installDisplayMethods();
    const t = new DynamicTable({ name: "tiny", description: "one column" });
    t.addColumn({ name: "x", description: "numbers", data: [1, 2] });
    const logged: unknown[] = [];
    const orig = console.log;
    console.log = (...a: unknown[]) => void logged.push(...a);
    try {
      await t.display();
    } finally {
      console.log = orig;
    }
    assert.equal(logged.length, 1);
    assert.match(String(logged[0]), /^DynamicTable 'tiny'/);
    assert.match(String(logged[0]), /2 rows × 1 columns/);
  });
});
