/**
 * The Node parts of the zip store: inflating with `node:zlib`, and opening an archive on disk.
 */
import { constants } from "node:buffer";
import { inflateRawSync } from "node:zlib";
import { FileRangeReader } from "./file-range-reader.js";
import { ZipStore, type InflateRaw, type ZipStoreOptions } from "./zip.js";

/**
 * {@link InflateRaw} with `node:zlib`. Output is capped just past the expected size, so a
 * hostile entry cannot inflate to gigabytes; the store reports the size mismatch.
 */
export const inflateRawNode: InflateRaw = async (data, expectedSize) => {
  const out = inflateRawSync(data, { maxOutputLength: Math.min(constants.MAX_LENGTH, Math.max(1, expectedSize + 1)) });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
};

/** A {@link ZipStore} over a `.zip` file on disk, inflating with `node:zlib`. */
export function openZipFile(path: string, options: ZipStoreOptions = {}): ZipStore {
  return new ZipStore(new FileRangeReader(path), { inflateRaw: inflateRawNode, ...options });
}
