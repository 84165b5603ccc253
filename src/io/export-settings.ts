/**
 * The settings of one export, from its checked options: `linkData` from the options or from
 * `writeArgs` (hdmf's place for it), and what goes to the write of the new file.
 */
import { InvalidOptionError } from "../errors.js";
import { checkOptions } from "../options.js";
import {
  EXPORT_OPTIONS, EXPORT_WRITE_ARGS, UNSUPPORTED_EXPORT_WRITE_ARGS, type ExportOptions, type ExportWriteArgs, type ZarrFile,
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
  write: { linkData: boolean; consolidateMetadata?: boolean; exhaustDci?: boolean } & ParallelWriteOptions;
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
  // Checked here, not when the first worker starts: an export with no block to send would never look.
  for (const name of ["numberOfJobs", "maxThreadsPerProcess"] as const) {
    const value = options[name];
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
      throw new InvalidOptionError(`${call}: ${name} must be an integer >= 1, got ${String(value)}`, { store: dest.path }, name, EXPORT_OPTIONS);
    }
  }
  if (options.maxThreadsPerProcess !== undefined && (options.numberOfJobs ?? 1) === 1) {
    throw new InvalidOptionError(
      `${call}: maxThreadsPerProcess is the chunks each worker handles at once, and there are no workers without numberOfJobs > 1: ` +
        "give numberOfJobs too, or drop maxThreadsPerProcess",
      { store: dest.path }, "maxThreadsPerProcess", EXPORT_OPTIONS,
    );
  }
  const given = options.linkData ?? writeArgs.linkData;
  const linkData = given ?? true;
  return {
    linkData,
    linkDataGiven: given !== undefined,
    cacheSpec: options.cacheSpec !== false,
    write: { linkData, consolidateMetadata: options.consolidateMetadata, numberOfJobs: options.numberOfJobs, maxThreadsPerProcess: options.maxThreadsPerProcess, exhaustDci: writeArgs.exhaustDci },
  };
}
