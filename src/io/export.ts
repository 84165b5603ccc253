/**
 * Export (hdmf-zarr's `ZarrIO.export`), at the builder level: the source's builder tree is written
 * into a new file. Arrays are copied chunk by chunk (format/copy-array.ts); links and references
 * are rewritten for the new file. An HDF5 source (io/hdf5/hdf5-io.ts) goes through export-hdf5.ts;
 * whole-file conversion with its checks is convert.ts.
 *
 * zarr-io.ts imports this module, so ZarrIO appears here by its shape only (export-contract.ts).
 */
import { isAbsolute } from "node:path";
import { InvalidArgumentError } from "../errors.js";
import { DatasetBuilder, GroupBuilder, LinkBuilder } from "../format/builders.js";
import { unwrapData } from "../data/index.js";
import { walkBuilders } from "../format/walk-builders.js";
import type { CachedNamespace } from "../spec/loading/cached-namespace.js";
import { ZarrDataset } from "../format/zarr-dataset.js";
import type { ReadableStore } from "../store/types.js";
import type { ByteLimit } from "../store/capped-read.js";
import { metadataLimit } from "../zarr/limits.js";
import { ZarrDataIO } from "./zarr-data-io.js";
import type { ExportOptions, ZarrFile } from "./export-contract.js";
import { Hdf5IO } from "./hdf5/hdf5-io.js";
import { exportHdf5File } from "./export-hdf5.js";
import { markWholeFloats } from "./whole-floats.js";
import { checkSeparate } from "./destination.js";

/** Every cached version of every namespace of a file. */
async function cachedNamespaces(io: ZarrFile): Promise<CachedNamespace[]> {
  const out: CachedNamespace[] = [];
  for (const [name, versions] of await io.readSpecCache()) {
    for (const [version, documents] of versions) out.push({ name, version, documents });
  }
  return out;
}

/**
 * Prepare hdmf-zarr's link cases for a tree about to be exported with `linkData` true; returns the
 * undo. An array of the source at the builder's own path is copied; one at another path of the
 * source becomes a link inside the new file; an array of another file is left to the writer, which
 * links to it.
 */
async function applyLinkCases(src: ZarrFile, source: ReadableStore, root: GroupBuilder, linkData: boolean): Promise<() => void> {
  const undo: (() => void)[] = [];
  for (const b of walkBuilders(root)) {
    if (!(b instanceof DatasetBuilder)) continue;
    const { data, settings } = unwrapData(b.data);
    if (!(data instanceof ZarrDataset) || !(settings.linkData ?? linkData)) continue;
    if (data.array.store.description !== source.description) continue;
    const original = b.data;
    if (data.path === b.path) {
      b.data = new ZarrDataIO(data, { ...settings, linkData: false });
      undo.push(() => (b.data = original));
      continue;
    }
    const target = await src.getBuilder(data.path);
    const parent = b.parent!;
    parent.datasets.delete(b.name);
    const link = parent.setLink(new LinkBuilder(target, b.name));
    undo.push(() => {
      parent.links.delete(link.name);
      parent.datasets.set(b.name, b);
    });
  }
  return () => undo.reverse().forEach((f) => f());
}

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
 * Write the whole file of `src` into `dest` (hdmf-zarr's `ZarrIO.export` of a full file); called by
 * `ZarrIO.export`, which passes the source's (open) store. The source's builders are left as they were.
 */
export async function exportFile(
  dest: ZarrFile, src: ZarrFile | Hdf5IO, options: ExportOptions, sourceStore: ReadableStore | undefined, sourceMetadataLimit: ByteLimit = metadataLimit({}),
): Promise<void> {
  checkExport(dest, src);
  if (src instanceof Hdf5IO) return exportHdf5File(dest, src, options);
  if (!sourceStore) throw new InvalidArgumentError("the source's store is not open", { store: src.path });
  const linkData = options.linkData ?? true;
  const root = await src.readBuilder();
  const cacheSpec = options.cacheSpec === false ? undefined : await cachedNamespaces(src);
  const saved = walkBuilders(root).map((b) => [b, b.source, b.written] as const);
  const undoFloats = await markWholeFloats(sourceStore, src.zarrFormat, root, sourceMetadataLimit);
  let undoLinks = () => {};
  try {
    undoLinks = await applyLinkCases(src, sourceStore, root, linkData);
    await dest.writeBuilder(root, { linkData, cacheSpec, consolidateMetadata: options.consolidateMetadata });
  } finally {
    undoLinks();
    undoFloats();
    for (const [b, source, written] of saved) ((b.source = source), (b.written = written));
  }
}
