/** What the writer needs to know about the file it writes into. */
import type { ZarrHierarchy } from "../zarr/hierarchy.js";
import type { ZarrFormat } from "../zarr/metadata-types.js";
import type { Builder, GroupBuilder } from "./builders.js";

export interface WriteTreeContext {
  hierarchy: ZarrHierarchy;
  format: ZarrFormat;
  /** This store's location (for messages and relative sources). */
  source: string;
  /** The root of the tree being written: targets under it are in this file (`source: "."`). */
  root: GroupBuilder;
  /** Datasets holding arrays of other files become links (true) or copies (false). */
  linkData: boolean;
  /** `source` of a target in another file (a builder, or the file's location), relative to this store. */
  externalSource(target: Builder | string): string;
  /** Whether a builder is already on disk in this file (written earlier, or read from it). */
  isWritten(builder: Builder): boolean;
  /** Called after each node or link is written (progress, bookkeeping). */
  onWritten?(builder: Builder): void;
}
