/**
 * Sort and filter cost of the DynamicTable view at its row cap: the work done in the page once the
 * sort or filter column is read (one column of ROWS values), before a page of rows is read.
 * Usage: node --import tsx bench/table-query/run.ts [ROWS] [REPEATS]   (defaults 1000000, 5)
 */
import { QUERY_ROW_CAP, filterRows, parseFilter, sortRows, type FilterCondition } from "../../src/extension/view/model/table-query.js";

const rows = Number(process.argv[2] ?? QUERY_ROW_CAP);
const repeats = Number(process.argv[3] ?? 5);
const x = Array.from({ length: rows }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 100);
const label = Array.from({ length: rows }, (_, i) => `electrode ${i % 997}`);
const all = Array.from({ length: rows }, (_, i) => i);

function time(what: string, f: () => unknown): void {
  f();
  const t0 = performance.now();
  for (let i = 0; i < repeats; i++) f();
  console.log(`${what.padEnd(34)} ${((performance.now() - t0) / repeats).toFixed(1)} ms`);
}

const gt = parseFilter("x > 5", ["x"]) as FilterCondition;
const has = parseFilter("label contains 99", ["label"]) as FilterCondition;
console.log(`${rows.toLocaleString("en-US")} rows, mean of ${repeats} runs`);
time("sort numbers ascending", () => sortRows(all, x, "asc"));
time("sort text descending", () => sortRows(all, label, "desc"));
time("filter x > 5", () => filterRows(rows, [gt], new Map([["x", x]])));
time("filter label contains 99", () => filterRows(rows, [has], new Map([["label", label]])));
