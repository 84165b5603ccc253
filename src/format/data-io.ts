/**
 * The contract between a dataset's data wrapper (ZarrDataIO in the I/O layer) and the writer:
 * the wrapped values plus how to store them.
 */
import type { LayoutOptions } from "./array-layout.js";

/** Storage settings of one dataset. */
export interface DataIOSettings extends LayoutOptions {
  /** When the data is an array of another file: link to it (true) or copy it (false). */
  linkData?: boolean;
}

/** Base class of data wrappers that carry storage settings. */
export abstract class DataIOBase {
  abstract readonly data: unknown;
  abstract getIoSettings(): DataIOSettings;
}

/** Split builder data into the values and the storage settings. */
export function unwrapData(data: unknown): { data: unknown; settings: DataIOSettings } {
  if (data instanceof DataIOBase) return { data: data.data, settings: data.getIoSettings() };
  return { data, settings: {} };
}
