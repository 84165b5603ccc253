/**
 * `hdmf-zarr convert OLD NEW [--allow-pickle] [--zarr-format 2|3] [--overwrite [--force]] [--follow-external-symlinks]`: rewrite a file
 * (Zarr, or HDF5 such as an NWB `.nwb`: hdmf-zarr's export of an HDF5IO) in the current convention (Zarr v3, hdmf-zarr 0.14) or the legacy one (Zarr v2), like hdmf-zarr's
 * `NWBZarrV2IO.convert_to_v3`. Exit status 0 when converted, 1 when the file cannot be converted
 * (every entry that could not be carried over is listed; nothing is left behind), 2 on a usage mistake.
 */
import { HdmfZarrError } from "../errors.js";
import { convert } from "../io/convert.js";

const USAGE = `usage: hdmf-zarr convert OLD NEW [--allow-pickle] [--zarr-format 2|3] [--overwrite [--force]] [--follow-external-symlinks]

Writes the HDMF/NWB file OLD (Zarr of either format, or HDF5 such as an NWB .nwb file) as a new
Zarr file NEW: Zarr v3 in the convention of hdmf-zarr 0.14 (default), or Zarr v2 for hdmf-zarr <= 0.13
with --zarr-format 2. Arrays are copied chunk by chunk with their chunking and compression (HDF5
gzip becomes zlib; HDF5 filters without a Zarr codec are dropped with a warning); legacy object
arrays become strings and structs.
  --allow-pickle     decode legacy pickle-coded arrays (object references); only for files you trust
  --zarr-format N    2 or 3 (default 3)
  --overwrite        replace NEW if it is a Zarr store (NEW is written beside it and swapped in at the
                     end: a conversion that fails leaves it as it was)
  --force            with --overwrite, also replace a file or a non-empty folder that is not a Zarr store
  --follow-external-symlinks
                     read OLD through symbolic links that lead out of its folder (links you trust)
NEW must not be OLD (under any name), contain it, or lie inside it.`;

const FLAGS = ["--allow-pickle", "--overwrite", "--force", "--follow-external-symlinks"];

/** Run `convert` with its arguments (after the subcommand); resolves to the exit status. */
export async function convertCommand(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const formatAt = args.indexOf("--zarr-format");
  const formatText = formatAt >= 0 ? args[formatAt + 1] : "3";
  const rest = args.filter((_, i) => formatAt < 0 || (i !== formatAt && i !== formatAt + 1));
  const unknown = rest.filter((a) => a.startsWith("-") && !FLAGS.includes(a));
  const paths = rest.filter((a) => !a.startsWith("-"));
  if (unknown.length || paths.length !== 2 || (formatText !== "2" && formatText !== "3")) {
    const why = unknown.length ? `unknown option ${unknown[0]}` : formatText !== "2" && formatText !== "3" ? `--zarr-format must be 2 or 3, not ${formatText ?? "nothing"}` : "";
    console.error(why ? `${why}\n${USAGE}` : USAGE);
    return 2;
  }
  const [source, destination] = paths;
  const started = Date.now();
  try {
    const s = await convert(source, destination, {
      allowPickle: args.includes("--allow-pickle"), overwrite: args.includes("--overwrite"), forceOverwrite: args.includes("--force"),
      followExternalSymlinks: args.includes("--follow-external-symlinks"), zarrFormat: Number(formatText) as 2 | 3,
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const from = s.sourceFormat === "hdf5" ? "HDF5" : `Zarr v${s.sourceFormat}`;
    console.log(`${s.source} (${from}) → ${s.destination} (Zarr v${s.zarrFormat}): ${s.groups} groups, ${s.datasets} datasets, ${s.links} links in ${seconds} s`);
    return 0;
  } catch (e) {
    if (!(e instanceof HdmfZarrError)) throw e;
    console.error(`error: ${e.name}: ${e.message}`);
    return 1;
  }
}
