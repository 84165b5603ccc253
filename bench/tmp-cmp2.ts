import { readFileSync } from "node:fs";
import { createNodeCodecs } from "../src/zarr/codecs/native/node-codecs.js";
async function main() {
  const fast = createNodeCodecs();
  const Blosc = (await import("numcodecs/blosc" as string)).default;
  const wb = Blosc.fromConfig({ id: "blosc" });
  const files = ["0.0", "3.5", "7.7", "1.1", "6.2"].map((f) => readFileSync("bench/data/full-v2-blosc/" + f));
  for (const [name, fn] of [["fast", (b: Uint8Array) => fast.blosc(b)!], ["wasm", (b: Uint8Array) => wb.decode(b)]] as const) {
    for (const b of files) await fn(b);
    const c0 = process.cpuUsage(); const t0 = performance.now(); const reps = 6;
    for (let r = 0; r < reps; r++) for (const b of files) await fn(b);
    const c = process.cpuUsage(c0); const n = reps * files.length;
    console.log(name, "cpu ms/chunk", ((c.user + c.system) / 1000 / n).toFixed(1), "wall", ((performance.now() - t0) / n).toFixed(1), "→ cpu MB/s", (8.39 * n / ((c.user + c.system) / 1e6)).toFixed(0));
  }
}
main();
