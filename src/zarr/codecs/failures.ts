/**
 * Turn failures of third-party code (WebAssembly decoders, zlib) into the package's typed errors,
 * so a corrupt chunk surfaces as ChunkDecodeError naming the codec and the array.
 */
import { ChunkDecodeError, HdmfZarrError, UnsupportedWriteError, type ErrorLocation } from "../../errors.js";

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Run a decoding step; anything but our own errors becomes a ChunkDecodeError. */
export async function decodeStep<T>(codec: string, where: ErrorLocation, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof HdmfZarrError) throw err;
    throw new ChunkDecodeError(`codec '${codec}' could not decode the chunk: ${messageOf(err)}`, where, { cause: err });
  }
}

/** Run an encoding step; anything but our own errors becomes an UnsupportedWriteError. */
export async function encodeStep<T>(codec: string, where: ErrorLocation, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof HdmfZarrError) throw err;
    throw new UnsupportedWriteError(`codec '${codec}' could not encode the chunk: ${messageOf(err)}`, where, { cause: err });
  }
}
