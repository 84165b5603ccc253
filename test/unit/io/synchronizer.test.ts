/**
 * The synchronizer: lock files per store key (src/store/file-lock.ts) shared by processes, so two
 * processes changing different elements of the same chunks lose nothing; a control run without
 * locks shows the lost updates the locks prevent. Stale locks (dead owner, too old) are broken.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { GroupBuilder, DatasetBuilder, LocalStore, ZarrIO } from "../../../src/index.js";
import { acquireFileLock, ChunkLocks, keyLockerOf } from "../../../src/store/file-lock.js";
import { ZarrHierarchy } from "../../../src/zarr/hierarchy.js";
import { GenericDataChunkIterator } from "../../../src/io/generic-data-chunk-iterator.js";
import type { ChunkSlice } from "../../../src/io/data-chunk.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const tmp = tempFolders("synchronizer");
after(() => tmp.cleanup());

const COLS = 16;
const ROUNDS = 25;

function run(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "synchronizer-child.ts"), ...args], { stdio: ["ignore", "ignore", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code) => resolve(code ?? -1));
  });
}

/** Two processes write the even and the odd columns of a 1 × COLS array held in one chunk; returns the final row. */
async function race(withLocks: boolean): Promise<number[]> {
  const root = join(tmp.make(), "shared.zarr");
  const io = new ZarrIO(root, "w");
  await io.writeBuilder(new GroupBuilder("root", { datasets: [new DatasetBuilder("a", [new Array(COLS).fill(0)], { dtype: "int32" })] }));
  await io.close();
  const locks = withLocks ? `${root}.sync` : "-";
  const codes = await Promise.all([run([root, locks, "0", "2", String(ROUNDS)]), run([root, locks, "1", "2", String(ROUNDS)])]);
  assert.deepEqual(codes, [0, 0]);
  const array = await (await ZarrHierarchy.open(new LocalStore(root), { consolidated: false })).openArray("a");
  return Array.from((await array.get()).data as Int32Array);
}

describe("synchronizer across processes", () => {
  it("with locks, every column counts every round of its writer", async () => {
    assert.deepEqual(await race(true), new Array(COLS).fill(ROUNDS));
  });

  it("control: without locks, read-modify-writes of one chunk lose updates", async () => {
    const row = await race(false);
    assert.ok(row.some((v) => v !== ROUNDS), `expected a lost update without locks, got ${row}`);
  });
});

describe("lock files", () => {
  it("a second taker waits until the first releases", async () => {
    const file = join(tmp.make(), "k.lock");
    const release = await acquireFileLock(file);
    let second = false;
    const waiting = acquireFileLock(file).then((r) => ((second = true), r));
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(second, false);
    await release();
    await (await waiting)();
    assert.equal(second, true);
    assert.equal(existsSync(file), false);
  });

  it("a lock of a dead process, or one older than staleMs, is broken", async () => {
    const dir = tmp.make();
    const dead = join(dir, "dead.lock");
    writeFileSync(dead, `999999999\n${(await import("node:os")).hostname()}\n0\n`);
    await (await acquireFileLock(dead, { timeoutMs: 5000 }))();
    const old = join(dir, "old.lock");
    writeFileSync(old, "1\nanother-host\n0\n");
    utimesSync(old, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    await (await acquireFileLock(old, { staleMs: 60_000, timeoutMs: 5000 }))();
    const held = join(dir, "held.lock");
    writeFileSync(held, `${process.pid}\n${(await import("node:os")).hostname()}\n0\n`);
    await assert.rejects(acquireFileLock(held, { timeoutMs: 300 }), /timed out waiting for the lock file/);
  });

  it("ZarrIO({ synchronizer: true }) gives the local store chunk locks, which block writes take", async () => {
    class Ones extends GenericDataChunkIterator {
      protected getData(sel: ChunkSlice[]) {
        return new Float64Array((sel[0].stop - sel[0].start) * 2).fill(1);
      }
      protected getMaxShape() {
        return [40, 2];
      }
      protected getDtype() {
        return "float64";
      }
    }
    const root = join(tmp.make(), "s.zarr");
    const io = new ZarrIO(root, "w", { synchronizer: true });
    await io.open();
    const locker = keyLockerOf((io as unknown as { store: unknown }).store);
    assert.ok(locker instanceof ChunkLocks);
    assert.equal(locker.folder, `${root}.sync`);
    const taken: string[] = [];
    const withKeys = locker.withKeys.bind(locker);
    locker.withKeys = (keys, fn) => (taken.push(...keys), withKeys(keys, fn));
    await io.writeBuilder(new GroupBuilder("root", { datasets: [new DatasetBuilder("d", new Ones({ chunkShape: [10, 2], bufferShape: [20, 2] }))] }));
    await io.close();
    assert.deepEqual(taken, ["d/c/0/0", "d/c/1/0", "d/c/2/0", "d/c/3/0"]);
  });
});
