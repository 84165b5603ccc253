/**
 * HTML building blocks of the reprs. Every helper takes plain text and escapes it itself; the
 * only strings passed on unescaped are ones these helpers built.
 */
import { escapeHtml } from "./escape.js";
import { formatShape, formatValue, type FormatValueOptions } from "../text/format-text.js";
import { tagOf } from "../payload/json-value.js";
import type { JsonValue, Preview, TypeInfo } from "../payload/types.js";
import { S } from "./theme.js";

/** Markup built by these helpers (as opposed to text, which must be escaped). */
export type Html = string;

/** An element holding escaped text. */
export function text(tag: string, style: string, content: string): Html {
  return wrap(tag, style, escapeHtml(content));
}

/** An element holding markup. */
export function wrap(tag: string, style: string, inner: Html, extra = ""): Html {
  return `<${tag}${style ? ` style="${style}"` : ""}${extra}>${inner}</${tag}>`;
}

/** The type badge: `ElectricalSeries core`, or nothing. */
export function badge(type: TypeInfo | null): Html {
  if (!type) return "";
  const ns = type.namespace ? text("span", S.badgeNamespace, type.namespace) : "";
  // No attribute carries file text: every string from the file sits between tags, escaped.
  return wrap("span", S.badge, escapeHtml(type.name) + ns);
}

/** The header: kind label, name, badge, a path line and a line of facts. */
export function header(kind: string, name: string, type: TypeInfo | null, pathLine: string, facts: Html[]): Html {
  const first = wrap("div", "", text("span", S.kind, kind) + text("span", S.name, name) + badge(type));
  const second = pathLine ? text("div", S.path, pathLine) : "";
  const third = facts.length ? wrap("div", S.facts, facts.join(text("span", S.factSep, "·"))) : "";
  return wrap("div", S.header, first + second + third);
}

/** A collapsible section (`<details>`), open or closed; works without scripts or styles. */
export function section(title: string, count: string | null, body: Html, open: boolean, last = false): Html {
  const summary = wrap("summary", S.summary, escapeHtml(title) + (count !== null ? text("span", S.count, count) : ""));
  return wrap("details", last ? S.lastSection : S.section, summary + body, open ? " open" : "");
}

/** A two-column key/value table; keys and values are plain text. */
export function keyValueTable(rows: readonly [string, string][], caption?: string, className?: string): Html {
  const body = rows.map(([k, v]) => wrap("tr", "", text("th", S.keyCell, k) + text("td", S.valueCell, v))).join("");
  const cls = className ? ` class="${escapeHtml(className)}"` : "";
  return (caption ? text("div", S.note, caption) : "") + wrap("table", S.table, wrap("tbody", "", body), cls);
}

/** Key/value pairs laid out in `columns` side-by-side column pairs (to keep long tables short). */
export function keyValueGrid(rows: readonly [string, string][], columns: number): Html {
  const perColumn = Math.ceil(rows.length / columns);
  const lines: Html[] = [];
  for (let i = 0; i < perColumn; i++) {
    let cells = "";
    for (let c = 0; c < columns; c++) {
      const row = rows[c * perColumn + i];
      const gap = c > 0 ? "; padding-left: 32px" : "";
      cells += row ? text("th", S.keyCell + gap, row[0]) + text("td", S.valueCell, row[1]) : text("th", S.keyCell + gap, "") + text("td", S.valueCell, "");
    }
    lines.push(wrap("tr", "", cells));
  }
  return wrap("table", S.table, wrap("tbody", "", lines.join("")));
}

/** The attributes table, with a note when only some are listed. */
export function attributesBody(attributes: Record<string, JsonValue>, count: number): Html {
  const entries = Object.entries(attributes);
  if (entries.length === 0) return text("div", S.note, "No attributes.");
  const rows = entries.map(([k, v]) => [k, formatValue(v, { maxLength: 400 })] as [string, string]);
  const more = count > entries.length ? text("div", S.note, `… ${count - entries.length} more attributes not shown`) : "";
  return keyValueTable(rows) + more;
}

function isNumeric(v: JsonValue): boolean {
  const t = tagOf(v);
  return typeof v === "number" || t === "number" || t === "bigint";
}

function cell(v: JsonValue, opts: FormatValueOptions): Html {
  return text("td", isNumeric(v) ? S.gridCell : S.gridText, formatValue(v, { ...opts, maxLength: 120 }));
}

/** A data preview as a grid (2-d), an indexed column (1-d) or a single value (0-d). */
export function previewBody(preview: Preview, fullShape: readonly number[], floats: boolean): Html {
  if ("error" in preview) return text("div", S.error, `The values could not be read: ${preview.error}`);
  const opts: FormatValueOptions = { quoteStrings: true, numbers: floats ? "float" : "compact" };
  const note = text("div", S.note, `${preview.truncated ? "First values" : "All values"}: ${preview.selection} of shape ${formatShape(fullShape)}`);
  const shape = preview.shape;
  if (shape.length === 0) return note + wrap("div", S.treeBox, text("span", S.code, formatValue(preview.values, { ...opts, maxLength: 2000 })));
  if (shape.includes(0)) return text("div", S.note, `No values: the shape is ${formatShape(fullShape)}.`);
  const more = (n: number, full: number | undefined) => full !== undefined && n < full;
  if (shape.length === 1) {
    const values = preview.values as JsonValue[];
    const rows = values.map((v, i) => wrap("tr", "", text("th", S.gridIndex, String(i)) + cell(v, opts))).join("");
    const tail = more(values.length, fullShape[fullShape.length - 1]) ? wrap("tr", "", text("th", S.gridIndex, "⋮") + text("td", S.gridText, "")) : "";
    return note + wrap("table", S.table, wrap("tbody", "", rows + tail));
  }
  const rowsData = preview.values as JsonValue[][];
  const nCols = shape[1];
  const colsCut = more(nCols, fullShape[fullShape.length - 1]);
  const rowsCut = more(shape[0], fullShape[fullShape.length - 2]);
  const head = wrap("tr", "", text("th", S.gridHead, "") + Array.from({ length: nCols }, (_, j) => text("th", S.gridHead, String(j))).join("")
    + (colsCut ? text("th", S.gridHead, "…") : ""));
  const body = rowsData.map((row, i) => wrap("tr", "", text("th", S.gridIndex, String(i)) + row.map((v) => cell(v, opts)).join("")
    + (colsCut ? text("td", S.gridCell, "…") : ""))).join("");
  const tail = rowsCut ? wrap("tr", "", text("th", S.gridIndex, "⋮") + Array.from({ length: nCols + (colsCut ? 1 : 0) }, () => text("td", S.gridCell, "⋮")).join("")) : "";
  return note + wrap("table", S.table, wrap("thead", "", head) + wrap("tbody", "", body + tail));
}
