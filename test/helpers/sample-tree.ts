/**
 * The small sample file most store-level tests write: every kind of node (chunked and text
 * datasets, a group with attributes, a soft link, a dataset of references, a reference attribute).
 */
import { DatasetBuilder, GroupBuilder, LinkBuilder, ReferenceBuilder } from "../../src/format/builders.js";
import { ZarrIO, type ZarrIOOptions } from "../../src/io/zarr-io.js";
import type { Format } from "./store-files.js";

/**
 * `/x` int32 in two chunks, `/s` text, `/g` (attributes, a link `lnk` → `/x`), `/g/y` float64,
 * `/refs` a reference dataset → `/x`, and a root attribute reference `ref` → `/x`.
 */
export function sampleTree(): GroupBuilder {
  const x = new DatasetBuilder("x", [1, 2, 3, 4, 5, 6], { dtype: "int32", chunks: [4] });
  const s = new DatasetBuilder("s", ["alpha", "beta", "gamma"], { dtype: "text" });
  const y = new DatasetBuilder("y", [1.5, -2.25], { dtype: "float64" });
  const g = new GroupBuilder("g", { datasets: [y], attributes: { note: "group g" } });
  g.setLink(new LinkBuilder(x, "lnk"));
  const refs = new DatasetBuilder("refs", [new ReferenceBuilder(x)], { dtype: "object" });
  return new GroupBuilder("root", { datasets: [x, s, refs], groups: [g], attributes: { ref: new ReferenceBuilder(x) } });
}

/** What the sample tree's datasets hold, by path. */
export const SAMPLE_VALUES: Record<string, unknown[]> = {
  "/x": [1, 2, 3, 4, 5, 6],
  "/s": ["alpha", "beta", "gamma"],
  "/g/y": [1.5, -2.25],
};

/** Write `tree` (default: the sample tree) as a new file in `dir`. */
export async function writeStore(dir: string, format: Format, tree: GroupBuilder = sampleTree(), options: ZarrIOOptions = {}): Promise<string> {
  const io = new ZarrIO(dir, "w", { ...options, zarrFormat: format });
  await io.writeBuilder(tree);
  await io.close();
  return dir;
}
