/**
 * Our export of the benchmark file (Zarr v2) into a new Zarr v3 file with `numberOfJobs` jobs:
 * every chunk is decoded (v2 zstd) and encoded again (v3 zstd), the path that runs on worker
 * threads. Timed, with the load average of the machine at the end (it is shared).
 *
 *   node --import tsx bench/export-copy/export.ts <src.nwb.zarr> <dst.nwb.zarr> <jobs>
 *
 * Prints {"impl", "jobs", "seconds", "mbps", "cpu_seconds", "max_rss_kb", "loadavg"}; cpu_seconds is
 * the user + system time of the process, all threads.
 */
import { loadavg } from "node:os";
import { rmSync } from "node:fs";
import { ZarrIO } from "../../src/index.js";

async function main(): Promise<void> {
  const [src, dst, jobsArg, bytesArg] = process.argv.slice(2);
  const jobs = Number(jobsArg);
  rmSync(dst, { recursive: true, force: true });
  const start = performance.now();
  const source = new ZarrIO(src, "r");
  const dest = new ZarrIO(dst, "w");
  await dest.export(source, { linkData: false, ...(jobs > 1 ? { numberOfJobs: jobs } : {}) });
  await dest.close();
  await source.close();
  const seconds = (performance.now() - start) / 1000;
  const bytes = Number(bytesArg);
  const usage = process.resourceUsage();
  const cpu = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  console.log(JSON.stringify({ impl: "ours", jobs, seconds, mbps: bytes / 1e6 / seconds, cpu_seconds: cpu, max_rss_kb: usage.maxRSS, loadavg: loadavg() }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
