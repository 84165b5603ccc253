/**
 * Progress of long writes: a text bar redrawn in place on stderr in Node, or one updating output
 * in a tslab notebook (through the kernel's own tslab, src/tslab-kernel.ts). Like tqdm's bar: percentage, count of total, elapsed and remaining time, rate.
 */
import { tslabModule } from "../tslab-kernel.js";

/** Where a bar is drawn. */
export interface ProgressTarget {
  /** Show `line`, replacing what was shown before. */
  show(line: string): void;
  /** The bar is finished (a final `show` came just before). */
  end(): void;
}

/** Options of {@link Progress}. */
export interface ProgressOptions {
  /** Units of work in all (buffers, megabytes). */
  total: number;
  /** Name of a unit, shown after the counts (default none). */
  unit?: string;
  /** Text before the bar. */
  description?: string;
  /** Where to draw: "auto" (tslab output in a notebook, else stderr), or a target of your own. */
  target?: "auto" | "stderr" | "tslab" | ProgressTarget;
  /** Least time between redraws, ms (default 100). */
  minIntervalMs?: number;
}

interface UpdatableDisplay {
  text(s: string): void;
}

/** An updating output of the running tslab kernel, or undefined outside one. */
function tslabDisplay(): UpdatableDisplay | undefined {
  const newDisplay = tslabModule<{ newDisplay: () => UpdatableDisplay }>()?.newDisplay;
  return typeof newDisplay === "function" ? newDisplay() : undefined;
}

/** The bar on stderr: redrawn with a carriage return, ended with a newline. */
export const stderrTarget: ProgressTarget = {
  show: (line) => void process.stderr.write(`\r${line}`),
  end: () => void process.stderr.write("\n"),
};

function resolveTarget(target: ProgressOptions["target"]): ProgressTarget {
  if (typeof target === "object") return target;
  if (target !== "stderr") {
    const d = tslabDisplay();
    if (d) return { show: (line) => d.text(line), end: () => undefined };
  }
  return stderrTarget;
}

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  const mm = String(Math.floor(s / 60) % 60).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm}:${ss}` : `${mm}:${ss}`;
}

const BAR_WIDTH = 24;

/** The text of a bar (exported for tests): `desc: 40%|█████…| 4/10 MB [00:02<00:03, 2.00 MB/s]`. */
export function formatProgress(done: number, total: number, seconds: number, unit = "", description = ""): string {
  const frac = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(frac * BAR_WIDTH);
  const rate = seconds > 0 ? done / seconds : 0;
  const remaining = rate > 0 ? (total - done) / rate : Infinity;
  const u = unit ? ` ${unit}` : "";
  const head = description ? `${description}: ` : "";
  return `${head}${String(Math.floor(frac * 100)).padStart(3)}%|${"█".repeat(filled)}${" ".repeat(BAR_WIDTH - filled)}| ${done}/${total}${u} ` +
    `[${clock(seconds)}<${done >= total ? "00:00" : clock(remaining)}, ${rate.toFixed(2)}${u || " it"}/s]`;
}

/** A progress bar: `update(n)` as work is done, `close()` at the end. */
export class Progress {
  readonly total: number;
  private doneCount = 0;
  private readonly started = Date.now();
  private lastDraw = 0;
  private closed = false;
  private readonly target: ProgressTarget;
  private readonly options: ProgressOptions;

  constructor(options: ProgressOptions) {
    this.options = options;
    this.total = options.total;
    this.target = resolveTarget(options.target ?? "auto");
    this.draw(true);
  }

  /** Units done so far. */
  get done(): number {
    return this.doneCount;
  }

  /** Add `n` units of work done. */
  update(n = 1): void {
    this.doneCount += n;
    this.draw(this.doneCount >= this.total);
  }

  /** Draw the final state and end the bar (once). */
  close(): void {
    if (this.closed) return;
    this.draw(true);
    this.closed = true;
    this.target.end();
  }

  private draw(force: boolean): void {
    if (this.closed) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < (this.options.minIntervalMs ?? 100)) return;
    this.lastDraw = now;
    const rounded = Math.round(this.doneCount * 100) / 100;
    this.target.show(formatProgress(rounded, this.total, (now - this.started) / 1000, this.options.unit, this.options.description));
  }
}
