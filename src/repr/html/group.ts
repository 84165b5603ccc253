/**
 * The HTML repr of a group or file payload: header with counts, the tree of children (subgroups
 * as nested `<details>`, datasets and links as table rows), and the attributes.
 */
import { formatDims, formatValue } from "../text/format-text.js";
import { attributesBody, badge, header, section, text, wrap, type Html } from "./parts.js";
import { isFloatDtype } from "./dataset.js";
import type { ChildCounts, GroupTreeEntry, GroupPayload, TreeEntry } from "../payload/types.js";
import { S } from "./theme.js";

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `2 groups · 5 datasets · 1 link` (only the non-zero parts), or `empty`. */
export function countsText(c: ChildCounts, sep = " · "): string {
  const parts: string[] = [];
  if (c.groups) parts.push(plural(c.groups, "group", "groups"));
  if (c.datasets) parts.push(plural(c.datasets, "dataset", "datasets"));
  if (c.links) parts.push(plural(c.links, "link", "links"));
  return parts.length ? parts.join(sep) : "empty";
}

function hiddenNote(n: number): Html {
  return n > 0 ? text("div", S.note, `… ${plural(n, "more entry", "more entries")} not shown`) : "";
}

/** Options of the HTML repr. */
export interface HtmlOptions {
  /** Tree levels whose groups start expanded (default 0: every subgroup starts collapsed). */
  openDepth?: number;
}

function groupEntryHtml(g: GroupTreeEntry, depth: number, openDepth: number): Html {
  const label = text("span", S.groupName, `${g.name}/`) + " " + badge(g.type) + " " + text("span", S.count, countsText(g.counts, ", "));
  const total = g.counts.groups + g.counts.datasets + g.counts.links;
  // An empty group has nothing to expand.
  if (total === 0) return wrap("div", S.treeLeaf, label);
  const inner = treeHtml(g.children, g.hiddenChildren, depth + 1, openDepth);
  return wrap("details", "", wrap("summary", S.treeSummary, label) + wrap("div", S.treeChildren, inner), depth < openDepth ? " open" : "");
}

function leafRow(e: Exclude<TreeEntry, GroupTreeEntry>): Html {
  if (e.kind === "link") {
    const where = (e.targetSource ? `${e.targetSource}:` : "") + e.target;
    const kind = e.targetKind === "group" ? "link to group" : "link to dataset";
    return wrap("tr", "", text("td", S.treeName, e.name) + text("td", S.treeCell, kind)
      + wrap("td", S.treeValue, text("span", S.linkTarget, `→ ${where}`), ' colspan="3"'));
  }
  const value = e.value === undefined ? "" : formatValue(e.value, { quoteStrings: true, numbers: isFloatDtype(e.dtype) ? "float" : "compact", maxLength: 160 });
  return wrap("tr", "", text("td", S.treeName, e.name) + text("td", S.treeCell, formatDims(e.shape, e.dims))
    + text("td", S.treeCell, e.dtype) + wrap("td", S.treeCell, badge(e.type)) + text("td", S.treeValue, value));
}

/** The tree below a group: subgroups first (collapsed), then a table of datasets and links. */
export function treeHtml(entries: readonly TreeEntry[], hidden: number, depth = 0, openDepth = 0): Html {
  const groups = entries.filter((e): e is GroupTreeEntry => e.kind === "group").map((g) => groupEntryHtml(g, depth, openDepth)).join("");
  const leaves = entries.filter((e): e is Exclude<TreeEntry, GroupTreeEntry> => e.kind !== "group");
  const table = leaves.length ? wrap("table", S.treeTable, wrap("tbody", "", leaves.map(leafRow).join(""))) : "";
  return groups + table + hiddenNote(hidden);
}

/** The HTML of a group or file payload (inline styles only; every string from the file escaped). */
export function groupPayloadHtml(p: GroupPayload, options: HtmlOptions = {}): Html {
  const isStore = p.kind === "store";
  const pathLine = isStore ? p.store.location ?? "" : p.path;
  const facts: Html[] = [text("span", S.strong, countsText(p.counts))];
  if (p.nodes.total > p.counts.groups + p.counts.datasets + p.counts.links) facts.push(text("span", "", `${p.nodes.total} nodes in all`));
  const nwb = p.attributes.nwb_version;
  if (isStore && typeof nwb === "string") facts.push(text("span", "", `NWB ${nwb}`));
  if (p.store.zarrFormat) facts.push(text("span", "", `Zarr v${p.store.zarrFormat}`));
  if (isStore && p.store.type) facts.push(text("span", "", p.store.type));
  const direct = p.counts.groups + p.counts.datasets + p.counts.links;
  const hiddenAll = p.nodes.total - p.nodes.shown;
  const contents = treeHtml(p.children, p.hiddenChildren, 0, options.openDepth ?? 0)
    + (hiddenAll > p.hiddenChildren ? text("div", S.note, `The listing stops at ${p.nodes.shown} of ${p.nodes.total} nodes; ${hiddenAll} are not shown.`) : "");
  const parts: Html[] = [
    header(isStore ? "File" : "Group", p.name, p.type, pathLine, facts),
    section("Contents", `(${direct})`, direct ? wrap("div", S.treeBox, contents) : text("div", S.note, "No children."), true),
    section("Attributes", `(${p.attributeCount})`, attributesBody(p.attributes, p.attributeCount), p.attributeCount > 0 && p.attributeCount <= 12, true),
  ];
  return wrap("div", S.root, parts.join(""));
}
