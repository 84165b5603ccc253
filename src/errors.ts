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

/**
 * A reference file (kerchunk JSON, LINDI `.lindi.json`) is malformed, names a target it may not
 * read, or a target does not hold the bytes it promises. `store` is the reference file, `path` the
 * key concerned (when one is).
 */
export class ReferenceFileError extends StoreError {}

/**
 * The chunk index of a dataset that a LINDI reference file leaves in its HDF5 file
 * (`_EXTERNAL_ARRAY_LINK`) cannot be read: the HDF5 metadata is malformed, hostile (out-of-file
 * addresses, cycles, sizes over the caps) or of a kind not supported. `store` is the HDF5 file,
 * `path` the dataset.
 */
export class Hdf5IndexError extends ReferenceFileError {}

/** A key or node that must exist does not. */
export class NodeNotFoundError extends HdmfZarrError {}

/** The path or URL given to open names nothing: no file or folder is there. */
export class StoreNotFoundError extends NodeNotFoundError {}

/** What was found at a path that is not a Zarr store. */
export type NotAZarrStoreKind = "hdf5-file" | "file" | "folder";

/**
 * The path exists but holds no Zarr store: an HDF5 file (open it with `Hdf5IO`, or `convert` it),
 * another file, or a folder without Zarr metadata at its root. `found` says which.
 */
export class NotAZarrStoreError extends NodeNotFoundError {
  readonly found: NotAZarrStoreKind;
  constructor(message: string, where: ErrorLocation, found: NotAZarrStoreKind, options?: { cause?: unknown }) {
    super(message, where, options);
    this.found = found;
  }
}

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

/**
 * An options object holds a key the call does not know, or one it cannot honour. `option` is the
 * key, `valid` the keys the call accepts.
 */
export class InvalidOptionError extends InvalidArgumentError {
  readonly option: string;
  readonly valid: readonly string[];
  constructor(message: string, where: ErrorLocation, option: string, valid: readonly string[], options?: { cause?: unknown }) {
    super(message, where, options);
    this.option = option;
    this.valid = valid;
  }
}

/**
 * An object was asked for as one type but is another (e.g. `acquisition.get(name, TimeSeries)` on
 * a Position). `actual` and `expected` are the type names.
 */
export class TypeMismatchError extends HdmfZarrError {
  readonly actual: string;
  readonly expected: string;
  constructor(message: string, where: ErrorLocation, actual: string, expected: string, options?: { cause?: unknown }) {
    super(message, where, options);
    this.actual = actual;
    this.expected = expected;
  }
}

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

/**
 * A key of a local store leads through a symbolic link out of the store's folder. Nothing outside
 * is read, written or deleted; `link` is the key of the link and `target` where it points.
 */
export class StoreEscapeError extends StoreError {
  readonly link: string;
  readonly target: string;
  constructor(message: string, where: ErrorLocation, link: string, target: string, options?: { cause?: unknown }) {
    super(message, where, options);
    this.link = link;
    this.target = target;
  }
}

/**
 * An export or conversion destination is its source, contains it, or lies inside it (compared
 * by real paths, symbolic links resolved); nothing was written or deleted.
 */
export class DestinationOverlapError extends InvalidArgumentError {
  readonly source: string;
  readonly destination: string;
  constructor(message: string, where: ErrorLocation, source: string, destination: string, options?: { cause?: unknown }) {
    super(message, where, options);
    this.source = source;
    this.destination = destination;
  }
}

/**
 * A display call (`ZarrIO.generateDatasetHtml`) was made with the display layer not loaded: the I/O
 * layer does not import it, the package entry (`hdmf-zarr`, src/index.ts) installs it.
 */
export class DisplayNotLoadedError extends HdmfZarrError {}
