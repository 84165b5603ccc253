/**
 * Shared parts of the failed-write tests (failed-writes.test.ts and its child process): a store
 * that stops at its Nth change as a killed writer would, the file both write, the values it must
 * read back, the one check every stopped store must pass (read in full and exactly, or refused
 * with a typed error — never fill values), and a small tmpfs to run out of space on.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { HdmfZarrError, IncompleteWriteError, NodeNotFoundError } from "../../../src/errors.js";
import { DatasetBuilder, GroupBuilder, LinkBuilder, ReferenceBuilder } from "../../../src/format/builders.js";
import type { ZarrDataset } from "../../../src/format/zarr-dataset.js";
import { DataChunkIterator } from "../../../src/io/data-chunk-iterator.js";
import type { Mode } from "../../../src/io/modes.js";
import { ZarrIO } from "../../../src/io/zarr-io.js";
import { LocalStore } from "../../../src/store/local.js";
import type { WritableStore } from "../../../src/store/types.js";
import { allDatasets, plainValues } from "../../helpers/zarr-files.js";

/**
 * A local folder whose changes (set, delete, deletePrefix) stop after the `stopAfter`th: every
 * later change waits forever, so the folder stays as a writer killed at that moment leaves it
 * (each change is atomic on disk). `onStop` runs once, when the limit is reached.
 */
export class StoppingStore implements WritableStore {
  readonly inner: LocalStore;
  readonly description: string;
  changes = 0;
  constructor(root: string, readonly stopAfter = Infinity, readonly onStop: () => void = () => undefined) {
    this.inner = new LocalStore(root);
    this.description = this.inner.description;
  }
  get(key: string) { return this.inner.get(key); }
  has(key: string) { return this.inner.has(key); }
  getRange(key: string, offset: number, length?: number) { return this.inner.getRange(key, offset, length); }
  list(prefix: string) { return this.inner.list(prefix); }
  set(key: string, value: Uint8Array) { return this.change(() => this.inner.set(key, value)); }
  delete(key: string) { return this.change(() => this.inner.delete(key)); }
  deletePrefix(prefix: string) { return this.change(() => this.inner.deletePrefix(prefix)); }

  private async change(run: () => Promise<void>): Promise<void> {
    if (this.changes >= this.stopAfter) return new Promise<void>(() => undefined);
    this.changes++;
    await run();
    if (this.changes === this.stopAfter) this.onStop();
  }
}

/** Value i of the large dataset (exact in float64). */
export const bigValue = (i: number) => i * 0.5 - 3;

/** Values of the sample file's datasets, by path, for a large dataset of `bigLength` values. */
export function sampleValues(bigLength: number): Record<string, unknown[]> {
  return {
    "/small": [1, 2, 3, 4, 5, 6, 7],
    "/g/y": [1.5, -2.25],
    "/big": Array.from({ length: bigLength }, (_, i) => bigValue(i)),
    "/refs": ["ref:/small"],
    "/text": ["alpha", "beta"],
  };
}

/**
 * The sample file: a group with a link, a small array, a large array streamed from an iterator in
 * chunks of `chunk` values (written after the small one), a reference dataset, text, and
 * reference attributes.
 */
export function sampleTree(bigLength: number, chunk: number): GroupBuilder {
  const small = new DatasetBuilder("small", [1, 2, 3, 4, 5, 6, 7], { dtype: "int32", chunks: [3] });
  const g = new GroupBuilder("g", { datasets: [new DatasetBuilder("y", [1.5, -2.25], { dtype: "float64" })], attributes: { note: "group g" } });
  g.setLink(new LinkBuilder(small, "lnk"));
  const rows = function* () {
    for (let i = 0; i < bigLength; i++) yield bigValue(i);
  };
  const big = new DatasetBuilder("big", new DataChunkIterator({ data: rows(), bufferSize: chunk, dtype: "float64", maxShape: [bigLength] }), {
    attributes: { unit: "volts", source: new ReferenceBuilder(small) },
  });
  return new GroupBuilder("root", {
    groups: [g],
    datasets: [
      small, big,
      new DatasetBuilder("refs", [new ReferenceBuilder(small)], { dtype: "object" }),
      new DatasetBuilder("text", ["alpha", "beta"], { dtype: "text" }),
    ],
    attributes: { title: "failed writes", main: new ReferenceBuilder(g) },
  });
}

