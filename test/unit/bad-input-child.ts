/**
 * Child-process side of bad-input-isolated.ts (started with `--import tsx`). Tasks:
 * - `read` {dir, modes, options}: read a whole file (tree and every value) once per mode;
 * - `fuzz` {bases, workRoot, seed, from, to, modes}: for each variant number, damage a copy of
 *   each base store (bad-input-fuzz-damage.ts), read it whole in every mode, and undo the damage.
 * Each read is reported as ok, a typed error (HdmfZarrError) or an untyped one.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HdmfZarrError } from "../../src/errors.js";
import type { Mode } from "../../src/io/modes.js";
import type { ZarrIOOptions } from "../../src/io/zarr-io.js";
import { copyStore, readEverything } from "./bad-input-helpers.js";
import { damageStore, storeFiles } from "./bad-input-fuzz-damage.js";
import type { Outcome, ChildMessage } from "./bad-input-isolated.js";

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

interface FuzzArgs {
  bases: { label: string; dir: string; options?: ZarrIOOptions }[];
  workRoot: string;
  seed: number;
  from: number;
  to: number;
  modes: Mode[];
}

async function fuzzTask(args: FuzzArgs): Promise<void> {
  // One working copy per base file; after each variant the damaged files get their bytes back.
  const copies = args.bases.map((base) => {
    const dir = copyStore(base.dir, join(args.workRoot, `fuzz-${base.label}-${process.pid}`));
    const original = new Map(storeFiles(dir).map((f) => [f, readFileSync(join(dir, f))]));
    return { ...base, dir, original };
  });
  for (let id = args.from; id < args.to; id++) {
    post({ type: "start", id });
    const outcomes = [];
    for (const copy of copies) {
      const damage = damageStore(copy.dir, args.seed, id);
      const what = damage.map((d) => `${d.file} ${d.what}`).join("; ");
      for (const mode of args.modes) {
        const t0 = Date.now();
        const outcome = await outcomeOf(copy.dir, () => readEverything(copy.dir, mode, copy.options));
        outcomes.push({ label: `${copy.label} ${mode} [${what}]`, outcome, ms: Date.now() - t0 });
      }
      for (const d of damage) writeFileSync(join(copy.dir, d.file), copy.original.get(d.file)!);
    }
    post({ type: "done", id, outcomes });
  }
  for (const copy of copies) rmSync(copy.dir, { recursive: true, force: true });
}

process.once("message", ({ task, args }: { task: string; args: unknown }) => {
  const run = task === "fuzz" ? fuzzTask(args as FuzzArgs) : readTask(args as ReadArgs);
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
