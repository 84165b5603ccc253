"use strict";
/**
 * Our side of the read benchmark, as a user reads an array: ZarrHierarchy.open over a LocalStore,
 * openArray, get() of the whole array or of each shared window. It runs as plain JavaScript
 * against a compiled copy of the package (`--lib`, made by compile-ours.sh), the way an installed
 * package runs: no TypeScript loader in the timed process or in its decode workers. Optionally
 * with a DecodePool (`--pool=N`); HDMF_ZARR_DECODE_WORKERS=0 keeps large reads on the main thread.
 *
 *   node bench/read-array/read_ours.cjs <store> <whole|windows> <windows.json> <count> --lib=<dir> [--pool=N]
 *
 * Prints one JSON line: seconds (open + reads), bytes read, checksum (checksum.cjs), peak RSS.
 */
const { readFileSync } = require("node:fs");
const { resolve } = require("node:path");
const { checksum, readerArgs, selfPeakKb } = require("./checksum.cjs");

const option = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

async function main() {
  const { store, workload, windowsPath, count } = readerArgs(process.argv.slice(2));
  const lib = option("lib");
  if (!lib) throw new Error("--lib=<compiled package folder> is required");
  const { LocalStore } = require(resolve(lib, "store/local.js"));
  const { ZarrHierarchy } = require(resolve(lib, "zarr/hierarchy.js"));
  const { DecodePool } = require(resolve(lib, "zarr/decode-pool.js"));
  const poolSize = option("pool");
  const pool = poolSize ? new DecodePool({ size: Number(poolSize) }) : undefined;
  const win = JSON.parse(readFileSync(windowsPath, "utf8"));
  const starts = win.starts.slice(0, count);

  const t0 = performance.now();
  const h = await ZarrHierarchy.open(new LocalStore(store), { decodePool: pool });
  const arr = await h.openArray("");
  let bytes = 0;
  let sum = 0;
  let seconds;
  if (workload === "whole") {
    const whole = await arr.get();
    seconds = (performance.now() - t0) / 1000;
    bytes = whole.data.byteLength;
    sum = checksum(whole.data);
  } else {
    const all = arr.shape[1] === win.cols;
    // The clock covers open and the get() calls, not the checksums between them.
    let ms = performance.now() - t0;
    for (const [r, c] of starts) {
      const sel = [{ start: r, stop: r + win.rows }, all ? null : { start: c, stop: c + win.cols }];
      const t = performance.now();
      const d = (await arr.get(sel)).data;
      ms += performance.now() - t;
      bytes += d.byteLength;
      sum = (sum + checksum(d)) >>> 0;
    }
    seconds = ms / 1000;
  }
  await pool?.close();
  const main = process.env.HDMF_ZARR_DECODE_WORKERS === "0" ? ", main thread" : "";
  const impl = `${pool ? `ours + DecodePool(${pool.size})` : `ours${main}`}, Node ${process.versions.node}`;
  console.log(JSON.stringify({ impl, workload, seconds, bytes, checksum: sum, count: workload === "windows" ? starts.length : 1, maxrss_kb: selfPeakKb() }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
