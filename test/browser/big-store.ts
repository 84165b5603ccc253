/**
 * A big consolidated Zarr store (v3, or v2 with `.zmetadata`), written fast: this library writes
 * one group of one dataset, and the consolidated metadata repeats those documents (groups `gNNN`
 * of datasets `dN`). Only the consolidated document is read while opening, so the other nodes need
 * no documents of their own. Shared by the store browser's scale test and its benchmark (bench/store-browser).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DatasetBuilder, GroupBuilder, ZarrIO } from "../../src/index.js";

/** Write a store of about `nodes` nodes at `path`: groups of `perGroup` datasets. Returns the node count. */
export async function writeBigStore(path: string, nodes: number, perGroup: number, zarrFormat: 2 | 3 = 3): Promise<number> {
  const io = new ZarrIO(path, "w", { zarrFormat });
  const template = new GroupBuilder("g", { datasets: [new DatasetBuilder("d", [1, 2, 3], { dtype: "int32", attributes: { unit: "n" } })], attributes: { description: "group" } });
  await io.writeBuilder(new GroupBuilder("root", { groups: [template] }));
  await io.close();
  if (zarrFormat === 2) return writeBigV2(path, nodes, perGroup);
  const rootFile = join(path, "zarr.json");
  const root = JSON.parse(readFileSync(rootFile, "utf8"));
  const group = root.consolidated_metadata.metadata["g"];
  const dataset = root.consolidated_metadata.metadata["g/d"];
  const groups = Math.max(1, Math.round((nodes - 1) / (perGroup + 1)));
  const width = String(groups - 1).length;
  const metadata: Record<string, unknown> = {};
  for (let g = 0; g < groups; g++) {
    const name = `g${String(g).padStart(width, "0")}`;
    metadata[name] = { ...group, attributes: { description: `group ${g}` } };
    for (let d = 0; d < perGroup; d++) metadata[`${name}/d${d}`] = { ...dataset, shape: [3] };
  }
  root.consolidated_metadata.metadata = metadata;
  writeFileSync(rootFile, JSON.stringify(root));
  return 1 + groups + groups * perGroup;
}

/** The v2 form: `.zmetadata` lists each group's `.zgroup` and `.zattrs`, each dataset's `.zarray` and `.zattrs`. */
function writeBigV2(path: string, nodes: number, perGroup: number): number {
  const file = join(path, ".zmetadata");
  const doc = JSON.parse(readFileSync(file, "utf8"));
  const md = doc.metadata;
  const groups = Math.max(1, Math.round((nodes - 1) / (perGroup + 1)));
  const width = String(groups - 1).length;
  const metadata: Record<string, unknown> = { ".zgroup": md[".zgroup"], ".zattrs": md[".zattrs"] };
  for (let g = 0; g < groups; g++) {
    const name = `g${String(g).padStart(width, "0")}`;
    metadata[`${name}/.zgroup`] = md["g/.zgroup"];
    metadata[`${name}/.zattrs`] = { description: `group ${g}` };
    for (let d = 0; d < perGroup; d++) {
      metadata[`${name}/d${d}/.zarray`] = md["g/d/.zarray"];
      metadata[`${name}/d${d}/.zattrs`] = md["g/d/.zattrs"];
    }
  }
  doc.metadata = metadata;
  writeFileSync(file, JSON.stringify(doc));
  return 1 + groups + groups * perGroup;
}
