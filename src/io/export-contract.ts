/**
 * What an export takes: its options, and the Zarr files it reads and writes. ZarrIO is named here
 * by its shape only, because zarr-io.ts imports the export modules: an import back (types
 * included) would be a loop.
 */
import type { DatasetBuilder, GroupBuilder } from "../format/builders.js";
import type { SpecCache } from "../format/spec-cache.js";
import type { CachedNamespace } from "../spec/loading/cached-namespace.js";
import type { ZarrFormat } from "../zarr/metadata-types.js";
import { optionNames } from "../options.js";
import type { Mode } from "./modes.js";

/** Options of `ZarrIO.export`. */
export interface ExportOptions {
  /**
   * Datasets whose data are arrays of a file (default true): an array of another file stays a
   * link to it, an array of the source at another path becomes a link inside the new file, and an
   * array of the source at the same path is copied (hdmf-zarr's three cases). With false, every
   * array is copied.
   */
  linkData?: boolean;
  /** Copy the source's cached specifications, every version (default true). */
  cacheSpec?: boolean;
  /** Consolidate the new file's metadata (default true). */
  consolidateMetadata?: boolean;
}

/** The keys of {@link ExportOptions}. */
export const EXPORT_OPTIONS = optionNames<ExportOptions>({ linkData: true, cacheSpec: true, consolidateMetadata: true });

/** Arguments of hdmf-zarr's / pynwb's `export` with no counterpart here, and what to do instead. */
export const UNSUPPORTED_EXPORT_OPTIONS = {
  nwbfile: "export copies the source file as it is on disk; to write a changed NWBFile, use `await new NWBZarrIO(path, \"w\").write(nwbfile)`",
  container: "export copies the source file as it is on disk; to write a changed container, use `await new ZarrIO(path, \"w\").write(container)`",
  writeArgs: "pass write options to `write()` or `writeBuilder()` instead",
  clearCache: "the builders of the source are never reused by the new file, so there is no cache to clear",
};

/** What an export uses of a Zarr file (a ZarrIO), as its source or its destination. */
export interface ZarrFile {
  readonly path: string;
  readonly mode: Mode;
  readonly abspath: string;
  readonly zarrFormat: ZarrFormat;
  isRemote(): boolean;
  readBuilder(): Promise<GroupBuilder>;
  getBuilder(path: string): Promise<GroupBuilder | DatasetBuilder>;
  readSpecCache(): Promise<SpecCache>;
  writeBuilder(root: GroupBuilder, options: { linkData?: boolean; cacheSpec?: CachedNamespace[]; consolidateMetadata?: boolean }): Promise<void>;
}
