/** The HTML repr of a dataset payload: header, attributes, data preview and the storage table. */
import { formatBytesShort, formatDims, formatShape } from "../text/format-text.js";
import { attributesBody, header, keyValueGrid, previewBody, section, text, wrap, type Html } from "./parts.js";
import { arrayInfoRows } from "../text/info-rows.js";
import type { DatasetPayload } from "../payload/types.js";
import { S } from "./theme.js";

/** `blosc(cname='lz4', …)` → `blosc`. */
function codecName(described: string): string {
  return described.replace(/\(.*$/s, "").replace(/^numcodecs\./, "");
}

/** Whether a dtype name is a floating-point type (previews then print `1.0`, not `1`). */
export function isFloatDtype(dtype: string): boolean {
  return /^>?float(16|32|64)$/.test(dtype);
}

function factsLine(p: DatasetPayload): Html[] {
  const facts: Html[] = [text("span", S.strong, formatDims(p.shape, p.dims)), text("span", "", p.dtype)];
  const a = p.array;
  if (a) {
    if (a.shape.length > 0) facts.push(text("span", "", `chunks ${formatShape(a.chunkShape)}`));
    const codecs = a.compressors.map(codecName);
    if (codecs.length) facts.push(text("span", "", codecs.join(" + ")));
    if (a.nbytesStored !== null) facts.push(text("span", "", `${formatBytesShort(a.nbytesStored)} stored`));
  } else {
    facts.push(text("span", S.muted, "in memory"));
  }
  return facts;
}

/** The HTML of a dataset payload (inline styles only; every string from the file escaped). */
export function datasetHtml(p: DatasetPayload): Html {
  const parts: Html[] = [header("Dataset", p.name, p.type, p.path, factsLine(p))];
  const hasAttrs = p.attributeCount > 0;
  parts.push(section("Attributes", `(${p.attributeCount})`, attributesBody(p.attributes, p.attributeCount), hasAttrs && p.attributeCount <= 12));
  const floats = isFloatDtype(p.array?.dataType ?? p.dtype);
  if (p.preview) parts.push(section("Data", null, previewBody(p.preview, p.shape, floats), true, !p.array));
  if (p.array) {
    const where = p.store.location ? text("div", S.note, `Store: ${p.store.location}`) : "";
    parts.push(section("Storage", null, where + keyValueGrid(arrayInfoRows(p.array, p.store), 2), true, true));
  }
  return wrap("div", S.root, parts.join(""));
}
