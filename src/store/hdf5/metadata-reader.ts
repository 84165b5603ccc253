/**
 * Reads HDF5 metadata blocks under caps: every address is checked against the file's end, every
 * byte read counts against a budget, so a hostile file can neither make us read past its end nor
 * read without bound. One instance serves one dataset lookup (its budget is that lookup's).
 * No Node imports (browser bundle).
 */
import { Hdf5IndexError, type ErrorLocation } from "../../errors.js";
import type { RangeReader } from "../range-reader.js";
import { Cursor, type FieldSizes } from "./cursor.js";

/** Caps on reading one dataset's chunk index. */
export interface Hdf5Limits {
  /** Most metadata bytes read to find a dataset and its chunk index. Default 256 MiB. */
  maxMetadataBytes: number;
  /** Most chunks an index may list. Default 4 million. */
  maxChunks: number;
}

export const DEFAULT_HDF5_LIMITS: Hdf5Limits = { maxMetadataBytes: 256 << 20, maxChunks: 4_000_000 };

/** What the superblock says about the whole file. */
export interface FileLayout {
  sizes: FieldSizes;
  /** Base address: file addresses are relative to it. */
  base: number;
  /** End-of-file address (relative to base): nothing may lie past it. */
  eof: number;
  /** The first bytes of the file, read once: metadata inside them costs no request. */
  head?: Uint8Array;
}

/** Checked, budgeted reads of one file's metadata on behalf of one dataset. */
export class MetadataReader {
  private spent = 0;

  constructor(
    readonly reader: RangeReader,
    readonly layout: FileLayout,
    readonly where: ErrorLocation,
    readonly limits: Hdf5Limits,
  ) {}

  get sizes(): FieldSizes {
    return this.layout.sizes;
  }

  /** The typed error for a problem with this file and dataset. */
  fail(message: string): Hdf5IndexError {
    return new Hdf5IndexError(message, this.where);
  }

  cursor(bytes: Uint8Array): Cursor {
    return new Cursor(bytes, this.sizes, (m) => this.fail(m));
  }

  /** Check that `length` bytes at `addr` lie inside the file; returns the address. */
  checkRange(addr: number | undefined, length: number, what: string): number {
    if (addr === undefined) throw this.fail(`${what} has an undefined address`);
    if (!Number.isSafeInteger(length) || length < 0 || addr + length > this.layout.eof) {
      throw this.fail(`${what} (${length} bytes at address ${addr}) lies outside the file (end of file at ${this.layout.eof})`);
    }
    return addr;
  }

  /**
   * `length` bytes at address `addr`. With `upTo`, fewer when the file ends sooner (a read of a
   * structure whose size is not known in advance).
   */
  async read(addr: number | undefined, length: number, what: string, upTo = false): Promise<Cursor> {
    if (upTo && addr !== undefined && addr < this.layout.eof) length = Math.min(length, this.layout.eof - addr);
    const at = this.checkRange(addr, length, what);
    this.spent += length;
    if (this.spent > this.limits.maxMetadataBytes) {
      throw this.fail(`finding the dataset's chunk index needs more than ${this.limits.maxMetadataBytes} bytes of metadata (limit maxMetadataBytes)`);
    }
    const start = this.layout.base + at;
    const head = this.layout.head;
    if (head && start + length <= head.byteLength) return this.cursor(head.subarray(start, start + length));
    return this.cursor(await this.reader.read(start, length));
  }
}
