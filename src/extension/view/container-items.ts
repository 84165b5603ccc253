/**
 * The items of a container payload's sections as DOM: field values in a two-column table, datasets
 * with their facts and preview, sub-containers with their summary (and children), tables with
 * their first rows (ragged cells with their values, region cells as row links), subgroups that
 * fold, and links. Every item carries `data-kind` and, when it has one, `data-path`, so a link
 * inside the output can find its target.
 */
import { formatShape } from "../../repr/text/format-text.js";
import type { ContainerSectionItem, DatasetItem, JsonValue, TableItem, TypeInfo } from "../../repr/payload/types.js";
import { cellText, el, errorBox } from "./dom.js";
import { targetLink } from "./inspect.js";
import { cellModel, columnLabel, tableFacts } from "./model/container-table.js";
import { flattenNested } from "../provider/value-block.js";
import { valuesTable } from "./table-view.js";

/** What the items need from the view around them. */
export interface ItemContext {
  /** Show the object at a path of the file (inside this output when it is there). */
  navigate(path: string): void;
}

function badge(type: TypeInfo | null): HTMLElement[] {
  return type ? [el("span", "badge", type.name)] : [];
}

function hiddenNote(n: number, what: string): HTMLElement[] {
  return n > 0 ? [el("div", "note", `… ${n} ${what} not in this output`)] : [];
}

function itemBlock(kind: string, path: string | null): HTMLElement {
  const block = el("div", "item");
  block.setAttribute("data-kind", kind);
  if (path) block.setAttribute("data-path", path);
  return block;
}

/** A field row: name and value (references and links navigate). */
function fieldRow(name: string, value: HTMLElement | string, kind: string): HTMLTableRowElement {
  const tr = el("tr");
  tr.setAttribute("data-field", name);
  tr.setAttribute("data-kind", kind);
  const td = el("td");
  if (typeof value === "string") td.textContent = value;
  else td.append(value);
  tr.append(el("th", "", name), td);
  return tr;
}

function isReference(v: JsonValue): v is { $type: "reference"; path: string; source: string | null } {
  return v !== null && typeof v === "object" && !Array.isArray(v) && v.$type === "reference" && typeof v.path === "string";
}

function valueNode(v: JsonValue, ctx: ItemContext): HTMLElement | string {
  if (isReference(v)) return targetLink({ path: v.path, source: v.source ?? null }, ctx.navigate);
  return cellText(v);
}

/** A dataset: name, shape, dtype and chunks; its preview inline (1-d) or as a grid (2-d). */
function datasetBlock(it: DatasetItem): HTMLElement {
  const block = itemBlock("dataset", it.path);
  const facts = `${formatShape(it.shape)} ${it.dtype}${it.chunks ? ` · chunks ${formatShape(it.chunks)}` : ""}`;
  block.append(el("div", "itemTitle"));
  block.firstElementChild!.append(el("span", "itemName", it.name), el("span", "treeShape", facts));
  const p = it.preview;
  if (!p) return block;
  if ("error" in p) {
    block.append(errorBox(`values cannot be shown: ${p.error}`));
    return block;
  }
  const flat = flattenNested(p.values, p.shape);
  if (p.shape.length <= 1) {
    block.append(el("div", "inlineValues", `[${flat.map((v) => cellText(v)).join(", ")}${p.truncated ? ", …" : ""}]`));
    return block;
  }
  const [rows, cols] = p.shape;
  const grid = Array.from({ length: rows }, (_, r) => flat.slice(r * cols, (r + 1) * cols));
  block.append(valuesTable(Array.from({ length: cols }, (_, c) => String(c)), Array.from({ length: rows }, (_, r) => r), grid, () => undefined));
  if (p.truncated) block.append(el("div", "note", `the first ${rows} × ${cols} values of ${formatShape(it.shape)}`));
  return block;
}

