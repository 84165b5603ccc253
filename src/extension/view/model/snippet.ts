/** The TypeScript a notebook cell runs to open an object of the store (the copy-snippet button). */
import type { Entity } from "../../provider/data-provider.js";

/** Code that opens the store and gets the node at `entity.path` (values read lazily). */
export function openSnippet(location: string, entity: Entity, isNwb: boolean): string {
  const loc = JSON.stringify(location || "path/to/store.zarr");
  const path = JSON.stringify(entity.path);
  const isData = entity.kind === "dataset" || entity.kind === "reference";
  const imports = [isNwb ? "NWBZarrIO" : "ZarrIO", ...(isData ? ["DatasetBuilder", "ZarrDataset", "slice"] : [])];
  const lines = [`import { ${imports.join(", ")} } from "hdmf-zarr";`, ""];
  if (isNwb) {
    lines.push(`const io = new NWBZarrIO(${loc}, "r");`, "const nwbfile = await io.read();");
  } else {
    lines.push(`const io = new ZarrIO(${loc}, "r");`);
  }
  if (isData) {
    const rows = (entity.shape?.length ?? 0) > 0 ? "[slice(0, 10)]" : "[]";
    lines.push(
      `const node = (await io.getBuilder(${path})) as DatasetBuilder;`,
      `const values = await (node.data as ZarrDataset).get(${rows});`,
    );
  } else {
    lines.push(`const node = await io.getBuilder(${path});`);
  }
  return lines.join("\n");
}
