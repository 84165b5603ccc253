/**
 * Payloads are plain JSON: for every payload kind (dataset, group, store, container — an NWBFile,
 * its Units, TimeSeries read from a file and built in code around data read from another file,
 * wrapped or not in a ZarrDataIO) a walk over the payload finds only null, booleans, finite
 * numbers, strings, arrays and plain objects, no string holding function source, and the payload
 * survives a JSON round trip unchanged. Values that are not plain data (functions, objects of
 * other classes such as a store) become `{"$type": "opaque"}` tags naming their class.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { before, describe, it } from "node:test";
import { DatasetBuilder, GroupBuilder, ZarrDataIO, ZarrDataset, ZarrIO } from "../../../src/index.js";
import { DynamicTable } from "../../../src/build/index.js";
import { NWBZarrIO, TimeSeries, loadNwbTypes, type NWBFile } from "../../../src/nwb/index.js";
import { toJsonValue, toPayload, type ContainerPayload, type ReprPayload } from "../../../src/repr/index.js";
import { formatValue } from "../../../src/repr/text/format-text.js";
import { ECEPHYS_FIXTURE, ZARR_TUTORIAL_FIXTURE } from "../../helpers/fixture-paths.js";
import { validate } from "./json-schema.js";

const schema = JSON.parse(readFileSync(resolve(__dirname, "../../../src/repr/mime-schema.json"), "utf8"));

/** Where a payload holds something that is not plain JSON data, as `path: what` lines. */
function nonPlain(value: unknown, path = "$"): string[] {
  if (value === null || typeof value === "boolean" || typeof value === "string") {
    return typeof value === "string" && /=>|\bfunction\s*\(|\[native code\]/.test(value) ? [`${path}: function source ${JSON.stringify(value.slice(0, 80))}`] : [];
  }
  if (typeof value === "number") return Number.isFinite(value) ? [] : [`${path}: non-finite number`];
  if (typeof value !== "object") return [`${path}: ${typeof value}`];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonPlain(v, `${path}[${i}]`));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return [`${path}: instance of ${(value as object).constructor?.name}`];
  return Object.entries(value).flatMap(([k, v]) => nonPlain(v, `${path}.${k}`));
}

function assertPlain(label: string, p: ReprPayload): void {
  assert.deepEqual(nonPlain(p), [], `${label}: payload holds non-plain data`);
  assert.deepEqual(JSON.parse(JSON.stringify(p)), p, `${label}: payload changes in a JSON round trip`);
  assert.deepEqual(validate(schema, p), [], `${label}: payload matches mime-schema.json`);
}

function fieldsOf(p: ContainerPayload) {
  return p.sections.find((s) => s.id === "fields")!.items;
}

