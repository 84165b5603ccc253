/**
 * The top functions of V8 CPU profiles (`node --cpu-prof`) by self time: what the read benchmark's
 * `--profile` section and `cpuprofile_top.ts` print. A process with worker threads writes one
 * profile per thread; each is summarized on its own, idle time left out of the shares.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[] }

/** One function's self time in a profile. */
export interface SelfTime { name: string; ms: number; share: number }

/** A thread's profile: its busy milliseconds (idle left out) and its top functions by self time. */
export interface ThreadSummary { busyMs: number; top: SelfTime[] }

/** Self time per function of the profile in `file`, the `top` largest; shares are of busy time. */
export function summarizeProfile(file: string, top = 15): ThreadSummary {
  const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let busy = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    const f = byId.get(id)!.callFrame;
    const name = `${f.functionName || "(anonymous)"} ${f.url ? `${basename(f.url)}:${f.lineNumber + 1}` : ""}`.trim();
    self.set(name, (self.get(name) ?? 0) + dt);
    if (name !== "(idle)") busy += dt;
  });
  self.delete("(idle)");
  const ranked = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { busyMs: busy / 1e3, top: ranked.map(([name, us]) => ({ name, ms: us / 1e3, share: busy > 0 ? us / busy : 0 })) };
}
