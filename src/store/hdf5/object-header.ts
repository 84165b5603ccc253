/**
 * HDF5 object headers, versions 1 and 2, with their continuation blocks: the list of header
 * messages of one object. Continuations are followed at most once each (a cycle is an error) and
 * at most {@link MAX_CONTINUATIONS} of them. No Node imports (browser bundle).
 */
import { Cursor } from "./cursor.js";
import type { MetadataReader } from "./metadata-reader.js";

/** One header message. */
export interface HeaderMessage {
  type: number;
  /** Message flags; bit 1 (2) marks a message shared elsewhere in the file. */
  flags: number;
  data: Uint8Array;
}

/** Message types read here. */
export const MSG = {
  dataspace: 0x0001,
  linkInfo: 0x0002,
  link: 0x0006,
  layout: 0x0008,
  filterPipeline: 0x000b,
  continuation: 0x0010,
  symbolTable: 0x0011,
} as const;

const MAX_CONTINUATIONS = 4096;
/** First read of a header whose size is not known yet; most headers fit. */
const FIRST_READ = 1024;

/** The messages of the object header at `addr`. */
export async function readObjectHeader(m: MetadataReader, addr: number, what: string): Promise<HeaderMessage[]> {
  let c = await m.read(addr, FIRST_READ, `the object header of ${what}`, true);
  const v2 = c.bytes[0] === 0x4f && c.bytes[1] === 0x48 && c.bytes[2] === 0x44 && c.bytes[3] === 0x52; // "OHDR"
  const messages: HeaderMessage[] = [];
  const pending: { addr: number; length: number }[] = [];
  if (v2) {
    c.skip(4);
    const version = c.u8();
    if (version !== 2) throw m.fail(`${what}: object header version ${version} is not supported`);
    const flags = c.u8();
    if (flags & 0x20) c.skip(16);
    if (flags & 0x10) c.skip(4);
    const size = c.uint(1 << (flags & 3));
    const start = c.pos;
    if (start + size + 4 > c.bytes.byteLength) c = await m.read(addr, start + size + 4, `the object header of ${what}`);
    c.pos = start;
    readV2Messages(c, start + size, flags, messages, pending);
    await followContinuations(m, what, pending, (block) => {
      block.signature("OCHK", `a continuation block of ${what}`);
      readV2Messages(block, block.bytes.byteLength - 4, flags, messages, pending);
    });
    return messages;
  }
  const version = c.u8();
  if (version !== 1) throw m.fail(`${what}: object header version ${version} is not supported (or no object header there)`);
  c.skip(1);
  const count = c.u16();
  c.skip(4);
  const size = c.u32();
  if (16 + size > c.bytes.byteLength) c = await m.read(addr, 16 + size, `the object header of ${what}`);
  c.pos = 16;
  readV1Messages(c, 16 + size, messages, pending);
  await followContinuations(m, what, pending, (block) => readV1Messages(block, block.bytes.byteLength, messages, pending));
  if (messages.length > count) throw m.fail(`${what}: the object header holds more messages than the ${count} it declares`);
  return messages;
}

function record(type: number, flags: number, data: Uint8Array, c: Cursor, messages: HeaderMessage[], pending: { addr: number; length: number }[]): void {
  if (type === MSG.continuation) {
    const d = new Cursor(data, c.sizes, c.fail);
    const at = d.address();
    const length = d.length();
    if (at === undefined) throw c.fail("an object header continuation has an undefined address");
    pending.push({ addr: at, length });
  }
  messages.push({ type, flags, data });
}

function readV1Messages(c: Cursor, end: number, messages: HeaderMessage[], pending: { addr: number; length: number }[]): void {
  while (c.pos + 8 <= end) {
    const type = c.u16();
    const size = c.u16();
    const flags = c.u8();
    c.skip(3);
    if (c.pos + size > end) throw c.fail("an object header message runs past the end of its block");
    record(type, flags, c.bytesOf(size), c, messages, pending);
  }
}

function readV2Messages(c: Cursor, end: number, headerFlags: number, messages: HeaderMessage[], pending: { addr: number; length: number }[]): void {
  const headerSize = headerFlags & 0x04 ? 6 : 4;
  while (c.pos + headerSize <= end) {
    const type = c.u8();
    const size = c.u16();
    const flags = c.u8();
    if (headerFlags & 0x04) c.skip(2);
    if (c.pos + size > end) throw c.fail("an object header message runs past the end of its block");
    record(type, flags, c.bytesOf(size), c, messages, pending);
  }
}

async function followContinuations(
  m: MetadataReader,
  what: string,
  pending: { addr: number; length: number }[],
  decode: (block: Cursor) => void,
): Promise<void> {
  const seen = new Set<number>();
  while (pending.length > 0) {
    const next = pending.shift()!;
    if (seen.has(next.addr)) throw m.fail(`${what}: the object header's continuation blocks form a cycle (address ${next.addr})`);
    seen.add(next.addr);
    if (seen.size > MAX_CONTINUATIONS) throw m.fail(`${what}: the object header has more than ${MAX_CONTINUATIONS} continuation blocks`);
    decode(await m.read(next.addr, next.length, `a continuation block of ${what}`));
  }
}
