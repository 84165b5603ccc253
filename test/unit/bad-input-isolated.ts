/**
 * Runs bad-input reads in a worker thread that can be stopped, so that a reader that hangs
 * (a loop that never ends, a promise that never settles) or exhausts memory ends the worker,
 * not the test process — and the test can say which input did it.
 */
import { join } from "node:path";
import { Worker } from "node:worker_threads";

/** How one read ended. */
export type Outcome =
  | { kind: "ok" }
  | { kind: "typed"; name: string; message: string; store?: string; path?: string }
  | { kind: "untyped"; name: string; message: string; stack?: string };

/** A message from the worker. */
export type WorkerMessage =
  | { type: "start"; id: number }
  | { type: "done"; id: number; outcomes: { label: string; outcome: Outcome; ms: number }[] };

/** Start the bad-input worker on `task` (see bad-input-worker.ts). Tests run from the TypeScript sources, so tsx is registered first. */
export function startWorker(task: string, args: unknown): Worker {
  const file = join(__dirname, "bad-input-worker.ts");
  const hook = require.resolve("tsx/cjs");
  return new Worker(`require(${JSON.stringify(hook)}); require(${JSON.stringify(file)});`, {
    eval: true,
    execArgv: ["--import", "tsx"],
    workerData: { task, args },
    // A runaway reader hits this instead of the machine's memory.
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  });
}

/** What a stopped or finished worker run gives. */
export type IsolatedResult =
  | { kind: "finished"; messages: WorkerMessage[] }
  | { kind: "timeout"; messages: WorkerMessage[] }
  | { kind: "crash"; message: string; messages: WorkerMessage[] };

/** Run one task in a worker; stop it after `timeoutMs` without a finished answer. */
export function runIsolated(task: string, args: unknown, timeoutMs: number): Promise<IsolatedResult> {
  return new Promise((resolve) => {
    const worker = startWorker(task, args);
    const messages: WorkerMessage[] = [];
    let settled = false;
    const finish = (result: IsolatedResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ kind: "timeout", messages }), timeoutMs);
    worker.on("message", (m: WorkerMessage | { type: "end" }) => {
      if (m.type === "end") finish({ kind: "finished", messages });
      else messages.push(m);
    });
    worker.on("error", (e) => finish({ kind: "crash", message: `${e.name}: ${e.message}`, messages }));
    worker.on("exit", (code) => finish({ kind: "crash", message: `worker exited with code ${code}`, messages }));
  });
}
