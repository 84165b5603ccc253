/**
 * A read-only store over a `.zarr.zip` archive (the layout of Zarr's ZipStore: one entry per key,
 * stored or deflated). Reads through a {@link RangeReader}, so the same code serves a local file
 * (Node) and a URL (Node or browser). No Node imports: `zip-node.ts` adds the Node parts.
 */
import { InvalidArgumentError, StoreError } from "../errors.js";
import { inflateCapped } from "./capped-inflate.js";
import { tighter, valueTooLarge, type ByteLimit, type GetOptions } from "./capped-read.js";
import { crc32 } from "./crc32.js";
import { checkKey, checkPrefix } from "./keys.js";
import type { RangeReader } from "./range-reader.js";
import { resolveRange } from "./range.js";
import type { ReadableStore, StoreListing } from "./types.js";
import { readZipDirectory, type ZipEntry } from "./zip-directory.js";

/**
 * Inflates raw deflate data (no zlib or gzip header) that should come to `expectedSize` bytes.
 * May stop once it has more than `expectedSize` bytes; the store checks the size.
 */
export type InflateRaw = (data: Uint8Array, expectedSize: number) => Promise<Uint8Array>;

/** Options of {@link ZipStore}. */
export interface ZipStoreOptions {
  /** The raw-deflate decoder. Default: `DecompressionStream("deflate-raw")` (browsers, Node ≥ 20). */
  inflateRaw?: InflateRaw;
  /** Check each whole entry read against its CRC-32, as Python's zipfile does. Default true. */
  verifyCrc?: boolean;
  /**
   * Most bytes one entry may hold once inflated (and the most the central directory may take);
   * a larger one is a StoreError before any of it is read. Default 1 GiB. Readers ask for less
   * where they know better (metadata, chunks).
   */
  maxEntryBytes?: number;
}

/** Default of {@link ZipStoreOptions.maxEntryBytes}. */
export const DEFAULT_MAX_ENTRY_BYTES = 1 << 30;

const LOCAL_HEADER_SIG = 0x04034b50;
const LOCAL_HEADER_SIZE = 30;
const METHOD_NAMES: Record<number, string> = { 12: "bzip2", 14: "lzma", 93: "zstd", 95: "xz", 98: "ppmd", 99: "AES encryption" };

/** The central directory arranged for look-ups. */
interface Index {
  fileSize: number;
  directoryOffset: number;
  files: Map<string, ZipEntry>;
  /** Folder ("" for the root) → its direct keys and child folders. */
  folders: Map<string, { keys: Set<string>; prefixes: Set<string> }>;
}

/** Whether `name` can be a store key; entries with absolute or `..` names are not reachable. */
function isKey(name: string): boolean {
  try {
    checkKey(name, "");
    return true;
  } catch {
    return false;
  }
}

function buildIndex(directory: { fileSize: number; directoryOffset: number; entries: ZipEntry[] }): Index {
  const files = new Map<string, ZipEntry>();
  const folders: Index["folders"] = new Map([["", { keys: new Set(), prefixes: new Set() }]]);
  const folder = (path: string) => {
    let f = folders.get(path);
    if (!f) folders.set(path, (f = { keys: new Set(), prefixes: new Set() }));
    return f;
  };
  for (const entry of directory.entries) {
    const isFolder = entry.name.endsWith("/");
    const name = isFolder ? entry.name.slice(0, -1) : entry.name;
    if (!isKey(name)) continue;
    // A later entry of the same name wins, as in Python's zipfile.
    if (!isFolder) files.set(name, entry);
    const segments = name.split("/");
    for (let i = 0; i < segments.length; i++) {
      const parent = segments.slice(0, i).join("/");
      const isLast = i === segments.length - 1;
      if (isLast && !isFolder) folder(parent).keys.add(segments[i]);
      else folder(parent).prefixes.add(segments[i]);
    }
  }
  return { fileSize: directory.fileSize, directoryOffset: directory.directoryOffset, files, folders };
}

/**
 * {@link InflateRaw} with the web streams API. It stops one byte past the expected size: the
 * store then reports the mismatch without the entry having inflated any further.
 */
export const inflateRawWithStreams: InflateRaw = (data, expectedSize) => inflateCapped("deflate-raw", data, expectedSize + 1, "truncate");

/** Deflate adds at most 5 bytes per 16 KiB stored block (RFC 1951): the most a deflated entry can take. */
function deflatedBound(size: number): number {
  return size + 5 * Math.ceil(size / 16384) + 64;
}

/**
 * A read-only store over a ZIP archive. The central directory is read once, on first use; stored
 * entries are read by range, deflated ones are inflated whole. Supports ZIP64 and archives with
 * bytes prepended; refuses encrypted entries and other compression methods with a StoreError.
 */
export class ZipStore implements ReadableStore {
  readonly description: string;
  private readonly inflateRaw: InflateRaw;
  private readonly verifyCrc: boolean;
  private readonly maxEntry: ByteLimit;
  private index?: Promise<Index>;
  /** Absolute offset of each entry's data, learnt from its local header. */
  private readonly dataOffsets = new Map<ZipEntry, number>();

  constructor(
    readonly reader: RangeReader,
    options: ZipStoreOptions = {},
  ) {
    this.description = reader.description;
    this.inflateRaw = options.inflateRaw ?? inflateRawWithStreams;
    this.verifyCrc = options.verifyCrc ?? true;
    const max = options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
    if (typeof max !== "number" || !Number.isSafeInteger(max) || max < 1) {
      throw new InvalidArgumentError(`ZipStore option maxEntryBytes must be an integer >= 1, got ${max}`, { store: this.description });
    }
    this.maxEntry = { bytes: max, option: "maxEntryBytes" };
  }

