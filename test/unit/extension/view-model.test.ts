/**
 * The pure pieces under the store browser's views: paging, min/max reduction of a line per pixel
 * column, colormaps, n-d slicing state, value blocks cut from held values, which views a dataset
 * gets, and the cells and series plot of container payloads (tables from src/repr with ragged and
 * region columns, a TimeSeries' samples over time). (The DOM itself is tested in chromium by the
 * browser tests.)
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { pageOf, windowAt } from "../../../src/extension/view/model/paging.js";
import { finiteRange } from "../../../src/extension/view/model/downsample.js";
import { colorAt, colorTable } from "../../../src/extension/view/model/colormap.js";
import { paintCells } from "../../../src/extension/view/model/heatmap-scale.js";
import { initialSlice, planeDims, sliceSelection, withIndex } from "../../../src/extension/view/model/slicing.js";
import { flattenNested, isNumericDtype, jsonNumber, selectBlock } from "../../../src/extension/provider/value-block.js";
import { datasetViews } from "../../../src/extension/view/model/display-kind.js";
import { matchesQuery } from "../../../src/extension/provider/search.js";
import { DEFAULT_SETTINGS } from "../../../src/extension/browser-settings.js";
import type { Entity } from "../../../src/extension/provider/data-provider.js";
import { InvalidArgumentError } from "../../../src/errors.js";
import { cellModel, columnLabel, tableFacts } from "../../../src/extension/view/model/container-table.js";
import { seriesCaption, seriesPoints } from "../../../src/extension/view/model/series-points.js";
import { DynamicTable } from "../../../src/build/index.js";
import { toPayload, type ContainerPayload, type SeriesPreview, type TableItem } from "../../../src/repr/index.js";
import { buildCommonTables } from "../../helpers/common-tables.js";
import { REPO_ROOT } from "../../helpers/repo-paths.js";

describe("paging", () => {
  it("cuts an axis into pages, the last one shorter, and clamps the page number", () => {
    assert.deepEqual(pageOf(105, 50, 0), { page: 0, pages: 3, start: 0, stop: 50 });
    assert.deepEqual(pageOf(105, 50, 2), { page: 2, pages: 3, start: 100, stop: 105 });
    assert.deepEqual(pageOf(105, 50, 9), { page: 2, pages: 3, start: 100, stop: 105 });
    assert.deepEqual(pageOf(105, 50, -1), { page: 0, pages: 3, start: 0, stop: 50 });
    assert.deepEqual(pageOf(0, 50, 0), { page: 0, pages: 1, start: 0, stop: 0 });
  });

  it("keeps a plot window inside the axis", () => {
    assert.deepEqual(windowAt(1000, 100, 950), { start: 900, stop: 1000 });
    assert.deepEqual(windowAt(1000, 100, -5), { start: 0, stop: 100 });
    assert.deepEqual(windowAt(30, 100, 10), { start: 0, stop: 30 });
  });
});

describe("finite range", () => {
  it("finds the finite range, widened for a constant line", () => {
    assert.deepEqual(finiteRange([3, NaN, -2, Infinity]), [-2, 3]);
    assert.deepEqual(finiteRange([4, 4]), [3.5, 4.5]);
    assert.deepEqual(finiteRange([]), [0, 1]);
  });
});

describe("colormaps", () => {
  it("run from the first to the last anchor", () => {
    assert.deepEqual(colorAt("gray", 0), [0, 0, 0]);
    assert.deepEqual(colorAt("gray", 1), [255, 255, 255]);
    assert.deepEqual(colorAt("gray", 0.5), [128, 128, 128]);
    assert.deepEqual(colorAt("viridis", 0), [68, 1, 84]);
    assert.deepEqual(colorAt("viridis", 1), [253, 231, 37]);
    assert.deepEqual(colorAt("magma", 2), colorAt("magma", 1), "clamped");
    assert.deepEqual(colorAt("coolwarm", 0), [59, 76, 192]);
    assert.equal(colorTable("viridis").length, 768);
  });

  it("paints values scaled to a range, NaN transparent", () => {
    const px = paintCells([0, 10, NaN], { lo: 0, hi: 10 }, "linear", "gray");
    assert.deepEqual(Array.from(px), [0, 0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 0]);
  });
});

describe("slicing state", () => {
  it("shows the last two dimensions, sliders for the others", () => {
    assert.deepEqual(planeDims(1), [0]);
    assert.deepEqual(planeDims(4), [2, 3]);
    const s = initialSlice([5, 6, 100, 200]);
    assert.deepEqual(s.indices, [0, 0]);
    const moved = withIndex(withIndex(s, 1, 4), 0, 99);
    assert.deepEqual(moved.indices, [4, 4], "clamped to the dimension");
    assert.deepEqual(sliceSelection({ ...moved, rowStart: 90, colStart: 20 }, 50, 20), [4, 4, [90, 100], [20, 40]]);
  });

  it("stays inside what the provider can read", () => {
    const s = initialSlice([100, 100]);
    assert.deepEqual(sliceSelection(s, 50, 20, [10, 10]), [[0, 10], [0, 10]]);
    assert.deepEqual(sliceSelection(initialSlice([7]), 50, 20), [[0, 7]]);
    assert.deepEqual(sliceSelection(initialSlice([]), 50, 20), []);
  });
});

describe("value blocks held in memory", () => {
  const flat = flattenNested([[1, 2, 3], [4, 5, 6]], [2, 3]);

  it("flattens nested lists and cuts selections out of them", () => {
    assert.deepEqual(flat, [1, 2, 3, 4, 5, 6]);
    const b = selectBlock(flat, [2, 3], [[0, 2], 1], true);
    assert.deepEqual(b.shape, [2]);
    assert.deepEqual(b.values, [2, 5]);
    assert.deepEqual(Array.from(b.numbers!), [2, 5]);
    assert.deepEqual(selectBlock(flat, [2, 3], [1, [1, 3]], false), { shape: [2], values: [5, 6], numbers: null });
    assert.throws(() => selectBlock(flat, [2, 3], [[0, 3], null], true), InvalidArgumentError);
  });

  it("reads tagged numbers", () => {
    assert.ok(Number.isNaN(jsonNumber({ $type: "number", value: "NaN" })));
    assert.equal(jsonNumber({ $type: "number", value: "-Infinity" }), -Infinity);
    assert.equal(jsonNumber({ $type: "bigint", value: "9007199254740993" }), 9007199254740992);
    assert.equal(jsonNumber(true), 1);
    assert.ok(Number.isNaN(jsonNumber("3")));
    assert.equal(isNumericDtype("uint16"), true);
    assert.equal(isNumericDtype("text"), false);
  });
});

describe("views of a dataset and search matching", () => {
  const entity = (shape: number[], dtype: string): Entity => ({
    kind: "dataset", name: "d", path: "/d", type: null, description: null, attributes: {}, references: [], childCount: null, shape, dtype,
  });

  it("gives numeric 1-d data a line plot, 2-d and more a heatmap, everything a table", () => {
    assert.deepEqual(datasetViews(entity([10], "float32")), ["line", "table"]);
    assert.deepEqual(datasetViews(entity([10, 4], "int16")), ["heatmap", "table"]);
    assert.deepEqual(datasetViews(entity([3, 10, 4], "float64")), ["heatmap", "table"]);
    assert.deepEqual(datasetViews(entity([10], "text")), ["table"]);
    assert.deepEqual(datasetViews(entity([], "float64")), ["table"]);
  });

  it("matches path and type case-insensitively, both when both are given", () => {
    const hit = { path: "/acquisition/Raw", kind: "group" as const, type: { name: "ElectricalSeries", namespace: "core" } };
    assert.equal(matchesQuery(hit, { text: "acq" }), true);
    assert.equal(matchesQuery(hit, { text: "RAW", type: "series" }), true);
    assert.equal(matchesQuery(hit, { text: "raw", type: "Units" }), false);
    assert.equal(matchesQuery({ ...hit, type: null }, { type: "series" }), false);
  });

  it("has the defaults of the settings schema, one for each of its properties", () => {
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, "schema", "settings.json"), "utf8")) as {
      properties: Record<string, { default: unknown }>;
    };
    const fromSchema = Object.fromEntries(Object.entries(schema.properties).map(([k, p]) => [k, p.default]));
    assert.deepEqual(DEFAULT_SETTINGS, fromSchema);
    assert.deepEqual(DEFAULT_SETTINGS, { maxTreeNodes: 200, previewRows: 50, previewColumns: 20, colormap: "viridis", allowPickle: false });
  });
});

describe("container payloads as the renderer shows them", () => {
  it("reads a table's cells: plain values, ragged rows with their values, region rows with their table", async () => {
    const { root } = await buildCommonTables();
    const p = (await toPayload(root.get<DynamicTable>("trials")!)) as ContainerPayload;
    const t = p.sections.find((s) => s.id === "table")!.items[0] as TableItem;
    const col = (name: string) => t.columns.findIndex((c) => c.name === name);
    assert.equal(tableFacts(t), "3 rows × 4 columns");
    assert.deepEqual(t.columns.map(columnLabel), ["id", "text", "value", "spikes (ragged)", "target (rows of targets)"]);
    assert.deepEqual(cellModel(t, 1, col("text")), { kind: "value", value: "zweite Zeile ü" });
    assert.deepEqual(cellModel(t, 0, col("spikes")), { kind: "ragged", items: [1, 2, 3], count: 3 });
    assert.deepEqual(cellModel(t, 1, col("spikes")), { kind: "ragged", items: [], count: 0 });
    assert.deepEqual(cellModel(t, 1, col("target")), { kind: "region", rows: [2], table: "/targets" });
    // A payload that carries only counts (written before items were added), and a long row.
    const counts: TableItem = { ...t, columns: t.columns.map((c) => ({ name: c.name, kind: c.kind })) };
    assert.deepEqual(cellModel(counts, 0, col("spikes")), { kind: "ragged", items: null, count: 3 });
    const long: TableItem = { ...t, columns: t.columns.map((c) => (c.name === "spikes" ? { ...c, items: [{ $type: "truncated-array", length: 25, items: [0.5, 1.5] }] } : c)) };
    assert.deepEqual(cellModel(long, 0, col("spikes")), { kind: "ragged", items: [0.5, 1.5], count: 25 });
    const refs: TableItem = { ...t, rows: [[0, { $type: "reference", path: "/general/devices/probe", source: null }, 1, 0, 0]] };
    assert.deepEqual(cellModel(refs, 0, col("text")), { kind: "reference", path: "/general/devices/probe", source: null });
  });

  it("puts a series' samples on its time axis: start + i / rate, or its timestamps", () => {
    const series: SeriesPreview = {
      data: "/acquisition/s/data", shape: [1000, 3], unit: "volts", samples: 4,
      channels: [[1, 2, 3, 4], [0.5, { $type: "number", value: "NaN" }, -1, 2]], time: { kind: "rate", rate: 2, start: 10 },
    };
    const ch1 = seriesPoints(series, 1);
    assert.deepEqual(Array.from(ch1.xs), [10, 10.5, 11, 11.5]);
    assert.deepEqual(Array.from(ch1.ys), [0.5, NaN, -1, 2]);
    assert.equal(ch1.xLabel, "time (s)");
    assert.deepEqual(Array.from(seriesPoints(series, 9).ys), [0.5, NaN, -1, 2], "a channel past the preview shows the last one held");
    assert.equal(seriesCaption(series, 1), "samples 0–3 of 1000 · channel 1 of 3 · volts · 2 Hz from 10 s");
    const stamped: SeriesPreview = { ...series, shape: [3], channels: [[5, 6, 7]], samples: 3, time: { kind: "timestamps", values: [0.1, 0.25, 0.7] } };
    assert.deepEqual(Array.from(seriesPoints(stamped, 0).xs), [0.1, 0.25, 0.7]);
    assert.equal(seriesCaption(stamped, 0), "samples 0–2 of 3 · volts · timestamps");
  });
});
