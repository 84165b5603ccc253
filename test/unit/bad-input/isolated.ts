/**
 * Runs bad-input reads in a child process that can be stopped, so that a reader that hangs
 * (a loop that never ends, a promise that never settles) or exhausts memory ends the child, not
 * the test process — and the test can say which input did it. A child process rather than a
 * worker thread: it loads the TypeScript sources exactly as the tests do (`--import tsx`), and a
 * crash in native or WebAssembly code cannot take the test runner down.
 */
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";

/** How one read ended. */
export type Outcome =
  | { kind: "ok" }
  | { kind: "typed"; name: string; message: string; store?: string; path?: string; located?: boolean }
  | { kind: "untyped"; name: string; message: string; stack?: string };

/** A message from the child. */
export type ChildMessage =
  | { type: "start"; id: number }
  | { type: "done"; id: number; outcomes: { label: string; outcome: Outcome; ms: number }[] }
  | { type: "end" };

const stderrTails = new WeakMap<ChildProcess, string>();

/** Where and how a child runs: another child module (the fuzz suite's), extra environment, a heap cap. */
export interface ChildOptions {
  /** Module the child runs; default child.ts. */
  module?: string;
  /** Added to the parent's environment. */
  env?: Record<string, string>;
  /** `--max-old-space-size` of the child, MiB. Default 1024. */
  heapMiB?: number;
}

/** Start the bad-input child process on `task` (see child.ts, or `options.module`). */
export function startChild(task: string, args: unknown, options: ChildOptions = {}): ChildProcess {
  const child = fork(options.module ?? join(__dirname, "child.ts"), [], {
    execArgv: ["--import", "tsx", `--max-old-space-size=${options.heapMiB ?? 1024}`],
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "ignore", "pipe", "ipc"],
    serialization: "advanced",
  });
  stderrTails.set(child, "");
  child.stderr?.setEncoding("utf8").on("data", (text: string) => stderrTails.set(child, (stderrTails.get(child)! + text).slice(-2000)));
  child.send({ task, args });
  return child;
}

/** The last things a child wrote to stderr (for messages about a crash). */
export function stderrTail(child: ChildProcess): string {
  return stderrTails.get(child) ?? "";
}

/** Stop a child (its whole process; it is ours). */
export function stopChild(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

/** What a stopped or finished run gives. */
export type IsolatedResult =
  | { kind: "finished"; messages: ChildMessage[] }
  | { kind: "timeout"; messages: ChildMessage[] }
  | { kind: "crash"; message: string; messages: ChildMessage[] };

/** Run one task in a child; stop it after `timeoutMs` without a finished answer. */
export function runIsolated(task: string, args: unknown, timeoutMs: number): Promise<IsolatedResult> {
  return new Promise((resolve) => {
    const child = startChild(task, args);
    const messages: ChildMessage[] = [];
    let settled = false;
    const finish = (result: IsolatedResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stopChild(child);
      resolve(result);
    };
    const timer = setTimeout(() => finish({ kind: "timeout", messages }), timeoutMs);
    child.on("message", (m: ChildMessage) => {
      if (m.type === "end") finish({ kind: "finished", messages });
      else messages.push(m);
    });
    child.on("error", (e) => finish({ kind: "crash", message: `${e.name}: ${e.message}`, messages }));
    child.on("exit", (code, signal) => finish({ kind: "crash", message: `child exited (code ${code}, signal ${signal}): ${stderrTail(child)}`, messages }));
  });
}
