"use strict";
// Exact, order-dependent checksum of the element bits of a C-order typed array, the same as
// checksum() in read_peer.py: sum of bits[i] * (i % 251 + 1), mod 2^32. Bits rather than values,
// so that no summation order or rounding can make equal data differ.
function checksum(data) {
  const u = data.BYTES_PER_ELEMENT === 4 ? new Uint32Array(data.buffer, data.byteOffset, data.length)
    : data.BYTES_PER_ELEMENT === 2 ? new Uint16Array(data.buffer, data.byteOffset, data.length)
    : undefined;
  if (!u) throw new Error(`checksum: unsupported element size ${data.BYTES_PER_ELEMENT}`);
  let s = 0;
  let k = 1;
  for (let i = 0; i < u.length; i++) {
    s = (s + Math.imul(u[i], k)) >>> 0;
    if (++k === 252) k = 1;
  }
  return s;
}

/** The shared command line of the JavaScript readers: <store> <whole|windows> <windows.json> <count>. */
function readerArgs(argv) {
  const [store, workload, windowsPath, count] = argv.filter((a) => !a.startsWith("--"));
  if (!store || (workload !== "whole" && workload !== "windows")) {
    throw new Error("usage: <store> <whole|windows> <windows.json> <count> [options]");
  }
  return { store, workload, windowsPath, count: Number(count ?? 200) };
}

/** Peak RSS of this process in KiB (Linux: VmHWM). */
function selfPeakKb() {
  return process.resourceUsage().maxRSS;
}

module.exports = { checksum, readerArgs, selfPeakKb };
