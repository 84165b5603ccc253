/**
 * Our side of sharded_windows.sh: read every window of a list from a local sharded array and
 * print one JSON line. HDMF_ZARR_SHARD_READ picks the shard read (src/zarr/shard-read.ts): unset
 * (index + touched inner chunks' ranges; the whole shard in one request above WHOLE_SHARD_SHARE),
 * `ranges` or `shard` (always one of those two), `whole` (every shard fetched and decoded whole:
 * the reader before partial shard reads).
 *
 *   node --import tsx bench/read-array/sharded_read.ts <store> <windows.json>
 */
import { readFileSync } from "node:fs";
import { LocalStore } from "../../src/store/local.js";
import { ZarrHierarchy } from "../../src/zarr/hierarchy.js";
import { shardReadMode } from "../../src/zarr/shard-read.js";

interface Windows {
  rows: number;
  starts: number[];
}

async function main(): Promise<void> {
  const [storePath, windowsPath] = process.argv.slice(2);
  const win = JSON.parse(readFileSync(windowsPath, "utf8")) as Windows;
  const arr = await (await ZarrHierarchy.open(new LocalStore(storePath))).openArray("");
  let nbytes = 0;
  let checksum = 0;
  const t0 = performance.now();
  for (const s of win.starts) {
    const part = await arr.get([{ start: s, stop: s + win.rows }, null]);
    const d = part.data as Float32Array;
    nbytes += d.byteLength;
    checksum += d[0] + d[d.length - 1];
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({
    impl: `ours (shard read: ${shardReadMode()})`, rows: win.rows, count: win.starts.length,
    seconds, mbps: nbytes / 1e6 / seconds, checksum, maxrss_mb: process.resourceUsage().maxRSS / 1024,
  }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
