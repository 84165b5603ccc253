// zarrita.js side of the read benchmark (plain node; zarrita 0.7.5 resolves from the node_modules of
// this folder): zarrita's FileSystemStore, open.v2 / open.v3, get().
//   node bench/read-array/zarrita/read.mjs <store> <whole|windows> <windows.json> <count>
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as zarr from "zarrita";
import FileSystemStore from "@zarrita/storage/fs";
import { checksum, readerArgs, selfPeakKb } from "../checksum.cjs";

const version = JSON.parse(readFileSync(new URL("./node_modules/zarrita/package.json", import.meta.url), "utf8")).version;
const { store, workload, windowsPath, count } = readerArgs(process.argv.slice(2));
const win = JSON.parse(readFileSync(windowsPath, "utf8"));
const starts = win.starts.slice(0, count);
const v3 = existsSync(join(store, "zarr.json"));

let t0 = performance.now();
const root = zarr.root(new FileSystemStore(store));
const arr = v3 ? await zarr.open.v3(root, { kind: "array" }) : await zarr.open.v2(root, { kind: "array" });
let ms = performance.now() - t0;
let bytes = 0;
let sum = 0;
if (workload === "whole") {
  t0 = performance.now();
  const whole = await zarr.get(arr);
  ms += performance.now() - t0;
  bytes = whole.data.byteLength;
  sum = checksum(whole.data);
} else {
  const all = arr.shape[1] === win.cols;
  for (const [r, c] of starts) {
    t0 = performance.now();
    const part = await zarr.get(arr, [zarr.slice(r, r + win.rows), all ? null : zarr.slice(c, c + win.cols)]);
    ms += performance.now() - t0;
    bytes += part.data.byteLength;
    sum = (sum + checksum(part.data)) >>> 0;
  }
}
console.log(JSON.stringify({ impl: `zarrita.js ${version}`, workload, seconds: ms / 1000, bytes, checksum: sum, count: workload === "windows" ? starts.length : 1, maxrss_kb: selfPeakKb() }));
