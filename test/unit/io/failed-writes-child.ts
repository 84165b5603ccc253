/**
 * Child process of failed-writes.test.ts: writes the sample file (mode `w`), to be killed with
 * SIGKILL part way.
 * argv: store folder, Zarr format (2|3), stop after this many store changes (0: never), values of
 * the large dataset, values per chunk, worker threads (1: none).
 * Prints "stopped N" when it stops (it then waits to be killed), "writing" once the write has
 * begun, and "done N" (the number of store changes) when the write completes.
 */
import { ZarrIO } from "../../../src/io/zarr-io.js";
import { SAMPLE_SPEC, StoppingStore, sampleTree } from "./failed-writes-helpers.js";

async function main(): Promise<void> {
  const [dir, format, stopAfter, bigLength, chunk, jobs] = process.argv.slice(2);
  const limit = Number(stopAfter) || Infinity;
  // Kept alive while stopped, until the parent kills the process.
  const store = new StoppingStore(dir, limit, () => {
    setInterval(() => undefined, 1 << 30);
    process.stdout.write(`stopped ${limit}\n`);
  });
  // Worker threads write to the folder themselves, so only a plain path uses them.
  const target = Number(jobs) > 1 ? dir : store;
  const io = new ZarrIO(target, "w", { zarrFormat: Number(format) as 2 | 3 });
  process.stdout.write("writing\n");
  await io.writeBuilder(sampleTree(Number(bigLength), Number(chunk)), { cacheSpec: SAMPLE_SPEC, numberOfJobs: Number(jobs) });
  await io.close();
  process.stdout.write(`done ${store.changes}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
