/**
 * Writes docs/repr/nwbfile.html: the ecephys fixture read with NWBZarrIO and shown as an NWBFile
 * container (sections grouped as pynwb groups them). Run from the package root:
 *   node --import tsx docs/repr/generate-nwbfile.ts
 *   chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --screenshot=docs/repr/nwbfile.png \
 *     --window-size=1000,1400 docs/repr/nwbfile.html
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { NWBZarrIO } from "../../src/nwb/index.js";
import { toHtml } from "../../src/repr/index.js";
import { ECEPHYS_FIXTURE } from "../../test/helpers/fixture-paths.js";

const here = __dirname;
const fixture = ECEPHYS_FIXTURE;

async function main(): Promise<void> {
  const file = await NWBZarrIO.readNwb(fixture, { allowPickle: true });
  const body = await toHtml(file);
  const page = `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>hdmf-zarr: an NWBFile</title></head>\n` +
    `<body style="margin: 16px; background: #ffffff; color: rgba(0, 0, 0, 0.87)">\n${body}\n</body></html>\n`;
  writeFileSync(join(here, "nwbfile.html"), page);
  console.log("wrote nwbfile.html");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
