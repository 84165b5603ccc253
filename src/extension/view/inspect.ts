/**
 * The Inspect pane: the facts of an entity (`tr[data-key=<Label>]` rows), its attributes, and its
 * link and reference targets as in-browser navigation (`a.jp-HdmfZarr-target[data-target]`, no
 * `href`: a click calls `navigate`, so no URL from a file is ever followed).
 */
import { formatBytes, formatShape } from "../../repr/text/format-text.js";
import type { DataProvider, Entity, Target } from "../provider/data-provider.js";
import { cellText, el, valueText } from "./dom.js";

/** A link to a target inside this store, or plain text for one in another file. */
export function targetLink(target: Target, navigate: (path: string) => void): HTMLElement {
  if (target.source) return el("span", "externalTarget", `${target.source}:${target.path}`);
  const a = el("a", "target", target.path);
  a.setAttribute("data-target", target.path);
  a.setAttribute("role", "link");
  a.tabIndex = 0;
  const go = (ev: Event) => {
    ev.preventDefault();
    navigate(target.path);
  };
  a.addEventListener("click", go);
  a.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") go(ev);
  });
  return a;
}

function factRow(label: string, value: string | HTMLElement): HTMLTableRowElement {
  const tr = el("tr");
  tr.setAttribute("data-key", label);
  const cell = el("td");
  if (typeof value === "string") cell.textContent = value;
  else cell.append(value);
  tr.append(el("th", "", label), cell);
  return tr;
}

/** The facts table rows of an entity. */
function facts(e: Entity, navigate: (path: string) => void): HTMLTableRowElement[] {
  const rows = [factRow("Path", e.path), factRow("Kind", e.kind)];
  if (e.type) rows.push(factRow("Type", e.type.namespace ? `${e.type.name} (${e.type.namespace})` : e.type.name));
  if (e.description) rows.push(factRow("Description", e.description));
  if (e.target) rows.push(factRow("Target", targetLink(e.target, navigate)));
  if (e.kind === "group" && e.childCount !== null) rows.push(factRow("Children", String(e.childCount)));
  if (e.shape) rows.push(factRow("Shape", formatShape(e.shape)));
  if (e.dims) rows.push(factRow("Dimensions", e.dims.map((d) => d ?? "—").join(", ")));
  if (e.dtype) rows.push(factRow("Data type", e.dtype));
  const a = e.array;
  if (a) {
    rows.push(factRow("Zarr type", a.storedDataType ? `${a.dataType} (${a.storedDataType})` : a.dataType));
    rows.push(factRow("Chunks", formatShape(a.chunks)));
    if (a.shards) rows.push(factRow("Shards", formatShape(a.shards)));
    const codecs = [...a.codecs.filters, ...(a.codecs.serializer ? [a.codecs.serializer] : []), ...a.codecs.compressors];
    rows.push(factRow("Codecs", codecs.length ? codecs.join(" → ") : "none"));
    rows.push(factRow("Fill value", cellText(a.fillValue)));
    rows.push(factRow("Order", a.order));
    rows.push(factRow("Zarr format", String(a.zarrFormat)));
    rows.push(factRow("Chunk count", String(a.chunkCount)));
    rows.push(factRow("Bytes stored", a.bytesStored === null ? "…" : formatBytes(a.bytesStored)));
    rows.push(factRow("Chunks initialized", a.chunksInitialized === null ? "…" : String(a.chunksInitialized)));
  }
  return rows;
}

/** Fill `host` with the Inspect pane of `e`; storage facts arrive later (they cost a listing). */
export function renderInspect(host: HTMLElement, e: Entity, provider: DataProvider, navigate: (path: string) => void): void {
  const table = el("table", "facts");
  const body = el("tbody");
  body.append(...facts(e, navigate));
  table.append(body);
  host.append(table);
  if (e.array && e.array.bytesStored === null) {
    void provider.getStorage(e.path).then(
      (s) => {
        const set = (key: string, text: string) => {
          const cell = body.querySelector(`tr[data-key="${key}"] > td`);
          if (cell) cell.textContent = text;
        };
        set("Bytes stored", s.bytesStored === null ? "unknown" : formatBytes(s.bytesStored));
        set("Chunks initialized", s.chunksInitialized === null ? "unknown" : String(s.chunksInitialized));
      },
      () => undefined,
    );
  }
  const names = Object.keys(e.attributes);
  host.append(el("h4", "sectionTitle", `Attributes (${names.length})`));
  const attrs = el("table", "attributes");
  const attrBody = el("tbody");
  const refs = new Map(e.references.map((r) => [r.name, r.target]));
  for (const name of names) {
    const tr = el("tr");
    tr.setAttribute("data-attribute", name);
    const value = el("td");
    const target = refs.get(name);
    if (target) value.append(targetLink(target, navigate));
    else value.textContent = valueText(e.attributes[name]);
    tr.append(el("th", "", name), value);
    attrBody.append(tr);
  }
  attrs.append(attrBody);
  host.append(attrs);
}
