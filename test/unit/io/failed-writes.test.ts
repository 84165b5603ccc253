/**
 * Writes that stop part way — a disk that fills up (a real small tmpfs, ENOSPC), a writing process
 * killed with SIGKILL, a writer stopped at each of its store changes — leave a store that readers
 * (modes `r` and `r-`) either read in full and exactly, or refuse with an IncompleteWriteError
 * naming the store and the object: never fill values in place of data that was not written.
 * Mode `a` / `r+` writes the object again; the repaired file reads in full, in Python too.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { IncompleteWriteError, StoreError } from "../../../src/errors.js";
import { DatasetBuilder, GroupBuilder, LinkBuilder } from "../../../src/format/builders.js";
import type { ZarrDataset } from "../../../src/format/zarr-dataset.js";
import { ZarrIO } from "../../../src/io/zarr-io.js";
import { LocalStore } from "../../../src/store/local.js";
import { NWBZarrIO, loadNwbTypes } from "../../../src/nwb/index.js";
import {
  SAMPLE_SPEC, StoppingStore, assertNamesNode, mountTmpfs, readOrRefuse, resizeTmpfs, sampleTree, sampleValues, unmount, type Verdict,
} from "./failed-writes-helpers.js";
import { READ_MODES, plainValues } from "../../helpers/zarr-files.js";
import { FORMATS } from "../../helpers/store-files.js";
import { venvPython, pythonReadDatasets } from "../../helpers/python.js";
import { buildSampleFile } from "../../helpers/nwb-sample-file.js";
import { tempFolder } from "../../helpers/temp-folders.js";


const tmp = tempFolder("hdmf-zarr-failed-writes");
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = (label: string) => join(tmp, `${label}-${n++}.zarr`);

/** `count` float64 values that do not compress (a seeded xorshift), so that they fill a disk. */
function noise(count: number, seed: number): Float64Array {
  let s = seed >>> 0 || 1;
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    out[i] = s / 0x1_0000_0000 + i;
  }
  return out;
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(() => assert.fail("the write was expected to fail"), (e: unknown) => e);
}

/** Read one dataset's values in `mode` (undefined when it is not there), or the error opening the file or reading it gave. */
async function readOne(dir: string, mode: "r" | "r-", path: string): Promise<unknown[] | Error | undefined> {
  const io = new ZarrIO(dir, mode);
  try {
    const root = await io.readBuilder();
    const ds = root.get(path.slice(1)) as DatasetBuilder | undefined;
    if (!ds) return undefined;
    return await (ds.data as ZarrDataset).get().then((nd) => plainValues(nd.data));
  } catch (e) {
    return e as Error;
  } finally {
    await io.close();
  }
}

/** After a failed write: `path` must refuse (or be absent) in both read modes; the other datasets read exactly. */
async function expectRefused(dir: string, path: string, others: Record<string, unknown[]>): Promise<void> {
  for (const mode of READ_MODES) {
    const got = await readOne(dir, mode, path);
    if (got !== undefined) {
      assert.ok(got instanceof IncompleteWriteError, `${mode}: ${path} must refuse, got ${Array.isArray(got) ? `values (${got.slice(0, 3).join(", ")}, …)` : String(got)}`);
      assertNamesNode(got, dir, path);
    }
    for (const [other, want] of Object.entries(others)) assert.deepEqual(await readOne(dir, mode, other), want, `${mode}: ${other}`);
  }
}

/** Python hdmf-zarr (0.14 for v3, 0.13 for v2) reads the root datasets of `dir`: name → values. */
const pythonValues = (format: 2 | 3, dir: string) => pythonReadDatasets(venvPython(`v${format}`), dir);
const pythonSkip = (format: 2 | 3) => (existsSync(venvPython(`v${format}`)) ? false : `SKIP: venv v${format} missing (bash test/interop/setup-venvs.sh)`);

/** Every metadata document under `dir` (node documents and consolidated metadata), as text. */
function metadataTexts(dir: string): string[] {
  const out: string[] = [];
  const walk = (sub: string) => {
    for (const e of readdirSync(sub, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(sub, e.name));
      else if (/^(zarr\.json|\.zattrs|\.zarray|\.zgroup|\.zmetadata)$/.test(e.name)) out.push(readFileSync(join(sub, e.name), "utf8"));
    }
  };
  walk(dir);
  return out;
}