/** A table cell of a container payload's table. */
function tableCell(t: TableItem, r: number, c: number, ctx: ItemContext): HTMLTableCellElement {
  const td = el("td");
  const cell = cellModel(t, r, c);
  switch (cell.kind) {
    case "value":
      td.textContent = cellText(cell.value);
      if (typeof cell.value === "number") td.classList.add("jp-HdmfZarr-number");
      break;
    case "reference":
      td.append(targetLink({ path: cell.path, source: cell.source }, ctx.navigate));
      break;
    case "ragged": {
      td.setAttribute("data-count", String(cell.count));
      td.classList.add("jp-HdmfZarr-raggedCell");
      const shown = cell.items ? cell.items.map((v) => cellText(v)) : [];
      const more = cell.items ? cell.count - cell.items.length : cell.count;
      const text = cell.items === null ? `[${cell.count} items]` : `[${shown.join(", ")}${more > 0 ? `, … ${cell.count} items` : ""}]`;
      td.append(el("span", "ragged", text));
      break;
    }
    case "region": {
      td.append(el("span", "", cell.rows.length === 1 ? "row " : "rows "));
      cell.rows.forEach((row, i) => {
        if (i > 0) td.append(", ");
        // Row links go to the table they point into; the row number is what the cell says.
        if (cell.table) {
          const a = targetLink({ path: cell.table, source: null }, ctx.navigate);
          a.textContent = String(row);
          a.setAttribute("data-row", String(row));
          td.append(a);
        } else td.append(String(row));
      });
      break;
    }
  }
  return td;
}

/** A table: title with its size, the description, the first rows. */
export function tableBlock(t: TableItem, ctx: ItemContext): HTMLElement {
  const block = itemBlock("table", t.path);
  const title = el("div", "itemTitle");
  title.append(el("span", "itemName", t.name), ...badge(t.type), el("span", "treeShape", tableFacts(t)));
  block.append(title);
  if (t.description) block.append(el("div", "note", t.description));
  if (t.error) {
    block.append(errorBox(`the rows could not be read: ${t.error}`));
    return block;
  }
  const table = el("table", "table");
  const head = el("tr");
  for (const c of t.columns) {
    const th = el("th", c.kind === "id" ? "rowLabel" : "", c.kind === "id" ? "id" : columnLabel(c));
    th.setAttribute("data-column", c.name);
    head.append(th);
  }
  const thead = el("thead");
  thead.append(head);
  const body = el("tbody");
  t.rows.forEach((row, r) => {
    const tr = el("tr");
    tr.setAttribute("data-row", String(r));
    t.columns.forEach((c, j) => {
      if (c.kind === "id") {
        const th = el("th", "rowLabel", cellText(row[j] ?? null));
        tr.append(th);
      } else tr.append(tableCell(t, r, j, ctx));
    });
    body.append(tr);
  });
  table.append(thead, body);
  block.append(table, ...(t.rows.length === 0 ? [el("div", "note", "no rows")] : []), ...hiddenNote(t.hiddenRows, t.hiddenRows === 1 ? "more row" : "more rows"));
  return block;
}

/** Append the items of a section or subgroup to `host`: value rows gathered in tables, the rest as blocks. */
export function renderItems(host: HTMLElement, items: readonly ContainerSectionItem[], hidden: number, ctx: ItemContext): void {
  let fields: HTMLTableSectionElement | undefined;
  const row = (tr: HTMLTableRowElement) => {
    if (!fields) {
      const table = el("table", "fields");
      fields = el("tbody");
      table.append(fields);
      host.append(table);
    }
    fields.append(tr);
  };
  const block = (node: HTMLElement) => {
    fields = undefined;
    host.append(node);
  };
  for (const it of items) {
    switch (it.kind) {
      case "value":
        row(fieldRow(it.name, valueNode(it.value, ctx), "value"));
        break;
      case "link": {
        const target = targetLink({ path: it.target, source: null }, ctx.navigate);
        row(fieldRow(it.name, target, "link"));
        break;
      }
      case "dataset":
        block(datasetBlock(it));
        break;
      case "table":
        block(tableBlock(it, ctx));
        break;
      case "container": {
        const b = itemBlock("container", it.path);
        const title = el("div", "itemTitle");
        title.append(el("span", "itemName", it.name), ...badge(it.type), el("span", "treeShape", it.summary));
        b.append(title);
        if (it.children?.length || it.hiddenChildren) {
          const inner = el("div", "itemChildren");
          renderItems(inner, it.children ?? [], it.hiddenChildren ?? 0, ctx);
          b.append(inner);
        }
        block(b);
        break;
      }
      case "group": {
        const d = el("details", "group");
        d.setAttribute("data-kind", "group");
        d.setAttribute("data-path", it.path);
        d.open = true;
        const summary = el("summary", "groupSummary");
        const n = it.items.length + it.hidden;
        summary.append(el("span", "itemName", `${it.name}/`), ...badge(it.type), el("span", "treeShape", `${n} ${n === 1 ? "entry" : "entries"}`));
        const inner = el("div", "itemChildren");
        renderItems(inner, it.items, it.hidden, ctx);
        d.append(summary, inner);
        block(d);
        break;
      }
    }
  }
  for (const note of hiddenNote(hidden, "more")) block(note);
}
