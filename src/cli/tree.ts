/**
 * Text tree of a file: groups with their types, datasets with dtype, shape and chunking, links with
 * targets. Every text taken from the file (names, types, codec names, link targets) is escaped for
 * the terminal (terminal-text.ts).
 */
import type { BuilderDtype } from "../data/index.js";
import { DatasetBuilder, GroupBuilder, LinkBuilder } from "../format/builders.js";
import { ZarrDataset } from "../format/zarr-dataset.js";
import { terminalText as t } from "./terminal-text.js";

function typeLabel(attrs: Record<string, unknown>): string {
  const type = attrs.neurodata_type ?? attrs.data_type;
  if (typeof type !== "string") return "";
  return t(typeof attrs.namespace === "string" ? `${type} (${attrs.namespace})` : type);
}

function dtypeLabel(dtype: BuilderDtype | undefined): string {
  if (dtype === undefined) return "?";
  if (typeof dtype === "string") return t(dtype);
  return `{${dtype.map((f) => `${t(f.name)}: ${dtypeLabel(f.dtype)}`).join(", ")}}`;
}

const shapeLabel = (s: readonly number[]) => (s.length === 0 ? "scalar" : `(${s.join(", ")}${s.length === 1 ? "," : ""})`);

function datasetLine(ds: DatasetBuilder): string {
  const parts = [t(ds.name)];
  const type = typeLabel(ds.attributes);
  if (type) parts.push(type);
  if (ds.data instanceof ZarrDataset) {
    const d = ds.data;
    parts.push(dtypeLabel(ds.dtype), shapeLabel(d.shape));
    if (!d.isScalar) parts.push(`chunks ${shapeLabel(d.array.chunkShape)}`);
    const codecs = d.array.metadata.codecs.map((c) => c.name.replace(/^numcodecs\./, "")).filter((n) => n !== "bytes");
    if (codecs.length) parts.push(t(codecs.join("+")));
  }
  return parts.join("  ");
}

/** Render the tree below `root`; at most `maxChildren` entries per group are listed. */
export function renderTree(root: GroupBuilder, options: { maxChildren?: number } = {}): string {
  const max = options.maxChildren ?? Infinity;
  const lines: string[] = [`${t(root.source ?? "root")}  ${typeLabel(root.attributes)}`.trimEnd()];
  const walk = (g: GroupBuilder, indent: string) => {
    const entries: (GroupBuilder | DatasetBuilder | LinkBuilder)[] = [
      ...[...g.groups.values()], ...[...g.datasets.values()], ...[...g.links.values()],
    ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const shown = entries.slice(0, max);
    shown.forEach((e, i) => {
      const last = i === shown.length - 1 && entries.length <= max;
      const branch = indent + (last ? "└── " : "├── ");
      const next = indent + (last ? "    " : "│   ");
      if (e instanceof GroupBuilder) {
        lines.push(`${branch}${t(e.name)}/  ${typeLabel(e.attributes)}`.trimEnd());
        walk(e, next);
      } else if (e instanceof DatasetBuilder) {
        lines.push(branch + datasetLine(e));
      } else {
        const target = e.builder;
        const where = target.source && target.source !== root.source ? `${target.source}:${target.path}` : target.path;
        lines.push(`${branch}${t(e.name)} → ${t(where)}  (link)`);
      }
    });
    if (entries.length > max) lines.push(`${indent}└── … ${entries.length - max} more`);
  };
  walk(root, "");
  return lines.join("\n");
}
