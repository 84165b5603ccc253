/**
 * Export (hdmf-zarr's `ZarrIO.export`): the source's builder tree, or the tree built again from a
 * container read from the source and changed since (export-container.ts), is written into a new
 * file. Arrays are copied chunk by chunk (format/copy-array.ts), on worker threads with
 * `numberOfJobs` (io/parallel/copy-sink.ts); links and references are rewritten for the new
 * file. An HDF5 source (io/hdf5/hdf5-io.ts) goes through export-hdf5.ts; whole-file conversion
 * with its checks is convert.ts.
 *
 * zarr-io.ts imports this module, so ZarrIO appears here by its shape only (export-contract.ts).
 */
import { isAbsolute } from "node:path";
import { InvalidArgumentError, InvalidOptionError } from "../errors.js";
import { walkBuilders } from "../format/walk-builders.js";
import type { ReadableStore } from "../store/types.js";
import type { ByteLimit } from "../store/capped-read.js";
import { metadataLimit } from "../zarr/limits.js";
import { EXPORT_OPTIONS, type ExportOptions, type ZarrFile } from "./export-contract.js";
import { exportSettings, type ExportSettings } from "./export-settings.js";
import { exportContainer } from "./export-container.js";
import { applyLinkCases } from "./export-link-cases.js";
import { cachedNamespaces } from "./export-spec-cache.js";
import { Hdf5IO } from "./hdf5/hdf5-io.js";
import { exportHdf5File } from "./export-hdf5.js";
import { markWholeFloats } from "./whole-floats.js";
import { checkSeparate } from "./destination.js";

/** Refuse an export hdmf-zarr refuses: a destination not open in mode `w`, or a file into itself. */
export function checkExport(dest: ZarrFile, src: ZarrFile | Hdf5IO): void {
  if (dest.mode !== "w") {
    throw new InvalidArgumentError(`cannot export into a file opened in mode '${dest.mode}'; open it with mode 'w'`, { store: dest.path });
  }
  if (dest === src || dest.abspath === src.abspath) {
    throw new InvalidArgumentError("cannot export a file into itself", { store: dest.path });
  }
}

/** Whether a file is on the local file system (not a URL or an in-memory store). */
export const isLocal = (io: ZarrFile | Hdf5IO): boolean => io instanceof Hdf5IO || (!io.isRemote() && isAbsolute(io.abspath));

/**
 * Every check of an export before either file is opened: those of {@link checkExport}, and a
 * destination that is, contains or lies inside the source (real paths) is a DestinationOverlapError.
 */
export async function checkExportTarget(dest: ZarrFile, src: ZarrFile | Hdf5IO): Promise<void> {
  checkExport(dest, src);
  if (isLocal(dest) && isLocal(src)) await checkSeparate(src.abspath, dest.abspath);
}

/**
 * Write the file of `src` into `dest` (hdmf-zarr's `ZarrIO.export`); called by `ZarrIO.export`,
 * which passes the source's (open) store. Without a container the source's builder tree is written
 * as it is on disk, and its builders are left as they were; with one (or with `clearCache`, which
 * reads the source's root container) the container is built again and that tree is written.
 */
export async function exportFile(
  dest: ZarrFile, src: ZarrFile | Hdf5IO, options: ExportOptions, sourceStore: ReadableStore | undefined, sourceMetadataLimit: ByteLimit = metadataLimit({}),
): Promise<void> {
  checkExport(dest, src);
  const settings = exportSettings(dest, options);
  if ((settings.write.numberOfJobs ?? 1) > 1 && !isLocal(dest)) {
    throw new InvalidOptionError(
      `numberOfJobs ${settings.write.numberOfJobs} needs a destination in a local folder (its workers write there), not '${dest.abspath}': ` +
        "export without numberOfJobs, or into a local folder",
      { store: dest.path }, "numberOfJobs", EXPORT_OPTIONS,
    );
  }
  if (src instanceof Hdf5IO) {
    if (options.container !== undefined || options.clearCache) {
      throw new InvalidArgumentError(
        "containers are not read from HDF5 files here, so only the whole HDF5 file is exported: drop `container` and `clearCache`, " +
          "or convert the file first (convert(path, \"copy.nwb.zarr\")) and export a container read from the copy",
        { store: src.path },
      );
    }
    return exportHdf5File(dest, src, settings);
  }
  if (!sourceStore) throw new InvalidArgumentError("the source's store is not open", { store: src.path });
  // hdmf: clearing the cache without a container exports the source read as containers.
  const container = options.container ?? (options.clearCache ? await src.read() : undefined);
  if (container !== undefined) return exportContainer(dest, src, container, settings, sourceStore);
  await exportTree(dest, src, settings, sourceStore, sourceMetadataLimit);
}

/** Write the source's builder tree as it is on disk; its builders are left as they were. */
async function exportTree(dest: ZarrFile, src: ZarrFile, settings: ExportSettings, sourceStore: ReadableStore, sourceMetadataLimit: ByteLimit): Promise<void> {
  const { linkData } = settings;
  const root = await src.readBuilder();
  const cacheSpec = settings.cacheSpec ? await cachedNamespaces(src) : undefined;
  const saved = walkBuilders(root).map((b) => [b, b.source, b.written] as const);
  const undoFloats = await markWholeFloats(sourceStore, src.zarrFormat, root, sourceMetadataLimit);
  let undoLinks = () => {};
  try {
    undoLinks = await applyLinkCases(sourceStore, root, linkData, (path) => src.getBuilder(path));
    await dest.writeBuilder(root, { ...settings.write, cacheSpec });
  } finally {
    undoLinks();
    undoFloats();
    for (const [b, source, written] of saved) ((b.source = source), (b.written = written));
  }
}
