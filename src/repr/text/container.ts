/** The `text/plain` repr of a container payload: header, then each section as an indented list. */
import { formatDims, formatShape, formatType, formatValue } from "./format-text.js";
import type { ContainerPayload, ContainerSectionItem, JsonValue, TableItem } from "../payload/types.js";

function cell(v: JsonValue, kind: string): string {
  if (kind === "ragged") return `[${v} items]`;
  if (kind === "region") return `row ${formatValue(v)}`;
  if (kind === "ragged-region") return `rows ${formatValue(v, { maxLength: 40 })}`;
  return formatValue(v, { numbers: "compact", maxLength: 30 });
}

function tableLines(t: TableItem, indent: string, out: string[]): void {
  const type = formatType(t.type);
  out.push(`${indent}${t.name}${type ? `  [${type}]` : ""}  ${t.rowCount} rows × ${t.columns.length - 1} columns`);
  if (t.error) return void out.push(`${indent}    (rows not readable: ${t.error})`);
  const grid = [t.columns.map((c) => c.name), ...t.rows.map((r) => r.map((v, j) => cell(v, t.columns[j].kind)))];
  const widths = t.columns.map((_, j) => Math.max(...grid.map((r) => r[j].length)));
  for (const r of grid) out.push(`${indent}    ${r.map((c, j) => c.padEnd(widths[j])).join("  ").trimEnd()}`);
  if (t.hiddenRows > 0) out.push(`${indent}    … ${t.hiddenRows} more rows`);
}

function itemLines(items: readonly ContainerSectionItem[], hidden: number, indent: string, out: string[]): void {
  for (const it of items) {
    switch (it.kind) {
      case "value": out.push(`${indent}${it.name}: ${formatValue(it.value, { maxLength: 120 })}`); break;
      case "dataset": {
        const p = it.preview && !("error" in it.preview) && it.preview.shape.length <= 1 ? `  = ${formatValue(it.preview.values, { quoteStrings: true, numbers: "compact", maxLength: 60 })}${it.preview.truncated ? " …" : ""}` : "";
        out.push(`${indent}${it.name}: ${formatDims(it.shape, null)} ${it.dtype}${it.chunks ? `, chunks ${formatShape(it.chunks)}` : ""}${p}`);
        break;
      }
      case "container": {
        const type = formatType(it.type);
        out.push(`${indent}${it.name}${type ? `  [${type}]` : ""}${it.summary ? `  ${it.summary}` : ""}`);
        if (it.children) itemLines(it.children, it.hiddenChildren ?? 0, indent + "    ", out);
        break;
      }
      case "link": out.push(`${indent}${it.name} → ${it.target}${it.type ? `  (${it.type.name})` : ""}`); break;
      case "table": tableLines(it, indent, out); break;
      case "group":
        out.push(`${indent}${it.name}/${it.type ? `  [${formatType(it.type)}]` : ""}`);
        itemLines(it.items, it.hidden, indent + "    ", out);
        break;
    }
  }
  if (hidden > 0) out.push(`${indent}… ${hidden} more`);
}

/** The plain-text repr of a container payload. */
export function containerText(p: ContainerPayload): string {
  const lines = [`${p.type.name} '${p.name}'  ${p.path}  [${formatType(p.type)}]`];
  if (p.objectId) lines.push(`    object_id: ${p.objectId}`);
  if (p.store.location) lines.push(`    file: ${p.store.location}`);
  for (const s of p.sections) {
    if (s.items.length + s.hidden === 0) continue;
    lines.push(`${s.title}:`);
    itemLines(s.items, s.hidden, "    ", lines);
  }
  return lines.join("\n");
}
