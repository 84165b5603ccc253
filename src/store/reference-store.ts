/**
 * A read-only store over a reference file (kerchunk JSON, LINDI `.lindi.json`): Zarr metadata and
 * small chunks come from the file itself, every other chunk is one byte-range read of the file it
 * references (an HDF5 `.nwb` file on DANDI, say), over HTTP with the HttpStore's Range requests,
 * retries and caps, or from a local file. No Node imports: Node callers pass `openLocalFile`.
 */
import { Hdf5IndexError, HdmfZarrError, ReferenceFileError, StoreNotFoundError, type ErrorLocation } from "../errors.js";
import { tighter, valueTooLarge, type ByteLimit, type GetOptions } from "./capped-read.js";
import { Hdf5ChunkIndexReader } from "./hdf5/chunk-index.js";
import type { Hdf5Limits } from "./hdf5/metadata-reader.js";
import type { HttpStoreOptions } from "./http.js";
import { checkPrefix } from "./keys.js";
import { externalArrayLink, type ExternalArrayLink } from "./lindi-external.js";
import { isChunkKey, paddedChunkSize, padWithZeros, zarrayKeyOf } from "./lindi-padding.js";
import { readLindiTar, type TarMember } from "./lindi-tar.js";
import type { RangeReader } from "./range-reader.js";
import { resolveRange } from "./range.js";
import {
  inlineBytes, inlineSize, parseReferenceFile, type ParseReferenceOptions, type ReferenceEntry, type ReferenceFormat, type ReferenceSet,
} from "./reference-spec.js";
import { resolveTarget, TargetReaders, type LocalFileOpener, type ReferenceFileLocation } from "./reference-targets.js";
import type { ReadableStore, StoreListing } from "./types.js";

/** Options of {@link ReferenceStore}. */
export interface ReferenceStoreOptions extends ParseReferenceOptions {
  /** Options of the HTTP requests: for a remote reference file and for every remote file it references. */
  http?: HttpStoreOptions;
  /** Most bytes the reference file may hold. Default 256 MiB. */
  maxReferenceBytes?: number;
  /** Most bytes one key may read from a referenced file. Default 1 GiB. */
  maxReadBytes?: number;
  /** Reads byte ranges of local files (Node: `FileRangeReader`). Without it local targets cannot be read. */
  openLocalFile?: LocalFileOpener;
  /** Caps on reading the HDF5 chunk index of an array LINDI left in its HDF5 file (`_EXTERNAL_ARRAY_LINK`). */
  hdf5?: Partial<Hdf5Limits>;
}

export const DEFAULT_MAX_REFERENCE_BYTES = 256 << 20;
export const DEFAULT_MAX_READ_BYTES = 1 << 30;

/**
 * The reference file: the store and key it is read from, or the `.lindi.tar` archive holding it;
 * and where it is (to resolve relative URLs).
 */
export type ReferenceFileSource =
  | { store: ReadableStore; key: string; location: ReferenceFileLocation }
  | { tar: RangeReader; location: ReferenceFileLocation };

function checkBytes(name: string, value: number | undefined, fallback: number, store: string): ByteLimit {
  const bytes = value ?? fallback;
  if (typeof bytes !== "number" || !Number.isSafeInteger(bytes) || bytes < 1) {
    throw new ReferenceFileError(`option ${name} must be a whole number of bytes >= 1, got ${String(value)}`, { store });
  }
  return { bytes, option: name };
}

/**
 * A read-only store whose keys and bytes a reference file defines. The file is read (under
 * `maxReferenceBytes`) on first use. Reference URLs are resolved relative to the reference file;
 * a remote reference file may only point to remote files.
 */