describe("a write that runs out of space (a real 1 MB tmpfs)", () => {
  let mnt: string;
  let skip: string | undefined;
  before(() => {
    mnt = join(tmp, "tmpfs");
    skip = mountTmpfs(mnt, "1m");
    if (skip) console.log(skip);
  });
  after(() => {
    if (!skip) unmount(mnt);
  });

  const SMALL = { "/small": [1, 2, 3], "/g/y": [0.5, 1.5] };
  const big = (seed: number) => new DatasetBuilder("big", noise(192 * 1024, seed), { dtype: "float64", chunks: [16 * 1024] });
  const smallTree = (extra: DatasetBuilder[] = []) => new GroupBuilder("root", {
    groups: [new GroupBuilder("g", { datasets: [new DatasetBuilder("y", [0.5, 1.5], { dtype: "float64" })] })],
    datasets: [new DatasetBuilder("small", [1, 2, 3], { dtype: "int32" }), ...extra],
    attributes: { title: "space" },
  });

  for (const format of FORMATS) {
    it(`Zarr v${format}, mode w: the array whose chunks did not fit refuses to read; mode a writes it again`, async (t) => {
      if (skip) return t.skip(skip);
      resizeTmpfs(mnt, "1m");
      const dir = join(mnt, `w-v${format}.zarr`);
      t.after(() => rmSync(dir, { recursive: true, force: true }));
      const err = await rejection(new ZarrIO(dir, "w", { zarrFormat: format }).writeBuilder(smallTree([big(1)])));
      assert.ok(err instanceof IncompleteWriteError, String(err));
      assert.ok(err.cause instanceof StoreError && /ENOSPC|no space/i.test(err.cause.message), String(err.cause));
      assert.ok(err.incomplete.includes("/big"), err.incomplete.join(", "));
      await expectRefused(dir, "/big", SMALL);
      for (const mode of READ_MODES) {
        const io = new ZarrIO(dir, mode);
        assert.ok((await io.incompleteNodes()).includes("/"), `${mode}: the root is incomplete: its write did not finish`);
        await io.close();
      }

      // More space, and the whole tree written again in mode `a`: complete, and nothing is marked.
      resizeTmpfs(mnt, "8m");
      const repaired = new ZarrIO(dir, "a");
      await repaired.writeBuilder(smallTree([big(2)]));
      await repaired.close();
      const want = { ...SMALL, "/big": Array.from(noise(192 * 1024, 2)) };
      for (const mode of READ_MODES) assert.equal(await readOrRefuse(dir, mode, want), "complete", mode);
      assert.ok(metadataTexts(dir).every((text) => !text.includes("_INCOMPLETE")), "a complete file carries no marker");
    });

    it(`Zarr v${format}, mode a adding an array: it refuses to read (or is absent); r+ writes it again`, async (t) => {
      if (skip) return t.skip(skip);
      resizeTmpfs(mnt, "1m");
      const dir = join(mnt, `a-v${format}.zarr`);
      t.after(() => rmSync(dir, { recursive: true, force: true }));
      await new ZarrIO(dir, "w", { zarrFormat: format }).writeBuilder(smallTree());
      const writer = new ZarrIO(dir, "a");
      const err = await rejection(writer.writeDataset("/", big(3)));
      assert.ok(err instanceof IncompleteWriteError, String(err));
      assert.ok(err.cause instanceof StoreError && /ENOSPC|no space/i.test(err.cause.message), String(err.cause));
      await expectRefused(dir, "/big", SMALL);
      // The writer itself knows too, when the array was created before space ran out.
      if (await readOne(dir, "r-", "/big")) assert.deepEqual(await writer.incompleteNodes(), ["/big"]);
      await writer.close();

      resizeTmpfs(mnt, "8m");
      const io = new ZarrIO(dir, "r+");
      await io.writeDataset("/", big(4));
      await io.close();
      const want = { ...SMALL, "/big": Array.from(noise(192 * 1024, 4)) };
      // Before consolidating again (`r-`, and `r`, which must not trust the old consolidated metadata), and after.
      for (const mode of READ_MODES) assert.deepEqual(await readOne(dir, mode, "/big"), want["/big"], mode);
      const consolidate = new ZarrIO(dir, "r+");
      await consolidate.consolidateMetadata();
      await consolidate.close();
      for (const mode of READ_MODES) assert.equal(await readOrRefuse(dir, mode, want), "complete", mode);

      const skipPy = pythonSkip(format);
      if (skipPy) {
        console.log(skipPy);
      } else {
        const py = pythonValues(format, dir);
        assert.deepEqual(py.small.values, want["/small"]);
        assert.deepEqual(py.big.values, want["/big"], `hdmf-zarr ${format === 3 ? "0.14" : "0.13"} reads the repaired array`);
      }
    });
  }
});

