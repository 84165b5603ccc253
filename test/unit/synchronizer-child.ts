/**
 * Child process of synchronizer.test.ts: writes its own columns of one shared chunk, one column
 * per read-modify-write, starting at a given time so that two children overlap.
 * argv: store folder, lock folder ("-" for none), first column, step, rounds, start time (ms).
 */
import { ChunkLocks } from "../../src/store/file-lock.js";
import { LocalStore } from "../../src/store/local.js";
import { ZarrHierarchy } from "../../src/zarr/hierarchy.js";
import { writeRegion } from "../../src/format/write-region.js";

async function main(): Promise<void> {
  const [root, locks, first, step, rounds, start] = process.argv.slice(2);
  const store = new LocalStore(root, locks === "-" ? {} : { synchronizer: new ChunkLocks(locks) });
  const array = await (await ZarrHierarchy.open(store, { consolidated: false })).openArray("a");
  await new Promise((r) => setTimeout(r, Math.max(0, Number(start) - Date.now())));
  for (let round = 1; round <= Number(rounds); round++) {
    for (let col = Number(first); col < array.shape[1]; col += Number(step)) {
      await writeRegion(array, [0, { start: col, stop: col + 1 }], round);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
