/**
 * Little-endian decoding of HDF5 metadata bytes. Every read is checked against the bytes held, so a
 * truncated or lying structure raises the caller's typed error instead of reading garbage.
 * No Node imports (browser bundle).
 */

/** The sizes of addresses ("offsets") and lengths a file declares in its superblock. */
export interface FieldSizes {
  offset: number;
  length: number;
}

/** Reads fields in order from one block of metadata. */
export class Cursor {
  pos = 0;

  /**
   * @param bytes the block
   * @param sizes the file's address and length sizes
   * @param fail makes the error to throw, given what is wrong
   */
  constructor(
    readonly bytes: Uint8Array,
    readonly sizes: FieldSizes,
    readonly fail: (message: string) => Error,
  ) {}

  get remaining(): number {
    return this.bytes.byteLength - this.pos;
  }

  private need(n: number): number {
    if (n > this.remaining) throw this.fail(`a structure ends early: ${n} bytes wanted at byte ${this.pos} of a block of ${this.bytes.byteLength}`);
    const at = this.pos;
    this.pos += n;
    return at;
  }

  skip(n: number): void {
    this.need(n);
  }

  u8(): number {
    return this.bytes[this.need(1)];
  }

  u16(): number {
    const at = this.need(2);
    return this.bytes[at] | (this.bytes[at + 1] << 8);
  }

  u32(): number {
    const at = this.need(4);
    return (this.bytes[at] | (this.bytes[at + 1] << 8) | (this.bytes[at + 2] << 16)) + this.bytes[at + 3] * 0x1000000;
  }

  /** An unsigned integer of `n` bytes (1..8); values past 2^53 are an error. */
  uint(n: number): number {
    const at = this.need(n);
    let value = 0;
    for (let i = n - 1; i >= 0; i--) {
      value = value * 256 + this.bytes[at + i];
      if (value > Number.MAX_SAFE_INTEGER) throw this.fail(`a ${n}-byte field holds a value too large to address`);
    }
    return value;
  }

  /** An address; undefined for HDF5's "undefined address" (all bits set). */
  address(): number | undefined {
    const n = this.sizes.offset;
    const at = this.pos;
    let allOnes = true;
    for (let i = 0; i < n && at + i < this.bytes.byteLength; i++) if (this.bytes[at + i] !== 0xff) allOnes = false;
    if (allOnes && at + n <= this.bytes.byteLength) {
      this.pos += n;
      return undefined;
    }
    return this.uint(n);
  }

  /** A length field (the file's size of lengths). */
  length(): number {
    return this.uint(this.sizes.length);
  }

  bytesOf(n: number): Uint8Array {
    const at = this.need(n);
    return this.bytes.subarray(at, at + n);
  }

  /** Check a 4-byte ASCII signature such as "TREE". */
  signature(expected: string, what: string): void {
    const got = String.fromCharCode(...this.bytesOf(4));
    if (got !== expected) throw this.fail(`${what}: expected signature '${expected}', found ${JSON.stringify(got)}`);
  }
}