/** Run the child writer; with `stopAfter`, SIGKILL it once it stopped there. Returns the store changes of a full run. */
function runChild(dir: string, format: 2 | 3, stopAfter: number, bigLength: number, chunk: number, jobs = 1, killAfterMs?: number): Promise<number | undefined> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "failed-writes-child.ts"), dir, String(format), String(stopAfter), String(bigLength), String(chunk), String(jobs)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let changes: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on("data", (d) => (err += d));
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes(`stopped ${stopAfter}\n`)) child.kill("SIGKILL");
      if (killAfterMs !== undefined && out.includes("writing\n")) timer ??= setTimeout(() => child.kill("SIGKILL"), killAfterMs);
      const m = /done (\d+)/.exec(out);
      if (m) changes = Number(m[1]);
    });
    child.on("error", fail);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (signal === "SIGKILL" || code === 0) done(changes);
      else fail(new Error(`child exited with ${code ?? signal}: ${err}`));
    });
  });
}

describe("a writing process killed with SIGKILL", () => {
  const BIG = 4000;
  const CHUNK = 250;
  const want = sampleValues(BIG);

  for (const format of FORMATS) {
    it(`Zarr v${format}: killed at several points of the write, each store is read in full or refused`, { timeout: 240_000 }, async () => {
      const full = fresh(`kill-full-v${format}`);
      const total = await runChild(full, format, 0, BIG, CHUNK);
      assert.ok(total && total > 30, `a full write makes many store changes (${total})`);
      for (const mode of READ_MODES) assert.equal(await readOrRefuse(full, mode, want), "complete", `full write, ${mode}`);

      const seen = new Set<Verdict>();
      for (const at of [1, 3, 6, Math.floor(total / 3), Math.floor(total / 2), Math.floor((2 * total) / 3), total - 3, total - 1]) {
        const dir = fresh(`kill-${at}-v${format}`);
        await runChild(dir, format, at, BIG, CHUNK);
        for (const mode of READ_MODES) {
          const verdict = await readOrRefuse(dir, mode, want).catch((e: Error) => {
            throw new Error(`killed after change ${at} of ${total}, ${mode}: ${e.message}`, { cause: e });
          });
          seen.add(verdict);
        }
      }
      assert.ok(seen.has("refused"), "some kills leave an incomplete file, and readers say so");
    });

    it(`Zarr v${format}: killed at a random moment of a write with 2 worker threads, the store is read in full or refused`, { timeout: 120_000 }, async () => {
      const dir = fresh(`kill-random-v${format}`);
      await runChild(dir, format, 0, 40_000, 500, 2, Math.floor(Math.random() * 1500));
      for (const mode of READ_MODES) await readOrRefuse(dir, mode, sampleValues(40_000));
    });
  }
});

/** Start a write on a store that stops after `stopAfter` changes; resolves once it stopped (or the write ended). */
async function stopWrite(dir: string, stopAfter: number, write: (store: StoppingStore) => Promise<void>): Promise<number> {
  let stopped!: () => void;
  const reached = new Promise<void>((r) => (stopped = r));
  const store = new StoppingStore(dir, stopAfter, () => stopped());
  await Promise.race([reached, write(store)]);
  // Changes already under way finish, as they would in a process killed now.
  await new Promise((r) => setTimeout(r, 20));
  return store.changes;
}

