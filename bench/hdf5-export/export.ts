/**
 * Our export of an NWB HDF5 file to Zarr (Hdf5IO → ZarrIO.export), timed.
 * Usage: node --import tsx bench/hdf5-export/export.ts SRC.nwb DST.nwb.zarr   (prints {"seconds", "max_rss_kb"})
 */
import { rmSync } from "node:fs";
import { Hdf5IO, ZarrIO } from "../../src/index.js";

async function main(): Promise<void> {
  const [src, dst] = process.argv.slice(2);
  rmSync(dst, { recursive: true, force: true });
  const start = performance.now();
  const source = new Hdf5IO(src);
  const io = new ZarrIO(dst, "w");
  await io.export(source, { linkData: false });
  await io.close();
  await source.close();
  const seconds = (performance.now() - start) / 1000;
  console.log(JSON.stringify({ seconds, max_rss_kb: process.resourceUsage().maxRSS }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
