/**
 * The top functions of V8 CPU profiles (`node --cpu-prof`) by self time, as shares of the
 * profile: what the read benchmark's profile summaries in RESULTS.md list.
 *
 *   node --import tsx bench/read-array/cpuprofile_top.ts <file.cpuprofile>... [--top N]
 *
 * One table per file (a worker thread writes its own file): share, milliseconds, function, file:line.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const args = process.argv.slice(2);
const topArg = args.indexOf("--top");
const top = topArg >= 0 ? Number(args[topArg + 1]) : 15;
const files = args.filter((a, i) => !a.startsWith("--") && i !== topArg + 1);

for (const file of files) {
  const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    const f = byId.get(id)!.callFrame;
    const name = `${f.functionName || "(anonymous)"} ${f.url ? `${basename(f.url)}:${f.lineNumber + 1}` : ""}`.trim();
    self.set(name, (self.get(name) ?? 0) + dt);
    total += dt;
  });
  console.log(`\n${file}: ${(total / 1e6).toFixed(2)} s sampled`);
  for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1e3).toFixed(0).padStart(6)} ms  ${name}`);
  }
}
