/**
 * Reading bytes under a cap. Whatever cannot tell in advance how large a value will grow (an HTTP
 * body, a Content-Encoding, a zip entry, a decompression stream) is read through `readCapped`,
 * which stops as soon as the cap is passed instead of holding everything first: a 1.5 MB file
 * that inflates to 1.5 GiB costs at most the cap in memory. No Node imports (browser bundle).
 */
import { StoreError, type ErrorLocation } from "../errors.js";
import { concatBytes } from "./concat-bytes.js";

/** A cap on the bytes one read or one decoder may produce. */
export interface ByteLimit {
  /** Most bytes allowed. */
  readonly bytes: number;
  /**
   * The option that sets the cap, named in the error so that the reader knows how to raise it.
   * Absent when the cap is a fact of the data (a chunk of fixed-size elements has one size).
   */
  readonly option?: string;
}

/** Options of one read from a store. */
export interface GetOptions {
  /** Refuse a value larger than this (a typed error naming `limit.option`), without reading all of it where the store can. */
  limit?: ByteLimit;
  /**
   * The value is a metadata document (small as a rule, and asked for with many others at once):
   * stores that bound their requests in flight let more of these run (HttpStore `metadataConcurrency`).
   */
  metadata?: boolean;
}

const UNITS = ["bytes", "KiB", "MiB", "GiB", "TiB"];

/** `n` bytes as people read them: "64 MiB", "1.5 GiB", "4096 bytes". */
export function formatBytes(n: number): string {
  let v = n;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1 && Number.isInteger(n)) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} bytes` : `${Number(v.toFixed(2))} ${UNITS[u]}`;
}

/** What a limit is and how to raise it, to follow "more than" in an error message. */
export function limitText(limit: ByteLimit): string {
  if (limit.option === undefined) return `${limit.bytes} bytes (all a chunk of this array can hold: the data are corrupt or hostile)`;
  return `${formatBytes(limit.bytes)} (the limit set by ${limit.option}; pass a larger ${limit.option} to read it)`;
}

/** The StoreError for a value of `size` bytes over `limit`; `what` names it ("'zarr.json'", "the zip entry"). */
export function valueTooLarge(what: string, size: number, limit: ByteLimit, where: ErrorLocation): StoreError {
  return new StoreError(`${what} holds ${formatBytes(size)}, more than ${limitText(limit)}`, where);
}

/** Check a value already read (from a store that could not stop early) against `limit`. */
export function checkValueSize<T extends Uint8Array | undefined>(value: T, limit: ByteLimit | undefined, what: string, where: ErrorLocation): T {
  if (value !== undefined && limit !== undefined && value.byteLength > limit.bytes) throw valueTooLarge(what, value.byteLength, limit, where);
  return value;
}

/** The tighter of a limit and an optional second one. */
export function tighter(a: ByteLimit, b: ByteLimit | undefined): ByteLimit {
  return b !== undefined && b.bytes < a.bytes ? b : a;
}

/** How {@link readCapped} ends when the source holds more than `max` bytes. */
export type Overflow =
  /** Throw what this returns, given how many bytes had arrived (or, with `stated`, were announced). */
  | ((seen: number, stated?: boolean) => Error)
  /** Keep the first `max` bytes and stop reading (the caller wanted only those). */
  | "truncate";

/** Options of {@link readCapped}. */
export interface CappedReadOptions {
  /** Bytes to drop from the start before keeping any (they still count as read, not against `max`). */
  skip?: number;
  /** The expected size, when known (a Content-Length): memory is then taken once. */
  sizeHint?: number;
}

/**
 * Read `source` to its end into one array of at most `max` bytes. As soon as more arrive, the
 * source is cancelled (a download is aborted, a decompressor stops) and `overflow` decides:
 * throw, or return the first `max` bytes.
 */
export async function readCapped(
  source: ReadableStream<Uint8Array> | null | undefined,
  max: number,
  overflow: Overflow,
  options: CappedReadOptions = {},
): Promise<Uint8Array> {
  if (!source) return new Uint8Array(0);
  let skip = options.skip ?? 0;
  const reader = source.getReader();
  const parts: Uint8Array[] = [];
  let held = 0;
  let seen = 0;
  // With a size hint, one buffer is filled in place; should the hint prove wrong, pieces are joined.
  let whole = options.sizeHint !== undefined && options.sizeHint <= max ? new Uint8Array(options.sizeHint) : undefined;
  let stop = false;
  try {
    while (!stop) {
      const { done, value } = await reader.read();
      if (done) break;
      seen += value.byteLength;
      let piece = value;
      if (skip > 0) {
        const dropped = Math.min(skip, piece.byteLength);
        skip -= dropped;
        piece = piece.subarray(dropped);
      }
      if (held + piece.byteLength > max) {
        await reader.cancel().catch(() => undefined);
        if (overflow !== "truncate") throw overflow(seen);
        piece = piece.subarray(0, max - held);
        stop = true;
      }
      if (whole && held + piece.byteLength <= whole.length) {
        whole.set(piece, held);
      } else {
        if (whole) parts.push(whole.subarray(0, held));
        whole = undefined;
        parts.push(piece);
      }
      held += piece.byteLength;
    }
  } finally {
    reader.releaseLock();
  }
  if (whole) return held === whole.length ? whole : whole.subarray(0, held);
  return parts.length === 1 ? parts[0] : concatBytes(parts);
}

/** Read `source` to its end, keeping nothing; returns how many bytes it held. */
export async function countBytes(source: ReadableStream<Uint8Array> | null | undefined): Promise<number> {
  if (!source) return 0;
  let n = 0;
  for (const reader = source.getReader(); ; ) {
    const { done, value } = await reader.read();
    if (done) return n;
    n += value.byteLength;
  }
}
