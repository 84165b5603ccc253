/**
 * gzip, zlib and raw deflate inflated under a cap with the web streams API (`DecompressionStream`,
 * in browsers and Node): the zip store's entries and, outside Node, the gzip/zlib codecs inflate
 * through `readCapped`, so a small input stops at the cap instead of growing to gigabytes.
 */
import { readCapped, type Overflow } from "./capped-read.js";

/** `DecompressionStream` formats: gzip, zlib ("deflate") and raw deflate. */
export type InflateFormat = "gzip" | "deflate" | "deflate-raw";

type Stream = { writable: WritableStream<Uint8Array>; readable: ReadableStream<Uint8Array> };
type StreamClass = new (format: InflateFormat) => Stream;

function decompressionStream(): StreamClass | undefined {
  return (globalThis as { DecompressionStream?: StreamClass }).DecompressionStream;
}

/** Whether this runtime can inflate with streams. */
export function canInflateWithStreams(): boolean {
  return decompressionStream() !== undefined;
}

/** Inflate `data`; past `max` bytes of output the stream stops and `overflow` decides (see readCapped). */
export async function inflateCapped(format: InflateFormat, data: Uint8Array, max: number, overflow: Overflow): Promise<Uint8Array> {
  const Decompression = decompressionStream();
  if (!Decompression) throw new Error("this runtime has no DecompressionStream");
  const stream = new Decompression(format);
  const writer = stream.writable.getWriter();
  // Errors in the data surface on the reading side; the writing side only must not go unhandled.
  writer.write(data).then(() => writer.close()).catch(() => undefined);
  return readCapped(stream.readable, max, overflow);
}
