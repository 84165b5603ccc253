/**
 * Small hostile inputs that grow to gigabytes when decoded: decompression bombs for every codec
 * and container the reader supports, built cheaply (a repeated block, a repeated gzip member)
 * so that making them costs milliseconds and megabytes, never what they decode to.
 */
import { constants, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { crc32 } from "../../../src/store/crc32.js";

export const MiB = 1 << 20;
export const GiB = 1 << 30;

/** One 64 MiB run of zeros, compressed once and reused. */
const RUN = 64 * MiB;
let zeros: Buffer | undefined;
const zeroRun = (): Buffer => (zeros ??= Buffer.alloc(RUN));
let gzipMember: Buffer | undefined;
let deflateRun: Buffer | undefined;

/** gzip that inflates to `size` bytes of zeros (a multiple of 64 MiB): repeated members, as multi-member gzip allows. */
export function gzipBomb(size: number): Buffer {
  gzipMember ??= gzipSync(zeroRun(), { level: 9 });
  return Buffer.concat(Array.from({ length: Math.ceil(size / RUN) }, () => gzipMember!));
}

/**
 * Raw deflate that inflates to `size` bytes of zeros: one run fully flushed (so it refers to
 * nothing before it) repeated, then an empty final block.
 */
export function deflateRawBomb(size: number): Buffer {
  deflateRun ??= deflateRawSync(zeroRun(), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  return Buffer.concat([...Array.from({ length: Math.ceil(size / RUN) }, () => deflateRun!), Buffer.from([0x03, 0x00])]);
}

/** zlib that inflates to `size` bytes of zeros: the raw deflate bomb in a zlib wrapper (its checksum is never reached). */
export function zlibBomb(size: number): Buffer {
  return Buffer.concat([Buffer.from([0x78, 0x9c]), deflateRawBomb(size), Buffer.alloc(4)]);
}

/** Zstandard frame header without a content size: magic, descriptor 0, a 128 KiB window. */
const ZSTD_HEADER = Buffer.from("28b52ffd0038", "hex");

/** A Zstandard frame of RLE blocks (4 bytes for every 128 KiB) that does not state its decoded `size`. */
export function zstdRleBomb(size: number): Buffer {
  const blocks = Math.ceil(size / (128 * 1024));
  const out = Buffer.alloc(ZSTD_HEADER.length + 4 * blocks);
  ZSTD_HEADER.copy(out);
  for (let i = 0; i < blocks; i++) {
    const header = (i === blocks - 1 ? 1 : 0) | (1 << 1) | ((128 * 1024) << 3);
    out.writeUIntLE(header, ZSTD_HEADER.length + 4 * i, 3);
    out[ZSTD_HEADER.length + 4 * i + 3] = 0x41;
  }
  return out;
}

/**
 * A Zstandard frame of Compressed blocks (12 bytes for every 128 KiB of "abcdefg…") that does not
 * state its size: the frame a streaming encoder writes for 512 KiB of that text, its second
 * block repeated (it only refers to the text before it).
 */
export function zstdBlockBomb(blocks: number): Buffer {
  const head = Buffer.from("28b52ffd00587c000038616263646566670100f6ffca8b11", "hex");
  const block = Buffer.from("4c000008650100fcff391002", "hex");
  const end = Buffer.from("010000", "hex"); // an empty last Raw block
  return Buffer.concat([head, ...Array.from({ length: blocks }, () => block), end]);
}

/**
 * A Blosc1 frame that says it holds `nbytes` bytes (zlib, no shuffle, unsplit 256 KiB blocks),
 * every block offset pointing at the same zlib stream of 256 KiB of zeros.
 */
export function bloscBomb(nbytes: number): Buffer {
  const blocksize = 256 * 1024;
  const nblocks = Math.ceil(nbytes / blocksize);
  const stream = deflateSync(Buffer.alloc(blocksize), { level: 9 });
  const at = 16 + 4 * nblocks;
  const out = Buffer.alloc(at + 4 + stream.length);
  out[0] = 2; // format version
  out[1] = 1; // codec format version
  out[2] = 0x10 | (3 << 5); // do not split blocks; zlib
  out[3] = 1; // typesize
  out.writeUInt32LE(nbytes, 4);
  out.writeUInt32LE(blocksize, 8);
  out.writeUInt32LE(out.length, 12);
  for (let j = 0; j < nblocks; j++) out.writeInt32LE(at, 16 + 4 * j);
  out.writeInt32LE(stream.length, at);
  stream.copy(out, at + 4);
  return out;
}

/** A Blosc1 frame of one 4 KiB block (zstd, unsplit) whose zstd stream decodes to `size` bytes. */
export function bloscZstdStreamBomb(size: number): Buffer {
  const stream = zstdRleBomb(size);
  const out = Buffer.alloc(16 + 4 + 4 + stream.length);
  out[0] = 2;
  out[1] = 1;
  out[2] = 0x10 | (4 << 5); // do not split blocks; zstd
  out[3] = 4; // typesize
  out.writeUInt32LE(4096, 4); // nbytes: all a 1024-int32 chunk holds
  out.writeUInt32LE(4096, 8); // blocksize
  out.writeUInt32LE(out.length, 12);
  out.writeInt32LE(20, 16);
  out.writeInt32LE(stream.length, 20);
  stream.copy(out, 24);
  return out;
}

/** A numcodecs LZ4 chunk whose block really decodes to `size` zeros (one literal, one long match, five literals). */
export function lz4Bomb(size: number): Buffer {
  const match = size - 6;
  const ext = match - 19;
  const k = Math.floor(ext / 255);
  const out = Buffer.alloc(4 + 4 + k + 1 + 6);
  out.writeUInt32LE(size, 0);
  let p = 4;
  out[p++] = 0x1f; // 1 literal, match length 15 + more
  out[p++] = 0; // the literal
  out.writeUInt16LE(1, p); // offset 1
  p += 2;
  out.fill(0xff, p, p + k);
  p += k;
  out[p++] = ext % 255;
  out[p++] = 0x50; // 5 closing literals
  return out; // the literals are the zeros left in the buffer
}

/** A pickle stream (protocol 2) of a one-item list, the item being `int("<digits>")` called through REDUCE. */
export function pickleIntCall(digits: number): Buffer {
  const text = Buffer.from("7".repeat(digits), "latin1");
  const len = Buffer.alloc(4);
  len.writeUInt32LE(text.length);
  // PROTO 2, MARK, GLOBAL builtins.int, BINUNICODE text, TUPLE1, REDUCE, LIST, STOP
  return Buffer.concat([
    Buffer.from([0x80, 0x02, 0x28]),
    Buffer.from("cbuiltins\nint\n", "latin1"),
    Buffer.from([0x58]), len, text,
    Buffer.from([0x85, 0x52, 0x6c, 0x2e]),
  ]);
}

/** Protocol 0/2 pickle streams of a one-item list holding one huge integer, by opcode. */
export function pickleHugeInt(opcode: "INT" | "LONG" | "LONG4", digits: number): Buffer {
  let item: Buffer;
  if (opcode === "LONG4") {
    const n = Buffer.alloc(4);
    n.writeInt32LE(digits);
    item = Buffer.concat([Buffer.from([0x8b]), n, Buffer.alloc(digits, 0x11)]);
  } else {
    item = Buffer.from(`${opcode === "INT" ? "I" : "L"}${"7".repeat(digits)}${opcode === "LONG" ? "L" : ""}\n`, "latin1");
  }
  return Buffer.concat([Buffer.from([0x80, 0x02, 0x28]), item, Buffer.from([0x6c, 0x2e])]);
}

/** One entry of {@link zipFile}: the data as stored, and the sizes the directory states. */
export interface ZipEntrySpec {
  name: string;
  data: Buffer;
  /** 0 stored, 8 deflated. */
  method: 0 | 8;
  /** Uncompressed size to state (a bomb states its real, huge size). */
  size: number;
  /** Default: the CRC-32 of `data` for a stored entry, 0 for a deflated one (a bomb is refused before it is checked). */
  crc?: number;
}

/** A zip archive of `entries` (no ZIP64: every size fits in 32 bits). */
export function zipFile(entries: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const crc = e.crc ?? (e.method === 0 ? crc32(e.data) : 0);
    // The local header and the central directory entry share their fields from "version needed"
    // to the name length: at byte 4 of the first, byte 6 of the second.
    const header = (size: number, signature: number, at: number) => {
      const h = Buffer.alloc(size);
      h.writeUInt32LE(signature, 0);
      h.writeUInt16LE(20, at);
      h.writeUInt16LE(e.method, at + 4);
      h.writeUInt32LE(crc, at + 10);
      h.writeUInt32LE(e.data.length, at + 14);
      h.writeUInt32LE(e.size, at + 18);
      h.writeUInt16LE(name.length, at + 22);
      return h;
    };
    const local = header(30, 0x04034b50, 4);
    const central = header(46, 0x02014b50, 6);
    central.writeUInt16LE(20, 4);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