export class ReferenceStore implements ReadableStore {
  readonly description: string;
  private readonly location: ReferenceFileLocation;
  private readonly source: ReferenceFileSource;
  private readonly options: ReferenceStoreOptions;
  private readonly maxFile: ByteLimit;
  private readonly maxRead: ByteLimit;
  private readonly targets: TargetReaders;
  private loaded?: Promise<ReferenceSet>;
  /** The files of a `.lindi.tar` archive, which `./name` references point into. */
  private tarMembers?: Map<string, TarMember>;
  private folders?: Map<string, { keys: Set<string>; prefixes: Set<string> }>;
  /** Padded chunk size of each array (by `.zarray` key) of a LINDI file; undefined: no padding. */
  private readonly padding = new Map<string, number | undefined>();
  /** The `_EXTERNAL_ARRAY_LINK` of each array (by `.zarray` key) of a LINDI file; undefined: none. */
  private readonly externalLinks = new Map<string, ExternalArrayLink | undefined>();
  /** The chunk indexes of each HDF5 file such links point into. */
  private readonly hdf5Files = new Map<RangeReader, Hdf5ChunkIndexReader>();

  constructor(source: ReferenceFileSource, options: ReferenceStoreOptions = {}) {
    this.source = source;
    this.location = source.location;
    this.description = source.location.remote ? source.location.url.split("?")[0] : source.location.path;
    this.options = options;
    this.maxFile = checkBytes("maxReferenceBytes", options.maxReferenceBytes, DEFAULT_MAX_REFERENCE_BYTES, this.description);
    this.maxRead = checkBytes("maxReadBytes", options.maxReadBytes, DEFAULT_MAX_READ_BYTES, this.description);
    this.targets = new TargetReaders(options.http, options.openLocalFile);
  }

  /** A store over reference-file text already in memory; `location` is where relative URLs start. */
  static fromText(text: string, location: ReferenceFileLocation, options: ReferenceStoreOptions = {}): ReferenceStore {
    const store = new ReferenceStore({ store: { description: "", get: async () => undefined }, key: "", location }, options);
    const set = parseReferenceFile(text, store.description, options);
    store.loaded = Promise.resolve(set);
    return store;
  }

  /** The parsed reference file (read on first use). */
  references(): Promise<ReferenceSet> {
    this.loaded ??= this.load().catch((e: unknown) => {
      this.loaded = undefined;
      throw e;
    });
    return this.loaded;
  }

  /** What wrote the reference file, as its content tells: kerchunk (spec 0 or 1) or LINDI. */
  async format(): Promise<ReferenceFormat> {
    return (await this.references()).format;
  }

  private async load(): Promise<ReferenceSet> {
    if ("tar" in this.source) {
      const tar = await readLindiTar(this.source.tar, this.maxFile);
      this.tarMembers = tar.members;
      return parseReferenceFile(tar.text, this.description, this.options);
    }
    const { store, key } = this.source;
    const bytes = await store.get(key, { limit: this.maxFile });
    if (bytes === undefined) throw new StoreNotFoundError("the reference file does not exist", { store: this.description });
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (e) {
      throw new ReferenceFileError("not a reference file: the bytes are not UTF-8 text", { store: this.description }, { cause: e });
    }
    return parseReferenceFile(text, this.description, this.options);
  }

  async get(key: string, options: GetOptions = {}): Promise<Uint8Array | undefined> {
    const set = await this.references();
    const entry = await this.entryOf(key, set);
    if (!entry) return undefined;
    const where = { store: this.description, path: key };
    const limit = tighter(this.maxRead, options.limit);
    if (entry.kind === "inline" || entry.kind === "json") {
      const bytes = inlineBytes(entry, where);
      if (bytes.byteLength > limit.bytes) throw valueTooLarge(`'${key}'`, bytes.byteLength, limit, where);
      return bytes;
    }
    const size = await this.sizeOf(key, entry, set);
    if (size > limit.bytes) throw valueTooLarge(`'${key}'`, size, limit, where);
    return this.read(key, entry, 0, size);
  }

