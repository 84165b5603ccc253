/**
 * Child-process side of bad-input-isolated.ts (started with `--import tsx`). Task `read`
 * {dir, modes, options}: read a whole file (tree and every value) once per mode, each read
 * reported as ok, a typed error (HdmfZarrError) or an untyped one. (The fuzz suite, test/fuzz,
 * runs its own child module through the same harness.)
 */
import { HdmfZarrError } from "../../../src/errors.js";
import type { Mode } from "../../../src/io/modes.js";
import type { ZarrIOOptions } from "../../../src/io/zarr-io.js";
import type { Outcome, ChildMessage } from "./isolated.js";
import { readEverything } from "../../helpers/zarr-files.js";

const post = (m: ChildMessage) => process.send!(m);

/** How `run` ended; a typed error is `located` when it names the store `dir` and a node path. */
async function outcomeOf(dir: string, run: () => Promise<unknown>): Promise<Outcome> {
  try {
    await run();
    return { kind: "ok" };
  } catch (e) {
    if (e instanceof HdmfZarrError) {
      const located = e.store === dir && e.path !== undefined && e.message.includes(`'${dir}'`);
      return { kind: "typed", name: e.name, message: e.message, store: e.store, path: e.path, located };
    }
    const err = e as Error;
    return { kind: "untyped", name: err?.constructor?.name ?? typeof e, message: String(err?.message ?? e), stack: err?.stack };
  }
}

interface ReadArgs {
  dir: string;
  modes: Mode[];
  options?: ZarrIOOptions;
}

async function readTask(args: ReadArgs): Promise<void> {
  const outcomes = [];
  for (const mode of args.modes) {
    const t0 = Date.now();
    const outcome = await outcomeOf(args.dir, () => readEverything(args.dir, mode, args.options));
    outcomes.push({ label: mode, outcome, ms: Date.now() - t0 });
  }
  post({ type: "done", id: 0, outcomes });
}

process.once("message", ({ task, args }: { task: string; args: unknown }) => {
  const run = readTask(args as ReadArgs);
  run.then(
    () => {
      post({ type: "end" });
      process.disconnect();
    },
    (e: Error) => {
      // A failure of the harness itself (not of a read): the parent sees the child exit.
      console.error(e);
      process.exit(70);
    },
  );
});
