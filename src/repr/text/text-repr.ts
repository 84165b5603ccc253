/** The `text/plain` repr of a payload: what a notebook without HTML (or a terminal) shows. */
import { formatBytesShort, formatDims, formatShape, formatType, formatValue, type FormatValueOptions } from "./format-text.js";
import { countsText } from "../html/group.js";
import { containerText } from "./container.js";
import { isFloatDtype } from "../html/dataset.js";
import { arrayInfoRows } from "./info-rows.js";
import type { DatasetPayload, GroupPayload, JsonValue, Preview, ReprPayload, TreeEntry } from "../payload/types.js";

function attributeLines(p: DatasetPayload | GroupPayload): string[] {
  const entries = Object.entries(p.attributes);
  if (p.attributeCount === 0) return [];
  const width = Math.min(24, Math.max(...entries.map(([k]) => k.length), 0));
  const lines = [`Attributes (${p.attributeCount}):`];
  for (const [k, v] of entries) lines.push(`    ${k.padEnd(width)}  ${formatValue(v, { maxLength: 120 })}`);
  if (p.attributeCount > entries.length) lines.push(`    … ${p.attributeCount - entries.length} more`);
  return lines;
}

function previewLines(preview: Preview, fullShape: readonly number[], floats: boolean): string[] {
  if ("error" in preview) return [`Data: not readable (${preview.error})`];
  const opts: FormatValueOptions = { quoteStrings: true, numbers: floats ? "float" : "compact", maxLength: 60 };
  const title = `Data ${preview.selection} of ${formatShape(fullShape)}:`;
  if (preview.shape.length === 0) return [title, `    ${formatValue(preview.values, { ...opts, maxLength: 400 })}`];
  if (preview.shape.includes(0)) return [`Data: none (shape ${formatShape(fullShape)})`];
  const rows: JsonValue[][] = preview.shape.length === 1 ? [preview.values as JsonValue[]] : (preview.values as JsonValue[][]);
  const cells = rows.map((r) => r.map((v) => formatValue(v, opts)));
  const width = Math.max(...cells.flat().map((c) => c.length));
  const lastCut = preview.truncated && preview.shape[preview.shape.length - 1] < fullShape[fullShape.length - 1];
  const lines = cells.map((r) => `    ${r.map((c) => c.padStart(width)).join("  ")}${lastCut ? "  …" : ""}`);
  if (preview.shape.length === 2 && preview.shape[0] < fullShape[fullShape.length - 2]) lines.push("    ⋮");
  return [title, ...lines];
}

function datasetText(p: DatasetPayload): string {
  const type = formatType(p.type);
  const lines = [`Dataset '${p.name}'  ${p.path}${type ? `  [${type}]` : ""}`, `    ${formatDims(p.shape, p.dims)}  ${p.dtype}`];
  const a = p.array;
  if (a) {
    const parts = [`zarr v${a.zarrFormat}`];
    if (a.shape.length > 0) parts.push(`chunks ${formatShape(a.chunkShape)}`);
    if (a.compressors.length) parts.push(a.compressors.join(" + "));
    if (a.nbytesStored !== null) parts.push(`${formatBytesShort(a.nbytesStored)} stored`);
    parts.push(`${a.chunksInitialized ?? "?"}/${a.chunkCount} chunks`);
    lines.push(`    ${parts.join(", ")}`);
  }
  lines.push(...attributeLines(p));
  if (p.preview) lines.push(...previewLines(p.preview, p.shape, isFloatDtype(a?.dataType ?? p.dtype)));
  if (a) {
    lines.push("Storage:");
    for (const [k, v] of arrayInfoRows(a, p.store)) lines.push(`    ${k.padEnd(18)} : ${v}`);
  }
  return lines.join("\n");
}

function entryLine(e: TreeEntry): string {
  const type = e.kind === "link" ? "" : formatType(e.type);
  if (e.kind === "group") return `${e.name}/${type ? `  ${type}` : ""}${e.children.length === 0 && e.hiddenChildren > 0 ? `  (${countsText(e.counts, ", ")})` : ""}`;
  if (e.kind === "link") return `${e.name} → ${e.targetSource ? `${e.targetSource}:` : ""}${e.target}  (link)`;
  const value = e.value === undefined ? "" : `  = ${formatValue(e.value, { quoteStrings: true, numbers: isFloatDtype(e.dtype) ? "float" : "compact", maxLength: 60 })}`;
  return `${e.name}  ${formatDims(e.shape, e.dims)} ${e.dtype}${type ? `  ${type}` : ""}${value}`;
}

function treeLines(entries: readonly TreeEntry[], hidden: number, indent: string, out: string[]): void {
  entries.forEach((e, i) => {
    const last = i === entries.length - 1 && hidden === 0;
    out.push(`${indent}${last ? "└── " : "├── "}${entryLine(e)}`);
    if (e.kind === "group" && e.children.length) treeLines(e.children, e.hiddenChildren, indent + (last ? "    " : "│   "), out);
  });
  if (hidden > 0) out.push(`${indent}└── … ${hidden} more`);
}

function groupText(p: GroupPayload): string {
  const type = formatType(p.type);
  const where = p.kind === "store" ? `${p.store.location ?? p.name}${p.store.zarrFormat ? ` (zarr v${p.store.zarrFormat})` : ""}` : p.path;
  const lines = [`${p.kind === "store" ? "File" : "Group"} '${p.name}'  ${where}${type ? `  [${type}]` : ""}`, `    ${countsText(p.counts)}`];
  const tree: string[] = [];
  treeLines(p.children, p.hiddenChildren, "", tree);
  lines.push(...tree.map((l) => `    ${l}`));
  if (p.nodes.total > p.nodes.shown) lines.push(`    (${p.nodes.total - p.nodes.shown} of ${p.nodes.total} nodes not shown)`);
  lines.push(...attributeLines(p));
  return lines.join("\n");
}

/** The plain-text repr of a payload. */
export function payloadText(p: ReprPayload): string {
  if (p.kind === "container") return containerText(p);
  return p.kind === "dataset" ? datasetText(p) : groupText(p);
}