  async getRange(key: string, offset: number, length?: number): Promise<Uint8Array | undefined> {
    const set = await this.references();
    const entry = await this.entryOf(key, set);
    if (!entry) return undefined;
    const where = { store: this.description, path: key };
    if (entry.kind === "inline" || entry.kind === "json") {
      const bytes = inlineBytes(entry, where);
      const { start, end } = resolveRange(bytes.byteLength, offset, length);
      return bytes.subarray(start, end);
    }
    const { start, end } = resolveRange(await this.sizeOf(key, entry, set), offset, length);
    if (end - start > this.maxRead.bytes) throw valueTooLarge(`the asked range of '${key}'`, end - start, this.maxRead, where);
    return this.read(key, entry, start, end - start);
  }

  async has(key: string): Promise<boolean> {
    const set = await this.references();
    return (await this.entryOf(key, set)) !== undefined;
  }

  async getSize(key: string): Promise<number | undefined> {
    const set = await this.references();
    const entry = await this.entryOf(key, set);
    if (!entry) return undefined;
    return entry.kind === "inline" || entry.kind === "json" ? inlineSize(entry) : this.sizeOf(key, entry, set);
  }

  async list(prefix: string): Promise<StoreListing> {
    const folder = checkPrefix(prefix, this.description).join("/");
    const found = (await this.folderIndex()).get(folder);
    return { keys: [...(found?.keys ?? [])].sort(), prefixes: [...(found?.prefixes ?? [])].sort() };
  }

  async close(): Promise<void> {
    await this.targets.close();
    await ("tar" in this.source ? this.source.tar.close?.() : this.source.store.close?.());
  }

  /**
   * The reference of `key`: from the file, or, for a chunk of an array LINDI left in its HDF5 file
   * (`_EXTERNAL_ARRAY_LINK`), where the HDF5 file's chunk index says the chunk is (undefined for a
   * chunk never written: it reads as the fill value). Such chunks are not listed by `list()`.
   */
  private async entryOf(key: string, set: ReferenceSet): Promise<ReferenceEntry | undefined> {
    const entry = set.refs.get(key);
    if (entry !== undefined || set.format !== "lindi" || !isChunkKey(key)) return entry;
    const link = this.externalLink(key, set);
    if (link === undefined) return undefined;
    const where = { store: this.description, path: key };
    const { reader } = this.target(key, link.url);
    let file = this.hdf5Files.get(reader);
    if (!file) this.hdf5Files.set(reader, (file = new Hdf5ChunkIndexReader(reader, this.options.hdf5)));
    const index = await file.chunkIndex(link.name);
    const hdf5 = { store: reader.description, path: index.dataset };
    if (index.chunkShape.join() !== link.chunks.join()) {
      throw new Hdf5IndexError(`the HDF5 chunk shape [${index.chunkShape.join(", ")}] differs from the chunk shape [${link.chunks.join(", ")}] of '${key}' in '${this.description}'`, hdf5);
    }
    const coords = key.slice(key.lastIndexOf("/") + 1).split(".").map(Number);
    if (coords.length !== link.chunks.length) throw new ReferenceFileError(`the chunk key has ${coords.length} coordinates for an array of ${link.chunks.length} dimensions`, where);
    const chunk = index.lookup(coords);
    if (chunk === undefined) return undefined;
    if (chunk.filterMask !== 0) {
      throw new Hdf5IndexError(`chunk [${coords.join(", ")}] skipped some of the dataset's filters (filter mask ${chunk.filterMask}): its bytes cannot be decoded with the array's codecs`, hdf5);
    }
    return { kind: "range", url: link.url, offset: chunk.offset, length: chunk.length };
  }

  /** The external array link of the array holding chunk `key`, read once per array. */
  private externalLink(key: string, set: ReferenceSet): ExternalArrayLink | undefined {
    const zarrayKey = zarrayKeyOf(key);
    if (!this.externalLinks.has(zarrayKey)) {
      const folder = zarrayKey.slice(0, -".zarray".length);
      const where = { store: this.description, path: folder + ".zattrs" };
      this.externalLinks.set(zarrayKey, externalArrayLink(this.docText(folder + ".zattrs", set), this.docText(zarrayKey, set), where));
    }
    return this.externalLinks.get(zarrayKey);
  }

