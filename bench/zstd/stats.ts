/** Small helpers shared by the zstd benchmarks: medians, run order, the machine's load. */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";

/** The median of `xs` (the mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** A shuffled copy: contenders run in a new order each rep, so a load change hits them alike. */
export function shuffle<T>(xs: T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** The 1-, 5- and 15-minute load averages, from /proc/loadavg where there is one. */
export function load(): string {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return loadavg().map((x) => x.toFixed(2)).join(" ");
  }
}
