/**
 * The HTML repr of a container payload: a header (type, name, path, object_id) and one collapsible
 * section per payload section; tables as small grids, sub-containers as rows with a summary.
 * Every string from the file goes through the escaping helpers of html-parts.ts.
 */
import { formatDims, formatShape, formatValue } from "../text/format-text.js";
import { badge, header, previewBody, section, text, wrap, type Html } from "./parts.js";
import { isFloatDtype } from "./dataset.js";
import type { ContainerPayload, ContainerSectionItem, JsonValue, TableColumn, TableItem } from "../payload/types.js";
import { S } from "./theme.js";

function hidden(n: number, what = "more"): Html {
  return n > 0 ? text("div", S.note, `… ${n} ${what} not shown`) : "";
}

function cellText(v: JsonValue, column: TableColumn): string {
  if (column.kind === "ragged") return `[${typeof v === "number" ? v : "?"} items]`;
  if (column.kind === "region") return `row ${formatValue(v)}`;
  if (column.kind === "ragged-region") return `rows ${formatValue(v, { maxLength: 60 })}`;
  // A reference cell names its target by its last segment (the payload keeps the whole path).
  if (v !== null && typeof v === "object" && !Array.isArray(v) && v.$type === "reference") return `→ ${String(v.path).split("/").pop()}`;
  return formatValue(v, { quoteStrings: false, numbers: "compact", maxLength: 60 });
}

function isNumberCell(v: JsonValue | undefined): boolean {
  return typeof v === "number" || (v !== null && typeof v === "object" && !Array.isArray(v) && (v.$type === "number" || v.$type === "bigint"));
}

/** A table preview: colnames, first rows, the row count. */
export function tableHtml(t: TableItem): Html {
  const facts = `${t.rowCount} ${t.rowCount === 1 ? "row" : "rows"} × ${t.columns.length - 1} columns` + (t.description ? ` · ${t.description}` : "");
  const title = wrap("div", "", text("span", S.groupName, t.name) + " " + badge(t.type) + " " + text("span", S.count, facts));
  if (t.error) return title + text("div", S.error, `The rows could not be read: ${t.error}`);
  if (t.columns.length <= 1) return title + text("div", S.note, "No columns.");
  // Headers line up with their cells: numbers to the right, everything else to the left.
  const numeric = t.columns.map((c, j) => j === 0 || (c.kind === "plain" && t.rows.length > 0 && isNumberCell(t.rows[0][j])));
  const head = wrap("tr", "", t.columns.map((c, j) => text("th", numeric[j] ? S.gridHead : `${S.gridHead}; text-align: left`, c.name)).join(""));
  const body = t.rows.map((r) => wrap("tr", "", r.map((v, j) => text("td", j === 0 ? S.gridIndex : numeric[j] ? S.gridCell : S.gridText, cellText(v, t.columns[j]))).join(""))).join("");
  const tail = t.hiddenRows > 0 ? wrap("tr", "", t.columns.map(() => text("td", S.gridCell, "⋮")).join("")) : "";
  return title + wrap("table", S.table, wrap("thead", "", head) + wrap("tbody", "", body + tail)) + hidden(t.hiddenRows, t.hiddenRows === 1 ? "more row" : "more rows");
}

function row(name: string, kind: string, value: Html): Html {
  return wrap("tr", "", text("td", S.treeName, name) + text("td", S.treeCell, kind) + wrap("td", S.treeValue, value));
}

/** Items of a section or subgroup: plain rows in a table, tables and groups as blocks. */
function itemsHtml(items: readonly ContainerSectionItem[], hiddenCount: number): Html {
  const out: Html[] = [];
  let rows: Html[] = [];
  const flush = () => {
    if (rows.length) out.push(wrap("table", S.treeTable, wrap("tbody", "", rows.join(""))));
    rows = [];
  };
  for (const it of items) {
    switch (it.kind) {
      case "value":
        rows.push(row(it.name, "", text("span", "", formatValue(it.value, { maxLength: 400 }))));
        break;
      case "dataset": {
        const facts = `${formatDims(it.shape, null)} ${it.dtype}` + (it.chunks ? ` · chunks ${formatShape(it.chunks)}` : "");
        const preview = it.preview && !("error" in it.preview) && it.preview.shape.length <= 1
          ? formatValue(it.preview.values, { quoteStrings: true, numbers: isFloatDtype(it.dtype) ? "float" : "compact", maxLength: 160 }) + (it.preview.truncated ? " …" : "")
          : "";
        const inline = text("span", "", preview);
        if (it.preview && (("error" in it.preview) || it.preview.shape.length > 1)) {
          flush();
          out.push(wrap("details", "", wrap("summary", S.treeSummary, text("span", S.groupName, it.name) + " " + text("span", S.count, facts))
            + wrap("div", S.treeChildren, previewBody(it.preview, it.shape, isFloatDtype(it.dtype)))));
        } else rows.push(row(it.name, facts, inline));
        break;
      }
      case "container": {
        const label = text("span", S.groupName, it.name) + " " + badge(it.type) + " " + text("span", S.count, it.summary);
        if (it.children && it.children.length) {
          flush();
          out.push(wrap("details", "", wrap("summary", S.treeSummary, label) + wrap("div", S.treeChildren, itemsHtml(it.children, it.hiddenChildren ?? 0)), " open"));
        } else rows.push(wrap("tr", "", wrap("td", S.treeName, text("span", S.strong, it.name)) + wrap("td", S.treeCell, badge(it.type)) + text("td", S.treeValue, it.summary)));
        break;
      }
      case "link":
        rows.push(row(it.name, it.type ? `link to ${it.type.name}` : "link", text("span", S.linkTarget, `→ ${it.target}`)));
        break;
      case "table":
        flush();
        out.push(wrap("div", S.treeLeaf, tableHtml(it)));
        break;
      case "group": {
        flush();
        const label = text("span", S.groupName, `${it.name}/`) + " " + badge(it.type) + " " + text("span", S.count, `${it.items.length + it.hidden} ${it.items.length + it.hidden === 1 ? "entry" : "entries"}`);
        out.push(wrap("details", "", wrap("summary", S.treeSummary, label) + wrap("div", S.treeChildren, itemsHtml(it.items, it.hidden)), " open"));
        break;
      }
    }
  }
  flush();
  return out.join("") + hidden(hiddenCount);
}

/** The HTML of a container payload (inline styles only; every string from the file escaped). */
export function containerPayloadHtml(p: ContainerPayload): Html {
  const facts: Html[] = [];
  if (p.objectId) facts.push(text("span", "", `object_id ${p.objectId}`));
  if (p.store.zarrFormat) facts.push(text("span", "", `Zarr v${p.store.zarrFormat}`));
  // The root is best told by its file; anything deeper by its path in the file.
  const pathLine = p.path === "/" ? p.store.location ?? "/" : p.path;
  const kind = p.layout === "nwbfile" ? "NWB file" : "Container";
  const sections = p.sections.map((s, i) => {
    const n = s.items.length + s.hidden;
    const body = n ? wrap("div", S.treeBox, itemsHtml(s.items, s.hidden)) : text("div", S.note, "Nothing here.");
    return section(s.title, `(${n})`, body, n > 0 && n <= 40, i === p.sections.length - 1);
  });
  return wrap("div", S.root, header(kind, p.name, p.type, pathLine, facts) + sections.join(""));
}
