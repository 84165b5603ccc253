/**
 * The exact decoded size of an xz file, found without decoding: each LZMA2 chunk header states
 * how many bytes the chunk decodes to, and the filters allowed before LZMA2 (delta, BCJ) keep the
 * size. The walk also checks the index at the end of each stream against those sums, so a chunk
 * whose headers lie is refused before a decoder runs. Concatenated streams and stream padding are
 * read as liblzma reads them.
 */

/** xz structure that does not hold together: the message says where. */
export class XzFormatError extends Error {}

const MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
/** Bytes of the integrity check for each check id (xz spec 2.1.1.2). */
const CHECK_SIZE = [0, 4, 4, 4, 8, 8, 8, 16, 16, 16, 32, 32, 32, 64, 64, 64];
const LZMA2 = 0x21;
/** Filters that keep the size: delta and the branch converters. */
const SIZE_KEEPING = new Set([0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b]);

class Reader {
  constructor(
    readonly b: Uint8Array,
    public pos = 0,
  ) {}

  byte(): number {
    if (this.pos >= this.b.length) throw new XzFormatError(`ends early at byte ${this.pos}`);
    return this.b[this.pos++];
  }

  /** An xz variable-length integer (at most 9 bytes, 63 bits; sizes here fit a double exactly enough). */
  vli(): number {
    let v = 0;
    for (let i = 0; i < 9; i++) {
      const c = this.byte();
      v += (c & 0x7f) * 2 ** (7 * i);
      if (!(c & 0x80)) return v;
    }
    throw new XzFormatError(`bad variable-length integer at byte ${this.pos}`);
  }

  skip(n: number): void {
    if (this.pos + n > this.b.length) throw new XzFormatError(`ends early: ${n} bytes wanted at byte ${this.pos}`);
    this.pos += n;
  }

  align4(start: number): void {
    while ((this.pos - start) % 4) if (this.byte() !== 0) throw new XzFormatError(`non-zero padding at byte ${this.pos - 1}`);
  }
}

/** The bytes the LZMA2 data at `r.pos` decodes to; leaves `r` after its end marker. */
function lzma2Size(r: Reader): number {
  let total = 0;
  for (;;) {
    const c = r.byte();
    if (c === 0x00) return total;
    if (c === 0x01 || c === 0x02) {
      const size = ((r.byte() << 8) | r.byte()) + 1;
      r.skip(size);
      total += size;
    } else if (c >= 0x80) {
      const size = ((c & 0x1f) << 16) + ((r.byte() << 8) | r.byte()) + 1;
      const packed = ((r.byte() << 8) | r.byte()) + 1;
      if (c >= 0xc0) r.byte();
      r.skip(packed);
      total += size;
    } else throw new XzFormatError(`bad LZMA2 chunk control byte 0x${c.toString(16)} at byte ${r.pos - 1}`);
  }
}

/** One block: its decoded size and its unpadded size (as the index records it). */
function block(r: Reader, checkSize: number): { size: number; unpadded: number } {
  const start = r.pos;
  const headerSize = (r.byte() + 1) * 4;
  const flags = r.byte();
  if (flags & 0x3c) throw new XzFormatError(`reserved block flags set at byte ${start + 1}`);
  if (flags & 0x40) r.vli();
  const stated = flags & 0x80 ? r.vli() : undefined;
  const filters = (flags & 0x03) + 1;
  for (let i = 0; i < filters; i++) {
    const id = r.vli();
    r.skip(r.vli());
    const last = i === filters - 1;
    if (last ? id !== LZMA2 : !SIZE_KEEPING.has(id)) throw new XzFormatError(`unsupported filter 0x${id.toString(16)} in block at byte ${start}`);
  }
  r.pos = start + headerSize;
  const size = lzma2Size(r);
  if (stated !== undefined && stated !== size) throw new XzFormatError(`block at byte ${start} states ${stated} bytes, its chunks ${size}`);
  const unpadded = r.pos - start + checkSize;
  r.align4(start);
  r.skip(checkSize);
  return { size, unpadded };
}

/** One stream from `r.pos`: its decoded size. */
function stream(r: Reader): number {
  const start = r.pos;
  for (const m of MAGIC) if (r.byte() !== m) throw new XzFormatError(`not an xz stream at byte ${start}`);
  r.byte();
  const check = r.byte() & 0x0f;
  r.skip(4);
  const checkSize = CHECK_SIZE[check];
  const blocks: { size: number; unpadded: number }[] = [];
  while (r.b[r.pos] !== 0x00) {
    if (r.pos >= r.b.length) throw new XzFormatError("ends before the index");
    blocks.push(block(r, checkSize));
  }
  const indexStart = r.pos;
  r.byte();
  const count = r.vli();
  if (count !== blocks.length) throw new XzFormatError(`index lists ${count} blocks, the stream has ${blocks.length}`);
  let total = 0;
  for (const b of blocks) {
    const unpadded = r.vli();
    const size = r.vli();
    if (unpadded !== b.unpadded || size !== b.size) throw new XzFormatError(`index does not match the blocks (at byte ${indexStart})`);
    total += size;
  }
  r.align4(indexStart);
  r.skip(4 + 12);
  return total;
}

/** One xz stream of a file: where it lies and what it decodes to. */
export interface XzStream {
  start: number;
  end: number;
  size: number;
}

/** Every stream of `bytes` (stream padding left out), in order. */
export function xzStreams(bytes: Uint8Array): XzStream[] {
  const r = new Reader(bytes);
  const streams: XzStream[] = [];
  do {
    const start = r.pos;
    const size = stream(r);
    streams.push({ start, end: r.pos, size });
    // Stream padding: zero bytes, a multiple of four in all.
    const padStart = r.pos;
    while (r.pos < bytes.length && bytes[r.pos] === 0) r.pos++;
    if ((r.pos - padStart) % 4) throw new XzFormatError(`stream padding of ${r.pos - padStart} bytes is not a multiple of 4`);
  } while (r.pos < bytes.length);
  return streams;
}

/** The decoded size of every stream in `bytes` together. */
export function xzDecodedSize(bytes: Uint8Array): number {
  return xzStreams(bytes).reduce((n, s) => n + s.size, 0);
}