  /** The text of a metadata document held in the reference file. */
  private docText(key: string, set: ReferenceSet): string | undefined {
    const doc = set.refs.get(key);
    return doc?.kind === "json" || (doc?.kind === "inline" && !doc.base64) ? doc.text : undefined;
  }

  /** Every folder's keys and child folders, built once from the keys of the file. */
  private async folderIndex(): Promise<Map<string, { keys: Set<string>; prefixes: Set<string> }>> {
    if (this.folders) return this.folders;
    const folders = new Map<string, { keys: Set<string>; prefixes: Set<string> }>();
    const folder = (path: string) => {
      let f = folders.get(path);
      if (!f) folders.set(path, (f = { keys: new Set(), prefixes: new Set() }));
      return f;
    };
    for (const key of (await this.references()).refs.keys()) {
      const segments = key.split("/");
      for (let i = 0; i < segments.length; i++) {
        const parent = segments.slice(0, i).join("/");
        if (i === segments.length - 1) folder(parent).keys.add(segments[i]);
        else folder(parent).prefixes.add(segments[i]);
      }
    }
    this.folders = folders;
    return folders;
  }

  /** Size of a referenced value: its length (a short LINDI chunk: the chunk size), or the whole target's size. */
  private async sizeOf(key: string, entry: Extract<ReferenceEntry, { kind: "range" | "whole" }>, set: ReferenceSet): Promise<number> {
    if (entry.kind === "whole") {
      const { reader, size } = this.target(key, entry.url);
      return size ?? reader.size();
    }
    const padded = this.paddedSize(key, set);
    return padded !== undefined && padded > entry.length ? padded : entry.length;
  }

  private paddedSize(key: string, set: ReferenceSet): number | undefined {
    if (set.format !== "lindi" || !isChunkKey(key)) return undefined;
    const zarrayKey = zarrayKeyOf(key);
    if (!this.padding.has(zarrayKey)) {
      const text = this.docText(zarrayKey, set);
      this.padding.set(zarrayKey, text === undefined ? undefined : paddedChunkSize(text));
    }
    return this.padding.get(zarrayKey);
  }

  /**
   * The reader of a reference URL, and where the value starts in it: `./name` in a `.lindi.tar`
   * is a file of the archive itself (its offset and size), anything else a file of its own.
   */
  private target(key: string, url: string): { reader: RangeReader; offset: number; size?: number } {
    const where = { store: this.description, path: key };
    if (this.tarMembers && "tar" in this.source && url.startsWith("./")) {
      const member = this.tarMembers.get(url.slice(2));
      if (!member) throw new ReferenceFileError(`the archive holds no file '${url.slice(2)}'`, where);
      return { reader: this.source.tar, offset: member.offset, size: member.size };
    }
    return { reader: this.targets.reader(resolveTarget(url, this.location, where), where), offset: 0 };
  }

  /** `length` bytes from `start` of a referenced value; bytes past a short LINDI chunk's end are zeros. */
  private async read(key: string, entry: Extract<ReferenceEntry, { kind: "range" | "whole" }>, start: number, length: number): Promise<Uint8Array> {
    const where: ErrorLocation = { store: this.description, path: key };
    const { reader, offset, size } = this.target(key, entry.url);
    const real = entry.kind === "range" ? entry.length : length + start;
    const inFile = Math.max(0, Math.min(length, real - start));
    const base = offset + (entry.kind === "range" ? entry.offset : 0);
    if (size !== undefined && entry.kind === "range" && entry.offset + entry.length > size) {
      throw new ReferenceFileError(`the reference ends past the end of '${entry.url}' in the archive (${size} bytes)`, where);
    }
    let bytes: Uint8Array;
    try {
      bytes = inFile === 0 ? new Uint8Array(0) : await reader.read(base + start, inFile);
    } catch (e) {
      if (!(e instanceof HdmfZarrError)) throw e;
      const what = `${inFile} bytes at offset ${base + start} of '${reader.description}'`;
      throw new ReferenceFileError(`cannot read ${what}: ${e.message}`, where, { cause: e });
    }
    return inFile < length ? padWithZeros(bytes, length) : bytes;
  }
}