describe("payloads of every kind are plain JSON", () => {
  let tutorial: GroupBuilder;
  let lazySeries: TimeSeries;
  before(async () => {
    await loadNwbTypes();
    tutorial = await new ZarrIO(ZARR_TUTORIAL_FIXTURE, "r").readBuilder();
    lazySeries = (await NWBZarrIO.readNwb(ZARR_TUTORIAL_FIXTURE)).acquisition.get("synthetic_timeseries") as TimeSeries;
  });

  it("datasets, groups and stores read from a file, an array, and data held in memory", async () => {
    const data = tutorial.get("acquisition/synthetic_timeseries/data") as DatasetBuilder;
    const zarrDataset = data.data as ZarrDataset;
    const payloads: [string, ReprPayload][] = [
      ["store", await toPayload(tutorial)],
      ["group", await toPayload(tutorial.get("acquisition")!)],
      ["dataset", await toPayload(data)],
      ["ZarrDataset", await toPayload(zarrDataset)],
      ["ZarrArray", await toPayload(zarrDataset.array)],
      ["in-memory dataset", await toPayload(new DatasetBuilder("x", [1.5, 2.5], { dtype: "float64", attributes: { unit: "m" } }))],
    ];
    assert.deepEqual(payloads.map(([, p]) => p.kind), ["store", "group", "dataset", "dataset", "dataset", "dataset"]);
    for (const [label, p] of payloads) assertPlain(label, p);
  });

  it("containers: an NWBFile, its Units and a TimeSeries read from files", async () => {
    const file: NWBFile = await NWBZarrIO.readNwb(ECEPHYS_FIXTURE, { allowPickle: true });
    assertPlain("NWBFile", await toPayload(file));
    assertPlain("Units", await toPayload(file.units!));
    assertPlain("ElectricalSeries", await toPayload(file.acquisition.get("ElectricalSeries")!));
    assertPlain("TimeSeries", await toPayload(lazySeries));
  });

  it("a TimeSeries built around data of another file, bare or in a ZarrDataIO: a dataset with a preview, no store internals", async () => {
    const zarrDataset = (tutorial.get("acquisition/synthetic_timeseries/data") as DatasetBuilder).data as ZarrDataset;
    const cases: [string, unknown][] = [
      ["ZarrDataIO(LazyData)", new ZarrDataIO(lazySeries.data as never, { chunks: [10, 10] })],
      ["ZarrDataset", zarrDataset],
      ["ZarrDataIO(ZarrDataset)", new ZarrDataIO(zarrDataset as never)],
    ];
    for (const [label, data] of cases) {
      const series = new TimeSeries({ name: "copy", data: data as never, unit: "volts", rate: 10 });
      const p = (await toPayload(series)) as ContainerPayload;
      assertPlain(label, p);
      const item = fieldsOf(p).find((i) => i.name === "data");
      assert.ok(item?.kind === "dataset", `${label}: data is a dataset item`);
      assert.equal(item.path, "/acquisition/synthetic_timeseries/data");
      assert.deepEqual(item.shape, [100, 100]);
      assert.ok(item.preview && !("error" in item.preview));
      // The first value of the file's data (read here through ZarrIO) is the first of the preview.
      const first = (await zarrDataset.get([0, 0])).data[0];
      assert.equal((item.preview.values as number[][])[0][0], first);
      assert.equal(p.series?.channels[0][0], first, `${label}: the plot preview starts at the first sample`);
    }
  });

  it("a field holding objects of other classes or functions shows their class, never their insides", async () => {
    const table = new DynamicTable({ name: "t", description: "odd fields" });
    // What a file opened read-only reads through: a plain view object around the store (the one a
    // display once sent with its methods' source and the store's state).
    const view = (lazySeries.data as unknown as { dataset: ZarrDataset }).dataset.array.store as unknown as { description: string; innerStore: object };
    table.set("store", view);
    table.set("callback", (key: string) => key.length);
    table.set("settings", { mode: "r", open: () => undefined, when: new Date("2024-01-02T03:04:05Z") });
    const p = (await toPayload(table)) as ContainerPayload;
    assertPlain("odd fields", p);
    const values = Object.fromEntries(fieldsOf(p).map((i) => [i.name, i.kind === "value" ? i.value : null]));
    assert.deepEqual(values.store, { description: ZARR_TUTORIAL_FIXTURE, innerStore: { $type: "opaque", class: "LocalStore" } });
    assert.deepEqual(values.callback, { $type: "opaque", class: "function" });
    // A plain object keeps its data; its methods are left out.
    assert.deepEqual(values.settings, { mode: "r", when: "2024-01-02T03:04:05.000Z" });
  });

  it("toJsonValue tags functions and class instances and formats them by class", () => {
    class Probe {
      shape = [3, 4];
      dtype = "int16";
      read = () => 1;
    }
    assert.deepEqual(toJsonValue(() => 1), { $type: "opaque", class: "function" });
    assert.deepEqual(toJsonValue(new Probe()), { $type: "opaque", class: "Probe", shape: [3, 4], dtype: "int16" });
    assert.deepEqual(toJsonValue(new Map([["a", 1]])), { a: 1 });
    assert.equal(formatValue(toJsonValue(new Probe())), "<Probe (3, 4) int16>");
    assert.equal(formatValue(toJsonValue(Symbol("s"))), "<symbol>");
  });
});