describe("a writer stopped after each of its store changes", () => {
  const BIG = 60;
  const CHUNK = 8;
  const want = sampleValues(BIG);

  for (const format of FORMATS) {
    it(`Zarr v${format}, mode w: every stopping point leaves a store read in full or refused`, { timeout: 180_000 }, async () => {
      const total = await stopWrite(fresh("count"), Infinity, (s) => new ZarrIO(s, "w", { zarrFormat: format }).writeBuilder(sampleTree(BIG, CHUNK), { cacheSpec: SAMPLE_SPEC }));
      for (let at = 1; at <= total; at++) {
        const dir = fresh(`stop-w-v${format}`);
        await stopWrite(dir, at, (s) => new ZarrIO(s, "w", { zarrFormat: format }).writeBuilder(sampleTree(BIG, CHUNK), { cacheSpec: SAMPLE_SPEC }));
        for (const mode of READ_MODES) {
          await readOrRefuse(dir, mode, want).catch((e: Error) => {
            throw new Error(`stopped after change ${at} of ${total}, ${mode}: ${e.message}`, { cause: e });
          });
        }
      }
    });

    it(`Zarr v${format}, mode w over an existing file: stopped while clearing it or after, the store is read in full or refused`, { timeout: 120_000 }, async () => {
      for (let at = 1; at <= 8; at++) {
        const dir = fresh(`stop-over-v${format}`);
        await new ZarrIO(dir, "w", { zarrFormat: format }).writeBuilder(sampleTree(BIG, CHUNK));
        await stopWrite(dir, at, (s) => new ZarrIO(s, "w", { zarrFormat: format }).writeBuilder(sampleTree(BIG, CHUNK)));
        for (const mode of READ_MODES) {
          await readOrRefuse(dir, mode, want).catch((e: Error) => {
            throw new Error(`stopped after change ${at}, ${mode}: ${e.message}`, { cause: e });
          });
        }
      }
    });

    it(`Zarr v${format}, r+ writing the whole tree again over a complete file: stopped anywhere, readers of the old consolidated metadata never read fill values`, { timeout: 180_000 }, async () => {
      // The same tree with other values in /small: each array is replaced in place.
      const replacement = () => {
        const tree = sampleTree(BIG, CHUNK);
        (tree.datasets.get("small") as DatasetBuilder).data = [9, 8, 7, 6, 5, 4, 3];
        return tree;
      };
      const count = fresh("count");
      await new ZarrIO(count, "w", { zarrFormat: format }).writeBuilder(sampleTree(BIG, CHUNK));
      const total = await stopWrite(count, Infinity, (s) => new ZarrIO(s, "r+").writeBuilder(replacement()));
      for (let at = 1; at <= total; at++) {
        const dir = fresh(`stop-replace-v${format}`);
        await new ZarrIO(dir, "w", { zarrFormat: format }).writeBuilder(sampleTree(BIG, CHUNK));
        await stopWrite(dir, at, (s) => new ZarrIO(s, "r+").writeBuilder(replacement()));
        for (const mode of READ_MODES) {
          const got = await readOne(dir, mode, "/small");
          if (got instanceof Error) assert.ok(got instanceof IncompleteWriteError, `${mode}, stopped after ${at}: ${got}`);
          else if (got !== undefined) assert.ok([want["/small"], [9, 8, 7, 6, 5, 4, 3]].some((v) => JSON.stringify(v) === JSON.stringify(got)), `${mode}, stopped after ${at} of ${total}: /small read ${got}`);
          await readOrRefuse(dir, mode, { ...want, "/small": Array.isArray(got) ? got : want["/small"] }).catch((e: Error) => {
            throw new Error(`stopped after change ${at} of ${total}, ${mode}: ${e.message}`, { cause: e });
          });
        }
      }
    });

    it(`Zarr v${format}: an array left incomplete is written again in mode a, and then reads in full`, async () => {
      const dir = fresh(`repair-v${format}`);
      const total = await stopWrite(fresh("count"), Infinity, (s) => new ZarrIO(s, "w", { zarrFormat: format }).writeBuilder(sampleTree(BIG, CHUNK)));
      // Stop inside the large array: its metadata is there, some chunks are not.
      await stopWrite(dir, Math.floor(total / 2), (s) => new ZarrIO(s, "w", { zarrFormat: format }).writeBuilder(sampleTree(BIG, CHUNK)));
      const err = await readOne(dir, "r-", "/big");
      assert.ok(err instanceof IncompleteWriteError, `the stopped array refuses: ${String(err)}`);
      assert.match(err.message, /writeDataset|writeBuilder/);
      const io = new ZarrIO(dir, "a");
      await io.writeBuilder(sampleTree(BIG, CHUNK));
      await io.close();
      for (const mode of READ_MODES) assert.equal(await readOrRefuse(dir, mode, want), "complete", mode);
    });

    it(`Zarr v${format}: a group left incomplete is written again with writeGroup in mode a`, async () => {
      const dir = fresh(`repair-group-v${format}`);
      const total = await stopWrite(fresh("count"), Infinity, (s) => new ZarrIO(s, "w", { zarrFormat: format }).writeBuilder(sampleTree(BIG, CHUNK)));
      await stopWrite(dir, Math.floor(total / 2), (s) => new ZarrIO(s, "w", { zarrFormat: format }).writeBuilder(sampleTree(BIG, CHUNK)));
      const before = new ZarrIO(dir, "r-");
      assert.deepEqual((await before.incompleteNodes()).filter((p) => p === "/" || p === "/g"), ["/", "/g"]);
      await before.close();

      const io = new ZarrIO(dir, "a");
      const g = new GroupBuilder("g", { datasets: [new DatasetBuilder("y", [1.5, -2.25], { dtype: "float64" })], attributes: { note: "group g" } });
      g.setLink(new LinkBuilder(await io.getBuilder("/small"), "lnk"));
      await io.writeGroup("/", g);
      await io.close();
      for (const mode of READ_MODES) {
        const reader = new ZarrIO(dir, mode);
        const incomplete = await reader.incompleteNodes();
        assert.ok(!incomplete.includes("/g") && incomplete.includes("/"), `${mode}: only what was not written again stays incomplete (${incomplete.join(", ")})`);
        const y = (await reader.getBuilder("/g/y")) as DatasetBuilder;
        assert.deepEqual(plainValues((await (y.data as ZarrDataset).get()).data), [1.5, -2.25]);
        assert.equal(((await reader.getBuilder("/g")) as GroupBuilder).links.get("lnk")?.builder.path, "/small");
        await reader.close();
      }
    });
  }
});

