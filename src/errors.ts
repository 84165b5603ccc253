/**
 * Typed errors. Every error names the store (file or URL) and the object path inside it,
 * so a message read in a notebook or a CI log says where the problem is and what to do.
 */

/** Where an error happened: the store and the node path inside it. */
export interface ErrorLocation {
  /** The store: a local path or a URL. */
  store?: string;
  /** Node path inside the store, e.g. `/acquisition/ts/data`. */
  path?: string;
}

function locate(where: ErrorLocation): string {
  const parts: string[] = [];
  if (where.path !== undefined) parts.push(`'${where.path === "" ? "/" : where.path}'`);
  if (where.store !== undefined) parts.push(`in '${where.store}'`);
  return parts.length ? `${parts.join(" ")}: ` : "";
}

/** Base class of every error this package throws on purpose. */
export class HdmfZarrError extends Error {
  readonly store?: string;
  readonly path?: string;
  constructor(message: string, where: ErrorLocation = {}, options?: { cause?: unknown }) {
    super(locate(where) + message, options);
    this.name = new.target.name;
    this.store = where.store;
    this.path = where.path;
  }
}

/** A store could not be read or written (I/O error, HTTP failure, missing file system). */
export class StoreError extends HdmfZarrError {}

/** A key or node that must exist does not. */
export class NodeNotFoundError extends HdmfZarrError {}

/** Node metadata (`.zarray`, `.zattrs`, `zarr.json`, `.zmetadata`) is missing, corrupt or contradictory. */
export class MetadataError extends HdmfZarrError {}

/** A codec named in array metadata is not known or not supported for the asked direction. */
export class UnknownCodecError extends HdmfZarrError {}

/** A data type in array metadata is not supported. */
export class UnsupportedDtypeError extends HdmfZarrError {}

/** A chunk could not be decoded: truncated, corrupt, or of the wrong size. */
export class ChunkDecodeError extends HdmfZarrError {}

/** A write was asked of a store opened read-only, or of a store that cannot be written. */
export class ReadOnlyError extends HdmfZarrError {}

/** The store exists and the mode refuses to replace it (`w-`), or the target is not a store. */
export class StoreExistsError extends HdmfZarrError {}

/** A link or reference points to an object that does not exist. */
export class DanglingLinkError extends HdmfZarrError {}

/** A link or reference `source` leaves the folder that holds the store. */
export class LinkOutsideStoreError extends HdmfZarrError {}

/** An array is pickle-encoded and the caller did not pass `allowPickle: true`. */
export class PickleNotAllowedError extends HdmfZarrError {}

/** A pickle stream asks for a callable outside the allow-list (possible code execution). */
export class UnsafePickleError extends HdmfZarrError {}

/** A value cannot be written in the chosen format (e.g. pickle, or a type the convention lacks). */
export class UnsupportedWriteError extends HdmfZarrError {}

/** A write stopped part way; `incomplete` lists the node paths that were not fully written. */
export class IncompleteWriteError extends HdmfZarrError {
  readonly incomplete: string[];
  constructor(message: string, where: ErrorLocation, incomplete: string[], options?: { cause?: unknown }) {
    super(message, where, options);
    this.incomplete = incomplete;
  }
}

/** A selection or argument is invalid (out of bounds, wrong rank, bad mode). */
export class InvalidArgumentError extends HdmfZarrError {}

/** A schema (namespace or type specification) is malformed, incomplete, or asks for something unknown. */
export class SpecError extends HdmfZarrError {}

/**
 * A conversion (legacy Zarr v2 → v3, or back) stopped before writing because some entries of the
 * source could not be carried over; `entries` lists each one's path and why. Nothing is dropped silently.
 */
export class IncompleteConversionError extends HdmfZarrError {
  readonly entries: { path: string; reason: string }[];
  constructor(message: string, where: ErrorLocation, entries: { path: string; reason: string }[], options?: { cause?: unknown }) {
    super(message, where, options);
    this.entries = entries;
  }
}
