/**
 * Child side of the fuzz suite (started by harness.ts through the bad-input harness, with
 * `--import tsx`): builds the target's inputs, runs its property with `fc.assert` under the given
 * seed, and posts how it went. Each run is announced first, so that a run that hangs or kills the
 * process is named by the parent; after each run the resident memory is checked against the bound,
 * so an input that makes memory grow fails the property (and is shrunk) like any other.
 */
import fc from "fast-check";
import type { BatchArgs } from "./budget.js";
import type { FuzzMessage } from "./harness.js";
import { TARGETS } from "./targets.js";

const post = (m: FuzzMessage) => process.send!(m);
const MiB = 1 << 20;

process.once("message", ({ task, args }: { task: string; args: BatchArgs }) => {
  void main(task, args).then(
    () => process.disconnect(),
    (e: Error) => {
      // A failure of the harness or of a target's set-up, not of a run: the parent sees the child exit.
      console.error(e);
      process.exit(70);
    },
  );
});

async function main(task: string, args: BatchArgs): Promise<void> {
  const target = TARGETS[task];
  if (!target) throw new Error(`no fuzz target '${task}' (known: ${Object.keys(TARGETS).join(", ")})`);
  const t0 = Date.now();
  const ctx = await target.setup(args.extra ?? {});
  const outcomes: Record<string, number> = {};
  let id = 0;
  const property = fc.asyncProperty(target.arbitrary(ctx), async (input) => {
    post({ type: "start", id: id++ });
    const outcome = await target.check(ctx, input);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    const rss = process.memoryUsage.rss() / MiB;
    if (rss > args.rssMiB) throw new Error(`resident memory ${Math.round(rss)} MiB after this run, bound ${args.rssMiB} MiB`);
  });
  let failed = false;
  let report = "";
  try {
    // The report of a failure holds the seed and path that replay it, and the shrunk counterexample.
    await fc.assert(property, { seed: args.seed, numRuns: args.runs, path: args.path, timeout: args.runTimeoutMs, includeErrorInReport: true });
  } catch (e) {
    failed = true;
    report = String((e as Error)?.message ?? e);
  }
  await target.teardown?.(ctx);
  await new Promise<void>((sent) => process.send!({
    type: "result",
    failed,
    report,
    seed: args.seed,
    numRuns: id,
    outcomes,
    rssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    ms: Date.now() - t0,
  } satisfies FuzzMessage, undefined, {}, () => sent()));
}
