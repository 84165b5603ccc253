/**
 * Byte helpers that behave the same for plain Uint8Arrays and Node Buffers (whose `slice`
 * returns a view into a shared pool instead of a copy).
 */

/** A fresh copy of `bytes[start, end)` in its own ArrayBuffer, starting at offset 0. */
export function copyBytes(bytes: Uint8Array, start = 0, end = bytes.length): Uint8Array {
  const out = new Uint8Array(Math.max(0, end - start));
  out.set(bytes.subarray(start, end));
  return out;
}

/** A plain Uint8Array over the same memory (drops Buffer's subclass behaviour). */
export function plainBytes(bytes: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(bytes) === Uint8Array.prototype ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
