/**
 * Opening an NWB Zarr file over HTTP with first-byte latency: requests, how many were waited for
 * one after another (rounds: a request that starts after the previous round's answers), and time.
 * The file is served by the test suite's HTTP server (Range, a fixed delay before each answer).
 *
 *   node --import tsx bench/nwb-open/remote.ts [store] [--delays 20,80] [--reps 3]
 *
 * Default store: the zarr_tutorial fixture (Zarr v2, consolidated). A store without consolidated
 * metadata is listed through the server's HTML directory index (as python -m http.server serves).
 */
import { loadavg } from "node:os";
import { NWBZarrIO } from "../../src/index.js";
import { ZARR_TUTORIAL_FIXTURE } from "../../test/helpers/fixture-paths.js";
import { startHttpServer } from "../../test/helpers/http-server.js";

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const delays = flag("--delays", "20,80").split(",").map(Number);
const reps = Number(flag("--reps", "3"));
const store = args[0] ?? ZARR_TUTORIAL_FIXTURE;

async function main(): Promise<void> {
const server = await startHttpServer(store, { directoryListing: "html" });
console.log(`store: ${store}; load average: ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
console.log("| first-byte delay | requests | rounds | median open s |");
console.log("|---:|---:|---:|---:|");
try {
  for (const delay of delays) {
    server.delayMs = delay;
    const times: number[] = [];
    let requests = 0;
    let rounds = 0;
    for (let r = 0; r < reps; r++) {
      server.stats.reset();
      const starts: number[] = [];
      const t0 = performance.now();
      const file = await NWBZarrIO.readNwb(server.url + "/");
      times.push((performance.now() - t0) / 1000);
      if (!file.identifier) throw new Error("the file read has no identifier");
      requests = server.stats.total;
      // Requests that arrive more than half a delay after the previous one waited for an answer.
      for (const rec of server.stats.log) starts.push(rec.time);
      rounds = starts.filter((t, i) => i === 0 || t - starts[i - 1] > delay / 2).length;
    }
    times.sort((a, b) => a - b);
    console.log(`| ${delay} ms | ${requests} | ${rounds} | ${times[Math.floor(times.length / 2)].toFixed(2)} |`);
  }
} finally {
  await server.close();
}
}

void main();
