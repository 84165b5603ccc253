/**
 * What an export takes: its options, and the Zarr files it reads and writes. ZarrIO is named here
 * by its shape only, because zarr-io.ts imports the export modules: an import back (types
 * included) would be a loop.
 */
import type { BuildManager } from "../build/build-manager.js";
import type { Container } from "../build/container.js";
import type { DatasetBuilder, GroupBuilder } from "../format/builders.js";
import type { SpecCache } from "../format/spec-cache.js";
import type { CachedNamespace } from "../spec/loading/cached-namespace.js";
import type { ZarrFormat } from "../zarr/metadata-types.js";
import { optionNames } from "../options.js";
import type { Mode } from "./modes.js";
import type { ParallelWriteOptions } from "./parallel/write-jobs.js";

/** hdmf's `write_args` of an export: the arguments of the write of the new file. */
export interface ExportWriteArgs {
  /** As {@link ExportOptions.linkData} (give it in one place only, or the same value in both). */
  linkData?: boolean;
  /**
   * Write each data chunk iterator when its dataset is created (default true), or queue them and
   * write them round-robin once every dataset exists (hdmf-zarr's `exhaust_dci`).
   */
  exhaustDci?: boolean;
}

/** Options of `ZarrIO.export` (hdmf-zarr's `export`, in camelCase). */
export interface ExportOptions extends ParallelWriteOptions {
  /**
   * The root container to export (hdmf's `container`): read from the source with `read()` and
   * changed since (objects added, fields set or removed where the class allows). It is built
   * again and the new tree is written; datasets it still holds from the source follow the
   * `linkData` cases. Without it, the source file is exported as it is on disk.
   */
  container?: Container;
  /** Arguments of the write of the new file (hdmf's `write_args`): `{ linkData, exhaustDci }`. */
  writeArgs?: ExportWriteArgs;
  /**
   * Rebuild every object from its container (hdmf's `clear_cache`). Without a `container`, the
   * source is read as containers (`read()`) and those are exported, as hdmf does; with one, every
   * builder is made anew, which is what this package always does.
   */
  clearCache?: boolean;
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
export const EXPORT_OPTIONS = optionNames<ExportOptions>({
  container: true, writeArgs: true, clearCache: true, linkData: true, cacheSpec: true, consolidateMetadata: true,
  numberOfJobs: true, maxThreadsPerProcess: true,
});

/** The keys of {@link ExportWriteArgs}. */
export const EXPORT_WRITE_ARGS = optionNames<ExportWriteArgs>({ linkData: true, exhaustDci: true });

/** Arguments of hdmf-zarr's / pynwb's `export` with no counterpart here, and what to do instead. */
export const UNSUPPORTED_EXPORT_OPTIONS = {
  nwbfile: "`nwbfile` is NWBZarrIO.export()'s name for the container; ZarrIO.export() takes `container`",
  multiprocessingContext: "parallel writes use worker threads, not processes: there is no context to choose; pass numberOfJobs",
};

/** Keys of hdmf-zarr's `write_args` with no counterpart in `writeArgs`, and what to do instead. */
export const UNSUPPORTED_EXPORT_WRITE_ARGS = {
  exportSource: "export sets the export source itself",
  consolidateMetadata: "hdmf-zarr replaces it with export's own consolidate_metadata: pass consolidateMetadata to export()",
  numberOfJobs: "it is an option of export() itself, as number_of_jobs is of hdmf-zarr's export: pass export(src, { numberOfJobs })",
  maxThreadsPerProcess: "it is an option of export() itself, as max_threads_per_process is of hdmf-zarr's export: pass export(src, { maxThreadsPerProcess })",
};

/** What an export uses of a Zarr file (a ZarrIO), as its source or its destination. */
export interface ZarrFile {
  readonly path: string;
  readonly mode: Mode;
  readonly abspath: string;
  readonly zarrFormat: ZarrFormat;
  /** The manager its containers were read with, if any. */
  readonly manager: BuildManager | undefined;
  isRemote(): boolean;
  read(): Promise<Container>;
  readBuilder(): Promise<GroupBuilder>;
  getBuilder(path: string): Promise<GroupBuilder | DatasetBuilder>;
  readSpecCache(): Promise<SpecCache>;
  writeBuilder(root: GroupBuilder, options: { linkData?: boolean; cacheSpec?: CachedNamespace[]; consolidateMetadata?: boolean; exhaustDci?: boolean } & ParallelWriteOptions): Promise<void>;
}
