/**
 * The settings of one export, from its checked options: `linkData` from the options or from
 * `writeArgs` (hdmf's place for it), and what goes to the write of the new file.
 */
import { InvalidOptionError } from "../errors.js";
import { checkOptions } from "../options.js";
import {
  EXPORT_WRITE_ARGS, UNSUPPORTED_EXPORT_WRITE_ARGS, type ExportOptions, type ExportWriteArgs, type ZarrFile,
} from "./export-contract.js";
import type { ParallelWriteOptions } from "./parallel/write-jobs.js";

/** What an export does, once its options are checked. */
export interface ExportSettings {
  /** hdmf-zarr's default is true (link or copy by the three cases); false copies every array. */
  linkData: boolean;
  /** Whether `linkData` was given (an HDF5 source refuses an explicit true). */
  linkDataGiven: boolean;
  cacheSpec: boolean;
  /** Options of the write of the new file. */
  write: { linkData: boolean; consolidateMetadata?: boolean } & ParallelWriteOptions;
}

/** Check `writeArgs` and settle `linkData`: given in both places, the two must agree. */
export function exportSettings(dest: Pick<ZarrFile, "path">, options: ExportOptions): ExportSettings {
  const call = `${dest.constructor.name}.export()`; // NWBZarrIO.export() or ZarrIO.export(), as the caller wrote it
  const writeArgs = checkOptions<ExportWriteArgs>(options.writeArgs, EXPORT_WRITE_ARGS, { call: `${call} option 'writeArgs'`, store: dest.path }, UNSUPPORTED_EXPORT_WRITE_ARGS);
  if (options.linkData !== undefined && writeArgs.linkData !== undefined && options.linkData !== writeArgs.linkData) {
    throw new InvalidOptionError(
      `${call}: linkData is ${options.linkData} but writeArgs.linkData is ${writeArgs.linkData}; give it once`,
      { store: dest.path }, "linkData", ["linkData", "writeArgs"],
    );
  }
  const given = options.linkData ?? writeArgs.linkData;
  const linkData = given ?? true;
  return {
    linkData,
    linkDataGiven: given !== undefined,
    cacheSpec: options.cacheSpec !== false,
    write: { linkData, consolidateMetadata: options.consolidateMetadata, numberOfJobs: options.numberOfJobs, maxThreadsPerProcess: options.maxThreadsPerProcess },
  };
}
