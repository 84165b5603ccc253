/** A page of values as `table.jp-HdmfZarr-table`, and the pager that moves it. */
import type { JsonValue } from "../../repr/payload/types.js";
import type { Page } from "./model/paging.js";
import { PREFIX, actionButton, cellText, el, valueText } from "./dom.js";
import { sortArrow, type SortState } from "./model/table-query.js";
import { targetLink } from "./inspect.js";

function isReference(v: JsonValue): v is { $type: "reference"; path: string; source: string | null } {
  return v !== null && typeof v === "object" && !Array.isArray(v) && v.$type === "reference" && typeof v.path === "string";
}

/** One cell: text, or a navigating target for a reference. */
function cell(v: JsonValue, navigate: (path: string) => void): HTMLTableCellElement {
  const td = el("td");
  if (isReference(v)) td.append(targetLink({ path: v.path, source: v.source ?? null }, navigate));
  else td.textContent = cellText(v);
  if (typeof v === "number") td.classList.add("jp-HdmfZarr-number");
  return td;
}

/** A table with a header row, row labels in the first column, and one row of cells per entry. */
export function valuesTable(header: readonly string[], rowLabels: readonly (string | number)[], rows: readonly JsonValue[][], navigate: (path: string) => void): HTMLTableElement {
  const table = el("table", "table");
  const head = el("thead");
  const hr = el("tr");
  hr.append(el("th", "rowLabel", ""));
  for (const h of header) hr.append(el("th", "", h));
  head.append(hr);
  const body = el("tbody");
  rows.forEach((r, i) => {
    const tr = el("tr");
    tr.append(el("th", "rowLabel", String(rowLabels[i] ?? i)));
    for (const v of r) tr.append(cell(v, navigate));
    body.append(tr);
  });
  table.append(head, body);
  return table;
}

/** Previous/next buttons and where the page is (`rows 51–100 of 1,000`). */
export function pager(page: Page, total: number, onPage: (page: number) => void, what = "rows"): HTMLElement {
  const bar = el("div", "pager");
  const prev = actionButton("prev-page", "‹ Previous", "previous page");
  const next = actionButton("next-page", "Next ›", "next page");
  prev.disabled = page.page <= 0;
  next.disabled = page.page >= page.pages - 1;
  prev.addEventListener("click", () => onPage(page.page - 1));
  next.addEventListener("click", () => onPage(page.page + 1));
  const info = el("span", "pagerInfo", total === 0 ? `no ${what}` : `${what} ${page.start}–${page.stop - 1} of ${total.toLocaleString("en-US")}`);
  bar.append(prev, info, next);
  return bar;
}

/** A header of `scrollTable`: its text, and whether clicking it sorts. */
export interface ScrollColumn {
  name: string;
  label: string;
  sortable: boolean;
}

/**
 * A table that scrolls sideways in its own box, with a sticky header row and sticky first two
 * columns (row number and `id`); long cells are cut with the full value as a tooltip. Sortable
 * headers are focusable buttons (click or Enter) that show the sort arrow.
 */
export function scrollTable(columns: readonly ScrollColumn[], rowLabels: readonly (string | number)[], rows: readonly JsonValue[][], navigate: (path: string) => void, sort: SortState, onSort: (column: string) => void): HTMLElement {
  const table = el("table", "table scrollTable");
  const hr = el("tr");
  hr.append(el("th", "rowLabel", ""));
  columns.forEach((c, i) => {
    const th = el("th", i === 0 ? "stickyCol" : "");
    th.dataset.column = c.name;
    if (!c.sortable) th.textContent = c.label;
    else {
      const arrow = sortArrow(sort, c.name);
      const b = el("button", "sortHeader", `${c.label}${arrow ? ` ${arrow}` : ""}`);
      b.type = "button";
      b.title = `sort by ${c.name} (ascending, descending, off)`;
      b.addEventListener("click", () => onSort(c.name));
      th.append(b);
      th.setAttribute("aria-sort", !arrow ? "none" : sort?.direction === "asc" ? "ascending" : "descending");
    }
    hr.append(th);
  });
  const head = el("thead");
  head.append(hr);
  const body = el("tbody");
  rows.forEach((r, i) => {
    const tr = el("tr");
    tr.append(el("th", "rowLabel", String(rowLabels[i] ?? i)));
    r.forEach((v, j) => {
      const td = cell(v, navigate);
      if (j === 0) td.classList.add(`${PREFIX}stickyCol`);
      if (!isReference(v)) td.title = valueText(v);
      tr.append(td);
    });
    body.append(tr);
  });
  table.append(head, body);
  const box = el("div", "tableScroll");
  box.append(table);
  return box;
}
