/**
 * Conversion of a whole file (the `convert()` entry and `hdmf-zarr convert`): a Zarr file of either
 * convention, or an HDF5 file, written as a new Zarr file through `ZarrIO.export` (export.ts), after
 * every entry was checked to be carried over (conversion-problems.ts) and read back complete
 * before it replaces the destination.
 */
import { resolve } from "node:path";
import { rm } from "node:fs/promises";
import { IncompleteConversionError, IncompleteWriteError } from "../errors.js";
import { GroupBuilder, LinkBuilder, type DatasetBuilder } from "../format/builders.js";
import { unwrapData } from "../data/index.js";
import { walkBuilders } from "../format/walk-builders.js";
import type { ZarrDataset } from "../format/zarr-dataset.js";
import type { ZarrFormat } from "../zarr/metadata-types.js";
import { checkOptions, optionNames } from "../options.js";
import { ZarrIO } from "./zarr-io.js";
import { Hdf5IO } from "./hdf5/hdf5-io.js";
import { isLocal } from "./export.js";
import { conversionProblems, hdf5ConversionProblems, type ConversionProblem } from "./conversion-problems.js";
import { checkReplaceable, checkSeparate, destinationPath, makeParent, replaceWith, siblingTemp } from "./destination.js";

/** What a conversion wrote. */
export interface ConversionSummary {
  source: string;
  destination: string;
  /** Zarr format of the source, or "hdf5" for an HDF5 file. */
  sourceFormat: ZarrFormat | "hdf5";
  zarrFormat: ZarrFormat;
  groups: number;
  datasets: number;
  links: number;
}

/** Options of {@link convert}. */
export interface ConvertOptions {
  /** Decode pickle-coded legacy arrays (trusted files only; the decoder is allow-listed). */
  allowPickle?: boolean;
  /** Format of the new file (default 3, the current convention). */
  zarrFormat?: ZarrFormat;
  /** Replace an existing Zarr store at the destination (default false: refuse it). */
  overwrite?: boolean;
  /**
   * With `overwrite`: also replace a destination that is a file or a non-empty folder that is not
   * a Zarr store (default false: refuse it). A destination that is, contains or lies inside the
   * source is refused whatever the options.
   */
  forceOverwrite?: boolean;
  /** Read the source through symbolic links that lead out of its folder (see LocalStoreOptions). */
  followExternalSymlinks?: boolean;
}

const CONVERT_OPTIONS = optionNames<ConvertOptions>({ allowPickle: true, zarrFormat: true, overwrite: true, forceOverwrite: true, followExternalSymlinks: true });

function problemList(problems: ConversionProblem[]): string {
  return problems.map((p) => `  ${p.path}: ${p.reason}`).join("\n");
}

/** Paths of every node and link of a tree, with their kind and (datasets) shape. */
function inventory(root: GroupBuilder): Map<string, string> {
  const out = new Map<string, string>();
  for (const b of walkBuilders(root)) {
    const kind = b instanceof GroupBuilder ? "group"
      : b instanceof LinkBuilder ? `link → ${b.builder.path}`
      : `dataset [${(unwrapData((b as DatasetBuilder).data).data as ZarrDataset | undefined)?.shape?.join(", ") ?? "?"}]`;
    out.set(b.path, kind);
  }
  return out;
}

/**
 * Convert the file at `source` into a new file at `destination`, in the current convention (Zarr
 * v3) unless `zarrFormat: 2` is asked: every array copied chunk by chunk (legacy pickle/json2
 * object arrays become strings and structs, legacy scalars 0-d arrays, codecs mapped), links and
 * references rewritten, the cached specifications copied.
 *
 * Refuses to drop anything: entries that cannot be read or written (pickle without `allowPickle`,
 * unknown codecs or dtypes, attributes the writer cannot store) are all listed in one
 * IncompleteConversionError before anything is written. The destination must not be, contain or
 * lie inside the source (DestinationOverlapError); an existing one is replaced only with
 * `overwrite` (and `forceOverwrite` when it is not a Zarr store). The new file is written beside
 * the destination and moved into place once read back complete, so a conversion that fails part
 * way leaves no partial output and an existing destination as it was.
 */