describe("reading a file whose write did not finish", () => {
  before(async () => {
    await loadNwbTypes();
  });

  for (const format of FORMATS) {
    it(`Zarr v${format}: NWBZarrIO.read() refuses with an IncompleteWriteError listing what is incomplete`, { timeout: 60_000 }, async () => {
      const total = await stopWrite(fresh("count"), Infinity, (s) => new NWBZarrIO(s, "w", { zarrFormat: format }).write(buildSampleFile()));
      const dir = fresh(`nwb-v${format}`);
      await stopWrite(dir, Math.floor(total / 2), (s) => new NWBZarrIO(s, "w", { zarrFormat: format }).write(buildSampleFile()));
      for (const mode of READ_MODES) {
        const io = new NWBZarrIO(dir, mode);
        const err = await io.read().then(() => undefined, (e: unknown) => e);
        await io.close();
        assert.ok(err instanceof IncompleteWriteError, `${mode}: ${String(err)}`);
        assert.equal(err.store, dir);
        assert.ok(err.incomplete.includes("/"), err.incomplete.join(", "));
        assert.match(err.message, /did not finish/);
        assert.match(err.message, /mode 'a' or 'r\+'/);
      }
    });

    it(`Zarr v${format}: a complete file carries no marker, and opening it in mode r reads one document as before`, async () => {
      const dir = fresh(`complete-v${format}`);
      await new ZarrIO(dir, "w", { zarrFormat: format }).writeBuilder(sampleTree(60, 8), { cacheSpec: SAMPLE_SPEC });
      assert.ok(metadataTexts(dir).every((text) => !text.includes("_INCOMPLETE")));
      const reads: string[] = [];
      const inner = new LocalStore(dir);
      const counting = { description: inner.description, get: (key: string) => (reads.push(key), inner.get(key)), list: (p: string) => inner.list(p) };
      const io = new ZarrIO(counting, "r");
      await io.readBuilder();
      assert.deepEqual(await io.incompleteNodes(), []);
      await io.close();
      // Both root documents are asked for at once; one of them holds every node.
      assert.deepEqual(reads.sort(), [".zmetadata", "zarr.json"], "no extra request for a complete file");
    });
  }
});
