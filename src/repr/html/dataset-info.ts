/**
 * `generateDatasetHtml(array)`: the info table Python hdmf-zarr's `ZarrIO.generate_dataset_html`
 * shows (Type, Zarr format, Data type, …, Chunks initialized) plus a small data preview. The
 * storage rows come from listing the array's keys and their sizes; no chunk is read for them.
 */
import { shapeOf } from "../../data/index.js";
import { DatasetBuilder } from "../../format/builders.js";
import { ZarrDataset } from "../../format/zarr-dataset.js";
import { ZarrArray } from "../../zarr/array.js";
import { arrayFacts, storeType, type ArrayFactsOptions } from "../payload/array-facts.js";
import { isFloatDtype } from "./dataset.js";
import { keyValueTable, previewBody, text, wrap } from "./parts.js";
import { arrayInfoRows } from "../text/info-rows.js";
import { memoryPreview, readPreview, type PreviewOptions } from "../payload/preview.js";
import { S } from "./theme.js";

/** Options of {@link generateDatasetHtml}. */
export interface DatasetHtmlOptions extends ArrayFactsOptions, PreviewOptions {
  /** Add the data preview below the table (default true). */
  preview?: boolean;
}

function titled(title: string, path: string | null, body: string): string {
  const head = wrap("div", S.header, text("span", S.name, title) + (path ? text("div", S.path, path) : ""));
  return wrap("div", S.root, head + wrap("div", S.lastSection, body));
}

/**
 * The info table and a data preview of a Zarr array (or the array behind a ZarrDataset or a
 * DatasetBuilder read from a file). Anything else (values in memory) gets the title
 * "Array (not a Zarr array)", an empty table and a preview, as in the Python version.
 */
export async function generateDatasetHtml(array: unknown, options: DatasetHtmlOptions = {}): Promise<string> {
  const source = array instanceof DatasetBuilder ? array.data : array;
  const wantPreview = options.preview !== false;
  if (source instanceof ZarrArray || source instanceof ZarrDataset) {
    const zarr = source instanceof ZarrDataset ? source.array : source;
    const facts = await arrayFacts(zarr, options);
    const store = { location: zarr.store.description, zarrFormat: zarr.metadata.zarrFormat, type: storeType(zarr.store) };
    let body = keyValueTable(arrayInfoRows(facts, store), undefined, "data-info");
    if (wantPreview) body += previewBody(await readPreview(source, options), source.shape, isFloatDtype(facts.dataType));
    return titled("Zarr array", "/" + zarr.path, body);
  }
  let body = keyValueTable([], undefined, "data-info");
  if (wantPreview && source !== undefined) body += previewBody(memoryPreview(source, options), shapeOf(source), false);
  return titled("Array (not a Zarr array)", null, body);
}
