/**
 * Writes the rendered examples in this folder from the ecephys fixture (a Python-written NWB file,
 * Zarr v2): the HTML of a dataset and of a file, as a notebook shows them, each in a minimal page.
 * Run from the package root:  node --import tsx docs/repr/generate.ts
 * then the screenshots:       for f in dataset group; do chromium --headless --no-sandbox --disable-gpu
 *                               --hide-scrollbars --screenshot=docs/repr/$f.png --window-size=1000,800
 *                               docs/repr/$f.html; done
 */
import { statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ZarrIO, type DatasetBuilder } from "../../src/index.js";
import { toHtml } from "../../src/repr/index.js";
import { ECEPHYS_FIXTURE } from "../../test/helpers/fixture-paths.js";

const here = __dirname;
const fixture = ECEPHYS_FIXTURE;

function page(title: string, body: string, dark = false): string {
  // The dark page sets the variables JupyterLab's dark theme defines, as a notebook page would.
  const theme = dark
    ? "background: #111111; color: rgba(255, 255, 255, 0.87); --jp-content-font-color2: rgba(255, 255, 255, 0.54); " +
      "--jp-border-color2: #424242; --jp-layout-color2: #303030; --jp-brand-color1: #42a5f5; --jp-error-color1: #ef5350"
    : "background: #ffffff; color: rgba(0, 0, 0, 0.87)";
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>\n` +
    `<body style="margin: 16px; ${theme}">\n${body}\n</body></html>\n`;
}

async function main(): Promise<void> {
  const root = await new ZarrIO(fixture, "r").readBuilder();
  // A read-only view hides the local store's file sizes; give them so "bytes stored" is filled in.
  const sizeOf = async (key: string) => statSync(join(fixture, key)).size;
  const dataset = await toHtml(root.get("acquisition/ElectricalSeries/data") as DatasetBuilder, { sizeOf });
  const file = await toHtml(root, { openDepth: 1 });
  writeFileSync(join(here, "dataset.html"), page("hdmf-zarr: a dataset", dataset));
  writeFileSync(join(here, "group.html"), page("hdmf-zarr: a file (root group)", file));
  writeFileSync(join(here, "group-dark.html"), page("hdmf-zarr: a file, dark theme", file, true));
  console.log("wrote dataset.html, group.html, group-dark.html");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
