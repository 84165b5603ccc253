/**
 * Reading the central directory of a ZIP archive (PKWARE APPNOTE 6.3): the end record, its ZIP64
 * form, and one record per entry. Pure byte parsing over a {@link RangeReader}; no Node imports.
 */
import { StoreError } from "../errors.js";
import { formatBytes, limitText, type ByteLimit } from "./capped-read.js";
import type { RangeReader } from "./range-reader.js";

/** One entry of the central directory. */
export interface ZipEntry {
  /** Name as stored (UTF-8), "/"-separated; folders end in "/". */
  name: string;
  /** General-purpose flags (bit 0: encrypted). */
  flags: number;
  /** Compression method: 0 stored, 8 deflated; others are not supported. */
  method: number;
  crc32: number;
  compressedSize: number;
  /** Uncompressed size. */
  size: number;
  /** Absolute offset of the entry's local header in the file. */
  headerOffset: number;
}

/** The parsed central directory. */
export interface ZipDirectory {
  /** Size of the whole file. */
  fileSize: number;
  /** Absolute offset where the central directory starts: entry data ends before it. */
  directoryOffset: number;
  entries: ZipEntry[];
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const ENTRY_SIG = 0x02014b50;
const EOCD_SIZE = 22;
const ZIP64_LOCATOR_SIZE = 20;
const ZIP64_EOCD_SIZE = 56;
const ENTRY_SIZE = 46;
const MAX_COMMENT = 0xffff;

const utf8 = new TextDecoder("utf-8");

function corrupt(reader: RangeReader, what: string): StoreError {
  return new StoreError(`not a valid zip file: ${what}`, { store: reader.description });
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function u64(reader: RangeReader, dv: DataView, at: number, what: string): number {
  const value = dv.getBigUint64(at, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt(reader, `${what} ${value} is too large`);
  return Number(value);
}

/** Where the central directory is, from the end record (and its ZIP64 form when present). */
interface DirectoryLocation {
  offset: number;
  size: number;
  /** Absolute offset of the record that follows the directory (ZIP64 end record or end record). */
  end: number;
}

/** Bytes `[offset, offset + length)` of the file, from `tail` when it holds them. */
async function readAt(reader: RangeReader, tail: Uint8Array, tailStart: number, offset: number, length: number): Promise<Uint8Array> {
  if (offset >= tailStart && offset + length <= tailStart + tail.length) return tail.subarray(offset - tailStart, offset - tailStart + length);
  return reader.read(offset, length);
}

async function locateDirectory(reader: RangeReader, tail: Uint8Array, tailStart: number): Promise<DirectoryLocation> {
  const dv = view(tail);
  // The end record is last, followed only by its comment: search backwards for its signature.
  let at = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (dv.getUint32(i, true) === EOCD_SIG && i + EOCD_SIZE + dv.getUint16(i + 20, true) <= tail.length) {
      at = i;
      break;
    }
  }
  if (at < 0) throw corrupt(reader, `no end-of-central-directory record in its last ${tail.length} bytes (truncated, or not a zip file)`);
  const eocd = tailStart + at;
  const disk = dv.getUint16(at + 4, true);
  const directoryDisk = dv.getUint16(at + 6, true);
  let size = dv.getUint32(at + 12, true);
  let offset = dv.getUint32(at + 16, true);
  let end = eocd;

  // ZIP64: a locator right before the end record points at the ZIP64 end record.
  const locatorAt = eocd - ZIP64_LOCATOR_SIZE;
  const locator = locatorAt >= 0 ? await readAt(reader, tail, tailStart, locatorAt, ZIP64_LOCATOR_SIZE) : undefined;
  if (locator && view(locator).getUint32(0, true) === ZIP64_LOCATOR_SIG) {
    // The ZIP64 end record normally sits right before the locator; trust the stored offset only
    // when it does not (the stored offset is wrong when bytes were prepended to the archive).
    let recordAt = locatorAt - ZIP64_EOCD_SIZE;
    let record = recordAt >= 0 ? await readAt(reader, tail, tailStart, recordAt, ZIP64_EOCD_SIZE) : undefined;
    if (!record || view(record).getUint32(0, true) !== ZIP64_EOCD_SIG) {
      recordAt = u64(reader, view(locator), 8, "ZIP64 end record offset");
      if (recordAt + ZIP64_EOCD_SIZE > locatorAt) throw corrupt(reader, `ZIP64 end record offset ${recordAt} is past the locator`);
      record = await reader.read(recordAt, ZIP64_EOCD_SIZE);
      if (view(record).getUint32(0, true) !== ZIP64_EOCD_SIG) throw corrupt(reader, `no ZIP64 end record at offset ${recordAt}`);
    }
    const rv = view(record);
    if (rv.getUint32(16, true) !== 0 || rv.getUint32(20, true) !== 0) throw corrupt(reader, "split (multi-disk) archives are not supported");
    size = u64(reader, rv, 40, "central directory size");
    offset = u64(reader, rv, 48, "central directory offset");
    end = recordAt;
  } else if (disk !== 0 || directoryDisk !== 0) {
    throw corrupt(reader, "split (multi-disk) archives are not supported");
  }
  if (size > end) throw corrupt(reader, `central directory of ${size} bytes does not fit before offset ${end}`);
  return { offset, size, end };
}

/** The ZIP64 extended-information extra field overrides the fields saturated at 0xFFFFFFFF. */
function applyZip64Extra(reader: RangeReader, entry: ZipEntry, extra: DataView): void {
  for (let at = 0; at + 4 <= extra.byteLength; ) {
    const id = extra.getUint16(at, true);
    const length = extra.getUint16(at + 2, true);
    const body = at + 4;
    at = body + length;
    if (id !== 0x0001) continue;
    let p = body;
    const take = (what: string): number => {
      if (p + 8 > body + length || p + 8 > extra.byteLength) throw corrupt(reader, `ZIP64 extra field of '${entry.name}' is too short for its ${what}`);
      const value = u64(reader, extra, p, `${what} of '${entry.name}'`);
      p += 8;
      return value;
    };
    if (entry.size === 0xffffffff) entry.size = take("size");
    if (entry.compressedSize === 0xffffffff) entry.compressedSize = take("compressed size");
    if (entry.headerOffset === 0xffffffff) entry.headerOffset = take("header offset");
    return;
  }
}

function parseEntries(reader: RangeReader, bytes: Uint8Array, shift: number): ZipEntry[] {
  const dv = view(bytes);
  const entries: ZipEntry[] = [];
  for (let at = 0; at < bytes.length; ) {
    if (at + ENTRY_SIZE > bytes.length || dv.getUint32(at, true) !== ENTRY_SIG) {
      throw corrupt(reader, `central directory entry ${entries.length} is damaged`);
    }
    const nameLength = dv.getUint16(at + 28, true);
    const extraLength = dv.getUint16(at + 30, true);
    const commentLength = dv.getUint16(at + 32, true);
    const next = at + ENTRY_SIZE + nameLength + extraLength + commentLength;
    if (next > bytes.length) throw corrupt(reader, `central directory entry ${entries.length} runs past the directory`);
    // Names are UTF-8 when flag bit 11 says so; writers that do not set it mostly write UTF-8 too
    // (names in Zarr stores are ASCII in practice).
    const entry: ZipEntry = {
      name: utf8.decode(bytes.subarray(at + ENTRY_SIZE, at + ENTRY_SIZE + nameLength)),
      flags: dv.getUint16(at + 8, true),
      method: dv.getUint16(at + 10, true),
      crc32: dv.getUint32(at + 16, true),
      compressedSize: dv.getUint32(at + 20, true),
      size: dv.getUint32(at + 24, true),
      headerOffset: dv.getUint32(at + 42, true),
    };
    const extraStart = at + ENTRY_SIZE + nameLength;
    applyZip64Extra(reader, entry, new DataView(bytes.buffer, bytes.byteOffset + extraStart, extraLength));
    entry.headerOffset += shift;
    entries.push(entry);
    at = next;
  }
  return entries;
}

/**
 * Read the central directory of the archive behind `reader`: two reads for a typical archive (the
 * tail, which usually holds the whole directory, and the directory itself when it does not).
 * Throws StoreError naming the file when it is truncated or is not a zip file, or when the
 * directory is larger than `limit` (it is read whole).
 */
export async function readZipDirectory(reader: RangeReader, limit?: ByteLimit): Promise<ZipDirectory> {
  const fileSize = await reader.size();
  if (fileSize < EOCD_SIZE) throw corrupt(reader, `${fileSize} bytes is too short (truncated, or not a zip file)`);
  // The end record (22 bytes plus a comment of up to 64 KiB), plus room for the ZIP64 records before it.
  const tailLength = Math.min(fileSize, EOCD_SIZE + MAX_COMMENT + ZIP64_LOCATOR_SIZE + ZIP64_EOCD_SIZE);
  const tailStart = fileSize - tailLength;
  const tail = await reader.read(tailStart, tailLength);
  const where = await locateDirectory(reader, tail, tailStart);
  // Bytes prepended to the archive (e.g. a self-extractor) shift every stored offset by the same amount.
  const shift = where.end - where.size - where.offset;
  if (shift < 0) throw corrupt(reader, `central directory offset ${where.offset} + size ${where.size} runs past offset ${where.end}`);
  const directoryOffset = where.offset + shift;
  if (limit !== undefined && where.size > limit.bytes) {
    throw new StoreError(`the zip's central directory takes ${formatBytes(where.size)}, more than ${limitText(limit)}`, { store: reader.description });
  }
  const bytes = await readAt(reader, tail, tailStart, directoryOffset, where.size);
  return { fileSize, directoryOffset, entries: parseEntries(reader, bytes, shift) };
}
