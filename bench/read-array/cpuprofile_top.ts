/**
 * The top functions of V8 CPU profiles (`node --cpu-prof`) by self time, as shares of each
 * thread's busy time (idle left out).
 *
 *   node --import tsx bench/read-array/cpuprofile_top.ts <file.cpuprofile>... [--top N]
 *
 * One table per file (a worker thread writes its own file): share, milliseconds, function, file:line.
 */
import { summarizeProfile } from "./profile-summary.js";

const args = process.argv.slice(2);
const topArg = args.indexOf("--top");
const top = topArg >= 0 ? Number(args[topArg + 1]) : 15;
const files = args.filter((a, i) => !a.startsWith("--") && i !== topArg + 1);

for (const file of files) {
  const s = summarizeProfile(file, top);
  console.log(`\n${file}: ${(s.busyMs / 1e3).toFixed(2)} s busy`);
  for (const t of s.top) console.log(`${(100 * t.share).toFixed(1).padStart(5)}%  ${t.ms.toFixed(0).padStart(6)} ms  ${t.name}`);
}