export async function convert(source: string, destination: string, options: ConvertOptions = {}): Promise<ConversionSummary> {
  options = checkOptions(options, CONVERT_OPTIONS, { call: "convert()", store: source });
  // An HDF5 file (NWB .nwb) is exported the same way, its arrays read with h5wasm.
  const src = (await Hdf5IO.canRead(source))
    ? new Hdf5IO(source)
    : new ZarrIO(source, "r", { allowPickle: options.allowPickle, followExternalSymlinks: options.followExternalSymlinks });
  try {
    // The source is read before the destination is looked at: nothing is touched for a source that cannot be read.
    const root = await src.readBuilder();
    const target = resolve(destination);
    if (isLocal(src)) await checkSeparate(src.abspath, target);
    const real = await destinationPath(target);
    await checkReplaceable(real, options.overwrite ?? false, options.forceOverwrite ?? false);
    const problems = src instanceof Hdf5IO ? hdf5ConversionProblems(root) : await conversionProblems(src, root);
    if (problems.length) {
      throw new IncompleteConversionError(
        `${problems.length} entr${problems.length === 1 ? "y" : "ies"} could not be converted and would be missing from '${destination}'; nothing was written:\n${problemList(problems)}`,
        { store: src.abspath, path: "/" }, problems,
      );
    }
    await makeParent(real);
    const temp = siblingTemp(real, "convert");
    const dest = new ZarrIO(temp, "w", { zarrFormat: options.zarrFormat ?? 3 });
    try {
      await dest.export(src, { linkData: false, cacheSpec: true });
      await dest.close();
      await checkComplete(src, root, temp, options.allowPickle);
      await replaceWith(temp, real);
    } catch (e) {
      await dest.close().catch(() => undefined);
      await rm(temp, { recursive: true, force: true }).catch(() => undefined);
      if (e instanceof IncompleteConversionError) throw e;
      // The writer reports what it could not finish; the entry that failed is its cause.
      const failure = (e instanceof IncompleteWriteError && e.cause instanceof Error ? e.cause : e) as Error & { path?: string };
      throw new IncompleteConversionError(
        `conversion stopped: ${failure.message}; the partial output was removed and '${target}' was left as it was`,
        { store: src.abspath }, [{ path: failure.path ?? "/", reason: failure.message }], { cause: e },
      );
    }
    const counts = { groups: 0, datasets: 0, links: 0 };
    for (const b of walkBuilders(root)) counts[b instanceof GroupBuilder ? "groups" : b instanceof LinkBuilder ? "links" : "datasets"]++;
    const sourceFormat = src instanceof Hdf5IO ? "hdf5" : src.zarrFormat;
    return { source: src.abspath, destination: target, sourceFormat, zarrFormat: options.zarrFormat ?? 3, ...counts };
  } finally {
    await src.close();
  }
}

/** Read the new file back (metadata only): every node and link of the source must be there, same kind and shape. */
async function checkComplete(src: ZarrIO | Hdf5IO, root: GroupBuilder, destination: string, allowPickle?: boolean): Promise<void> {
  const dest = new ZarrIO(destination, "r", { allowPickle });
  try {
    const want = inventory(root);
    const got = inventory(await dest.readBuilder());
    const missing: ConversionProblem[] = [];
    for (const [path, kind] of want) {
      // The legacy convention keeps scalar references and compounds as one-element arrays.
      if (dest.zarrFormat === 2 && kind === "dataset []" && got.get(path) === "dataset [1]") continue;
      if (got.get(path) !== kind) missing.push({ path, reason: got.has(path) ? `written as ${got.get(path)}, not ${kind}` : "missing from the new file" });
    }
    if (missing.length) {
      throw new IncompleteConversionError(`the new file lacks ${missing.length} entr${missing.length === 1 ? "y" : "ies"} of the source:\n${problemList(missing)}`, { store: src.abspath, path: "/" }, missing);
    }
  } finally {
    await dest.close();
  }
}
