/**
 * Sorting and filtering a DynamicTable: the header's sort cycle, filter rows parsed and evaluated,
 * the row order, and that a sorted/filtered page reads only the sort/filter columns whole and the
 * page's rows of the others.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { JsonValue } from "../../../src/repr/payload/types.js";
import type { DataProvider, ValueSelection } from "../../../src/extension/provider/data-provider.js";
import { ZarrStoreProvider } from "../../../src/extension/provider/zarr-provider.js";
import { LocalStore } from "../../../src/store/local.js";
import { NWBZarrIO, loadNwbTypes } from "../../../src/nwb/index.js";
import { buildSampleFile } from "../../helpers/nwb-sample-file.js";
import { tempFolders } from "../../helpers/temp-folders.js";
import { loadTable, queryRows, readTableRowsAt, type TableModel } from "../../../src/extension/view/model/dynamic-table.js";
import { QUERY_ROW_CAP, filterRows, matches, nextSort, parseFilter, rowRuns, sortArrow, sortRows, type FilterCondition } from "../../../src/extension/view/model/table-query.js";

describe("table sort state", () => {
  it("cycles a header through ascending, descending, off, and starts over on another column", () => {
    const a = nextSort(null, "x");
    assert.deepEqual(a, { column: "x", direction: "asc" });
    const d = nextSort(a, "x");
    assert.deepEqual(d, { column: "x", direction: "desc" });
    assert.equal(nextSort(d, "x"), null);
    assert.deepEqual(nextSort(d, "y"), { column: "y", direction: "asc" });
    assert.equal(sortArrow(a, "x"), "▲");
    assert.equal(sortArrow(d, "x"), "▼");
    assert.equal(sortArrow(d, "y"), "");
  });

  it("orders numbers numerically and text by code point, stably, with missing values last both ways", () => {
    const v: JsonValue[] = [3, 10, null, 2, Number.NaN, 3];
    assert.deepEqual(sortRows([0, 1, 2, 3, 4, 5], v, "asc"), [3, 0, 5, 1, 2, 4]);
    assert.deepEqual(sortRows([0, 1, 2, 3, 4, 5], v, "desc"), [1, 0, 5, 3, 2, 4]);
    assert.deepEqual(sortRows([0, 1, 2, 3], ["b", "a", 2, "C"], "asc"), [2, 3, 1, 0], "numbers, then text");
    assert.deepEqual(sortRows([0, 1, 2, 3], ["b", "a", 2, "C"], "desc"), [0, 1, 3, 2]);
    assert.deepEqual(sortRows([2, 0], v, "asc"), [0, 2], "only the rows given");
  });
});

describe("table filters", () => {
  const cols = ["x", "location"];
  it("parses `column op value`, with ASCII spellings of the operators", () => {
    assert.deepEqual(parseFilter("x > 5", cols), { column: "x", op: ">", value: "5" });
    assert.deepEqual(parseFilter("x<=2.5", cols), { column: "x", op: "≤", value: "2.5" });
    assert.deepEqual(parseFilter("x != 1", cols), { column: "x", op: "≠", value: "1" });
    assert.deepEqual(parseFilter("location contains CA 1", cols), { column: "location", op: "contains", value: "CA 1" });
  });

  it("names what is wrong with a filter row", () => {
    assert.match((parseFilter("y > 5", cols) as { error: string }).error, /no scalar column “y”/);
    assert.match((parseFilter("x >", cols) as { error: string }).error, /missing value/);
    assert.match((parseFilter("x > abc", cols) as { error: string }).error, /needs a number/);
    assert.match((parseFilter("just words", cols) as { error: string }).error, /expected/);
  });

  it("compares numbers as numbers and the rest as text", () => {
    const f = (text: string) => parseFilter(text, cols) as FilterCondition;
    assert.equal(matches(6, f("x > 5")), true);
    assert.equal(matches(5, f("x > 5")), false);
    assert.equal(matches(5, f("x ≥ 5")), true);
    assert.equal(matches(5, f("x = 5.0")), true);
    assert.equal(matches("CA1", f("location = CA1")), true);
    assert.equal(matches("CA1", f("location ≠ CA1")), false);
    assert.equal(matches("hippocampus CA1", f("location contains ca1")), true);
    assert.equal(matches("CA1", f("x < 5")), false, "text never passes a numeric comparison");
    assert.equal(matches(null, f("x < 5")), false);
  });

  it("keeps the rows passing every condition (AND)", () => {
    const columns = new Map<string, JsonValue[]>([["x", [1, 6, 7, 9]], ["location", ["a", "b", "a", "a"]]]);
    assert.deepEqual(filterRows(4, [parseFilter("x > 5", cols) as FilterCondition], columns), [1, 2, 3]);
    assert.deepEqual(filterRows(4, [parseFilter("x > 5", cols), parseFilter("location = a", cols)] as FilterCondition[], columns), [2, 3]);
  });

  it("groups a page's rows into contiguous runs", () => {
    assert.deepEqual(rowRuns([7, 2, 3, 4, 9, 8]), [[2, 5], [7, 10]]);
    assert.deepEqual(rowRuns([]), []);
  });
});

/** A provider over in-memory 1-d columns that records what each read asked for. */
function fakeProvider(columns: Record<string, JsonValue[]>): { provider: DataProvider; reads: Array<[string, ValueSelection]> } {
  const reads: Array<[string, ValueSelection]> = [];
  const provider = {
    async getValues(path: string, sel: ValueSelection) {
      reads.push([path, sel]);
      const [start, stop] = sel[0] as [number, number];
      const values = columns[path].slice(start, stop);
      return { shape: [values.length], values, numbers: null };
    },
  } as unknown as DataProvider;
  return { provider, reads };
}