  async get(key: string, options: GetOptions = {}): Promise<Uint8Array | undefined> {
    checkKey(key, this.description);
    const entry = (await this.load()).files.get(key);
    return entry === undefined ? undefined : this.readEntry(key, entry, tighter(this.maxEntry, options.limit));
  }

  async getRange(key: string, offset: number, length?: number): Promise<Uint8Array | undefined> {
    checkKey(key, this.description);
    const entry = (await this.load()).files.get(key);
    if (entry === undefined) return undefined;
    const { start, end } = resolveRange(entry.size, offset, length);
    // A stored entry is its own bytes in the file: read just the asked part.
    if (entry.method === 0 && !(entry.flags & 1)) {
      this.checkStoredSize(key, entry);
      return this.readData(key, entry, start, end - start);
    }
    return (await this.readEntry(key, entry)).subarray(start, end);
  }

  async has(key: string): Promise<boolean> {
    checkKey(key, this.description);
    return (await this.load()).files.has(key);
  }

  async list(prefix: string): Promise<StoreListing> {
    const path = checkPrefix(prefix, this.description).join("/");
    const folder = (await this.load()).folders.get(path);
    if (!folder) return { keys: [], prefixes: [] };
    return { keys: [...folder.keys].sort(), prefixes: [...folder.prefixes].sort() };
  }

  /** Every key in the archive, sorted. */
  async keys(): Promise<string[]> {
    return [...(await this.load()).files.keys()].sort();
  }

  async close(): Promise<void> {
    await this.reader.close?.();
  }

  /** The central directory, read once; a failed read is tried again on the next call. */
  private load(): Promise<Index> {
    this.index ??= readZipDirectory(this.reader, this.maxEntry).then(buildIndex, (err) => {
      this.index = undefined;
      throw err;
    });
    return this.index;
  }

  private fail(key: string, message: string, cause?: unknown): StoreError {
    return new StoreError(message, { store: this.description, path: key }, cause === undefined ? undefined : { cause });
  }

  private checkStoredSize(key: string, entry: ZipEntry): void {
    if (entry.compressedSize !== entry.size) {
      throw this.fail(key, `corrupt zip entry: stored (uncompressed) but sizes differ (${entry.compressedSize} vs ${entry.size})`);
    }
  }

  /** The whole value of an entry: inflated if needed, size and CRC checked; sizes past `limit` are refused before reading. */
  private async readEntry(key: string, entry: ZipEntry, limit = this.maxEntry): Promise<Uint8Array> {
    if (entry.flags & 1) throw this.fail(key, "the zip entry is encrypted; encrypted archives are not supported");
    // The directory states both sizes: a value too large (or data too long for it) is refused unread.
    if (entry.size > limit.bytes || entry.compressedSize > deflatedBound(limit.bytes)) {
      throw valueTooLarge("the zip entry", Math.max(entry.size, entry.compressedSize), limit, { store: this.description, path: key });
    }
    let value: Uint8Array;
    if (entry.method === 0) {
      this.checkStoredSize(key, entry);
      value = await this.readData(key, entry, 0, entry.compressedSize);
    } else if (entry.method === 8) {
      const packed = await this.readData(key, entry, 0, entry.compressedSize);
      try {
        value = await this.inflateRaw(packed, entry.size);
      } catch (err) {
        throw this.fail(key, `cannot inflate zip entry: ${err instanceof Error ? err.message : String(err)}`, err);
      }
      if (value.byteLength !== entry.size) {
        throw this.fail(key, `corrupt zip entry: inflated to ${value.byteLength} bytes, the directory says ${entry.size}`);
      }
    } else {
      const name = METHOD_NAMES[entry.method];
      throw this.fail(key, `zip compression method ${entry.method}${name ? ` (${name})` : ""} is not supported; re-create the archive with ZIP_STORED or ZIP_DEFLATED`);
    }
    if (this.verifyCrc && crc32(value) !== entry.crc32) throw this.fail(key, "corrupt zip entry: CRC-32 does not match");
    return value;
  }

  /** `length` bytes of an entry's (compressed) data from `start`, checked against the archive bounds. */
  private async readData(key: string, entry: ZipEntry, start: number, length: number): Promise<Uint8Array> {
    const { fileSize, directoryOffset } = await this.load();
    let dataOffset = this.dataOffsets.get(entry);
    if (dataOffset === undefined) {
      if (entry.headerOffset + LOCAL_HEADER_SIZE > directoryOffset) {
        throw this.fail(key, `corrupt zip: local header offset ${entry.headerOffset} is past the entries`);
      }
      // One read for the header and, usually, the asked data: the local name and extra fields
      // mostly have the central directory's lengths (the guess is checked below).
      const guess = LOCAL_HEADER_SIZE + entry.name.length * 3 + 64 + start + length;
      const head = await this.reader.read(entry.headerOffset, Math.min(guess, fileSize - entry.headerOffset));
      const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
      if (dv.getUint32(0, true) !== LOCAL_HEADER_SIG) throw this.fail(key, `corrupt zip: no local header at offset ${entry.headerOffset}`);
      const skip = LOCAL_HEADER_SIZE + dv.getUint16(26, true) + dv.getUint16(28, true);
      dataOffset = entry.headerOffset + skip;
      if (dataOffset + entry.compressedSize > directoryOffset) {
        throw this.fail(key, `corrupt zip: entry data (${entry.compressedSize} bytes at offset ${dataOffset}) runs into the central directory`);
      }
      this.dataOffsets.set(entry, dataOffset);
      if (skip + start + length <= head.length) return head.subarray(skip + start, skip + start + length);
    }
    return this.reader.read(dataOffset + start, length);
  }
}