/** A spec cache entry, so that the write also caches namespaces. */
export const SAMPLE_SPEC = [{ name: "sample", version: "1.0", documents: { namespace: { namespaces: [{ name: "sample", version: "1.0" }] } } }];

/**
 * What a reader made of a store: every object of the file read back exactly, a typed refusal, or
 * an empty file (the writer stopped after creating the file, before writing anything into it).
 */
export type Verdict = "complete" | "refused" | "empty";

/**
 * Open a store in `mode` and read everything, as a user would. Passes when the file reads in full
 * with exactly `expected` and no object is marked incomplete, or when the reader refuses with a
 * typed error that names the store (and, for an object, the object); every value that does read
 * must be exact. Fails on fill values or any other wrong value read without an error.
 */
export async function readOrRefuse(dir: string, mode: Mode, expected: Record<string, unknown[]>): Promise<Verdict> {
  const io = new ZarrIO(dir, mode);
  try {
    let root: GroupBuilder;
    try {
      root = await io.readBuilder();
    } catch (e) {
      // Nothing of the file exists yet (or its root metadata is gone): not a store, said so. Or a
      // link whose target is not written yet, in a file marked incomplete.
      assert.ok(e instanceof NodeNotFoundError || e instanceof IncompleteWriteError, `${mode}: opening refused with ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
      assert.equal(e.store, dir);
      if (e instanceof IncompleteWriteError) assert.match(e.message, /did not finish/);
      return "refused";
    }
    const incomplete = await io.incompleteNodes();
    const empty = !root.groups.size && !root.datasets.size && !root.links.size && !Object.keys(root.attributes).length;
    if (empty && !incomplete.length) return "empty";
    let refused = incomplete.length > 0;
    for (const ds of allDatasets(root)) {
      let values: unknown[];
      try {
        values = plainValues((await (ds.data as ZarrDataset).get()).data);
      } catch (e) {
        assert.ok(e instanceof IncompleteWriteError, `${mode}: ${ds.path} failed with ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
        assertNamesNode(e, dir, ds.path);
        assert.ok(incomplete.includes(ds.path), `${mode}: incompleteNodes() lists ${ds.path} (${incomplete.join(", ")})`);
        refused = true;
        continue;
      }
      assert.deepEqual(values, expected[ds.path], `${mode}: ${ds.path} read without an error, so it must be exact`);
    }
    if (!refused) {
      assert.deepEqual(allDatasets(root).map((d) => d.path).sort(), Object.keys(expected).sort(), `${mode}: nothing is marked incomplete, so every object is there`);
    }
    return refused ? "refused" : "complete";
  } finally {
    await io.close();
  }
}

/** An IncompleteWriteError about one object: it names the store and the object, says the write did not finish and how to write it again. */
export function assertNamesNode(e: HdmfZarrError, dir: string, path: string): void {
  assert.equal(e.store, dir);
  assert.equal(e.path, path);
  assert.match(e.message, /did not finish/);
  assert.match(e.message, /mode 'a' or 'r\+'/);
}

/**
 * Mount a tmpfs of `size` (e.g. "1m") on `dir`: undefined when mounted, else why it cannot be
 * (not root, no mount permission in this container).
 */
export function mountTmpfs(dir: string, size: string): string | undefined {
  mkdirSync(dir, { recursive: true });
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], { encoding: "utf8" });
  if (r.status === 0) return undefined;
  return `SKIP: cannot mount a tmpfs here (${(r.stderr || r.error?.message || `exit ${r.status}`).trim()}); run as root with mount permission`;
}

/** Give a mounted tmpfs a new size. */
export function resizeTmpfs(dir: string, size: string): void {
  const r = spawnSync("mount", ["-o", `remount,size=${size}`, dir], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
}

export function unmount(dir: string): void {
  spawnSync("umount", [dir]);
}
