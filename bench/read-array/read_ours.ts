/**
 * Our side of the read benchmark, as a user reads an array: ZarrHierarchy.open over a LocalStore,
 * openArray, get() of the whole array or of each shared window. Optionally with a DecodePool
 * (`--pool=N`); HDMF_ZARR_DECODE_WORKERS=0 keeps large reads on the main thread.
 *
 *   node --import tsx bench/read-array/read_ours.ts <store> <whole|windows> <windows.json> <count> [--pool=N]
 *
 * Prints one JSON line: seconds (open + reads), bytes read, checksum (checksum.mjs), peak RSS.
 */
import { readFileSync } from "node:fs";
import { LocalStore } from "../../src/store/local.js";
import { DecodePool } from "../../src/zarr/decode-pool.js";
import { ZarrHierarchy } from "../../src/zarr/hierarchy.js";
import type { Selection } from "../../src/zarr/indexing.js";
import { checksum, readerArgs, selfPeakKb } from "./checksum.cjs";

interface Windows { rows: number; cols: number; starts: [number, number][] }

async function main(): Promise<void> {
  const { store, workload, windowsPath, count } = readerArgs(process.argv.slice(2));
  const poolArg = process.argv.find((a) => a.startsWith("--pool="));
  const pool = poolArg ? new DecodePool({ size: Number(poolArg.split("=")[1]) }) : undefined;
  const win = JSON.parse(readFileSync(windowsPath, "utf8")) as Windows;
  const starts = win.starts.slice(0, count);

  const t0 = performance.now();
  const h = await ZarrHierarchy.open(new LocalStore(store), { decodePool: pool });
  const arr = await h.openArray("");
  let bytes = 0;
  let sum = 0;
  if (workload === "whole") {
    const whole = await arr.get();
    const seconds = (performance.now() - t0) / 1000;
    const d = whole.data as Float32Array;
    bytes = d.byteLength;
    sum = checksum(d);
    report(seconds);
  } else {
    const all = arr.shape[1] === win.cols;
    // The clock covers open and the get() calls, not the checksums between them.
    let ms = performance.now() - t0;
    for (const [r, c] of starts) {
      const sel: Selection = [{ start: r, stop: r + win.rows }, all ? null : { start: c, stop: c + win.cols }];
      const t = performance.now();
      const d = (await arr.get(sel)).data as Float32Array;
      ms += performance.now() - t;
      bytes += d.byteLength;
      sum = (sum + checksum(d)) >>> 0;
    }
    report(ms / 1000);
  }
  await pool?.close();

  function report(seconds: number): void {
    const main = process.env.HDMF_ZARR_DECODE_WORKERS === "0" ? ", main thread" : "";
    const impl = pool ? `ours + DecodePool(${pool.size})` : `ours${main}`;
    console.log(JSON.stringify({ impl, workload, seconds, bytes, checksum: sum, count: workload === "windows" ? starts.length : 1, maxrss_kb: selfPeakKb() }));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