function tableOf(rows: number, names: string[]): TableModel {
  return { path: "/t", rowCount: rows, readableRows: rows, columns: names.map((name) => ({ name, dataPath: `/t/${name}`, indexPaths: [], region: null, scalar: true })) };
}

describe("sorted and filtered table reads", () => {
  const data = { "/t/id": [0, 1, 2, 3, 4, 5], "/t/x": [4, 9, 1, 7, 6, 2], "/t/label": ["a", "b", "c", "d", "e", "f"] };

  it("sorts by reading the sort column whole, then reads only the page's rows of the others", async () => {
    const { provider, reads } = fakeProvider(data);
    const model = tableOf(6, ["id", "x", "label"]);
    const cache = new Map();
    const order = await queryRows(provider, model, { column: "x", direction: "asc" }, [], cache);
    assert.deepEqual(order, [2, 5, 0, 4, 3, 1]);
    assert.deepEqual(reads, [["/t/x", [[0, 6]]]]);
    reads.length = 0;
    const page = await readTableRowsAt(provider, model, order!.slice(0, 2));
    assert.deepEqual(page, [[2, 1, "c"], [5, 2, "f"]]);
    assert.ok(reads.every(([, sel]) => (sel[0] as [number, number])[1] - (sel[0] as [number, number])[0] === 1), "one row per run");
    reads.length = 0;
    assert.deepEqual(await queryRows(provider, model, { column: "x", direction: "desc" }, [], cache), [1, 3, 4, 0, 5, 2]);
    assert.deepEqual(reads, [], "the sort column is read once");
  });

  it("filters by reading only the filtered columns and counts the matching rows", async () => {
    const { provider, reads } = fakeProvider(data);
    const model = tableOf(6, ["id", "x", "label"]);
    const order = await queryRows(provider, model, null, [parseFilter("x > 5", ["x"]) as FilterCondition], new Map());
    assert.deepEqual(order, [1, 3, 4]);
    assert.deepEqual(reads.map(([p]) => p), ["/t/x"]);
    assert.equal(await queryRows(provider, model, null, [], new Map()), null, "no query: stored order");
  });

  it("refuses to sort or filter beyond the row cap", async () => {
    const { provider, reads } = fakeProvider(data);
    const model = tableOf(QUERY_ROW_CAP + 1, ["x"]);
    await assert.rejects(queryRows(provider, model, { column: "x", direction: "asc" }, [], new Map()), /stop at 1,000,000 rows/);
    assert.deepEqual(reads, []);
  });
});

describe("sortable columns of a stored table", () => {
  const temps = tempFolders("table-query-");
  after(() => temps.cleanup());

  it("sorts and filters only by 1-d value columns: not ragged, region or reference columns", async () => {
    await loadNwbTypes();
    const path = join(temps.make(), "sample.nwb.zarr");
    await new NWBZarrIO(path, "w").write(buildSampleFile());
    const p = await ZarrStoreProvider.open(new LocalStore(path), { location: path });
    const electrodes = await loadTable(p, await p.getEntity("/general/extracellular_ephys/electrodes"));
    const scalar = (m: TableModel) => Object.fromEntries(m.columns.map((c) => [c.name, !!c.scalar]));
    const e = scalar(electrodes);
    assert.equal(e.id, true);
    assert.equal(e.x, true);
    assert.equal(e.location, true);
    assert.equal(e.group, false, "object references");
    const units = scalar(await loadTable(p, await p.getEntity("/units")));
    assert.equal(units.spike_times, false, "ragged");
    const order = await queryRows(p, electrodes, { column: "x", direction: "desc" }, [], new Map());
    assert.deepEqual(order, [3, 2, 1, 0]);
    const rows = await readTableRowsAt(p, electrodes, order!.slice(0, 2));
    const x = electrodes.columns.findIndex((c) => c.name === "x");
    assert.deepEqual(rows.map((r) => r[x]), [4, 3]);
  });
});
