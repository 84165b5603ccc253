/**
 * Makes the write benchmark's signal once, as a file of raw little-endian int16 values (C order,
 * rows × cols), before any writer runs: every writer's iterator then reads its buffers from this
 * file (from the page cache), so no writer's clock includes making the values.
 *
 *   node --import tsx bench/write-array/signal-file.ts <out.i16> <rows> <cols>
 *
 * Prints one JSON object: the file, its bytes and the seconds spent making and writing it.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { signal } from "./signal.js";

/** Rows made and written at a time (8 MiB of 64 columns). */
const PIECE_ROWS = 65536;

function main(): void {
  const [out, rowsArg, colsArg] = process.argv.slice(2);
  const rows = Number(rowsArg);
  const cols = Number(colsArg);
  if (!out || !Number.isInteger(rows) || rows < 1 || !Number.isInteger(cols) || cols < 1) {
    throw new Error("usage: signal-file.ts <out.i16> <rows> <cols>");
  }
  const t0 = performance.now();
  const fd = openSync(out, "w");
  try {
    for (let r0 = 0; r0 < rows; r0 += PIECE_ROWS) {
      const values = signal({ start: r0, stop: Math.min(rows, r0 + PIECE_ROWS) }, { start: 0, stop: cols });
      const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
    }
  } finally {
    closeSync(fd);
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ file: out, bytes: rows * cols * 2, seconds }));
}

main();
