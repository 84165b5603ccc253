/**
 * Child process of synchronizer.test.ts: counts up its own columns of one shared chunk, one column
 * per read-modify-write. The children start together: each leaves a ready file beside the store
 * and waits for all `step` of them, so that their writes overlap however slowly each one started.
 * argv: store folder, lock folder ("-" for none), first column, step (= number of children), rounds.
 */
import { existsSync, writeFileSync } from "node:fs";
import { ChunkLocks } from "../../../src/store/file-lock.js";
import { LocalStore } from "../../../src/store/local.js";
import { ZarrHierarchy } from "../../../src/zarr/hierarchy.js";
import { writeRegion } from "../../../src/format/write-region.js";

async function main(): Promise<void> {
  const [root, locks, first, step, rounds] = process.argv.slice(2);
  const store = new LocalStore(root, locks === "-" ? {} : { synchronizer: new ChunkLocks(locks) });
  const array = await (await ZarrHierarchy.open(store, { consolidated: false })).openArray("a");
  writeFileSync(`${root}.ready-${first}`, "");
  const ready = () => Array.from({ length: Number(step) }, (_, i) => existsSync(`${root}.ready-${i}`)).every(Boolean);
  while (!ready()) await new Promise((r) => setTimeout(r, 2));
  // Each round adds one to each own column, from the value the file holds: an update another
  // child's read-modify-write of the chunk undid stays lost, so the final count shows every loss.
  for (let round = 1; round <= Number(rounds); round++) {
    for (let col = Number(first); col < array.shape[1]; col += Number(step)) {
      const cell = [0, { start: col, stop: col + 1 }] as const;
      const now = Number((await array.get([...cell])).data[0]);
      await writeRegion(array, [...cell], now + 1);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
