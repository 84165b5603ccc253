/**
 * Where `convert`, `ZarrIO.export` and mode `w` may write: a destination that is, contains or lies
 * inside the source (real paths, links resolved) is refused; `--overwrite` replaces a Zarr store
 * but never a non-empty folder that is not one without `--force`; a conversion that fails leaves
 * the old destination as it was.
 */
import assert from "node:assert/strict";
import {
  copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DestinationOverlapError, IncompleteConversionError, InvalidArgumentError, StoreExistsError } from "../../../src/errors.js";
import { DatasetBuilder, GroupBuilder } from "../../../src/format/builders.js";
import { Hdf5IO } from "../../../src/io/hdf5/hdf5-io.js";
import { convert } from "../../../src/io/convert.js";
import { ZarrIO } from "../../../src/io/zarr-io.js";
import { TIMEOUT } from "../bad-input/helpers.js";
import { caseFolders } from "../../helpers/case-folders.js";
import { runConvertCli } from "../../helpers/convert-cli.js";
import { HDF5_FIXTURES } from "../../helpers/fixture-paths.js";
import { chunkFile, snapshot as snapshotFiles } from "../../helpers/store-files.js";
import { readEverything } from "../../helpers/zarr-files.js";
import { writeStore } from "../../helpers/sample-tree.js";
import { tempFolder } from "../../helpers/temp-folders.js";

const HDF5_FILE = join(HDF5_FIXTURES, "1.5.1_timeseries_no_data.nwb");

/** Every entry under `dir` (relative path → content hash, or the target of a link, not followed), to show nothing changed. */
const snapshot = (dir: string) => snapshotFiles(dir, { links: "record" });

/** Expect a DestinationOverlapError naming both paths. */
async function expectOverlap(run: () => Promise<unknown>, source: string, destination: string): Promise<void> {
  await assert.rejects(run(), (e: unknown) => {
    assert.ok(e instanceof DestinationOverlapError, `expected DestinationOverlapError, got ${String(e)}`);
    assert.ok(e.message.includes(source), `names the source '${source}': ${e.message}`);
    assert.ok(e.message.includes(destination), `names the destination '${destination}': ${e.message}`);
    return true;
  });
}

describe("convert and export destinations", () => {
  const nextCase = caseFolders("convert-destinations-");
  const folder = () => {
    const dir = nextCase();
    mkdirSync(dir);
    return dir;
  };
  /** A project folder with a source store and a sibling file. */
  const project = async () => {
    const proj = folder();
    const src = await writeStore(join(proj, "src.zarr"), 3);
    writeFileSync(join(proj, "notes.txt"), "years of work");
    return { proj, src, before: snapshot(proj) };
  };

  it("a destination that is a link to the source is refused, with or without --overwrite", { timeout: TIMEOUT }, async () => {
    const { proj, src } = await project();
    const alias = join(proj, "alias.zarr");
    symlinkSync("src.zarr", alias);
    const before = snapshot(proj);
    await expectOverlap(() => convert(src, alias, { overwrite: true }), src, alias);
    await expectOverlap(() => convert(src, alias, { overwrite: true, forceOverwrite: true }), src, alias);
    await expectOverlap(() => convert(alias, src, { overwrite: true }), alias, src);
    const run = await runConvertCli([src, alias, "--overwrite", "--force"]);
    assert.equal(run.code, 1);
    assert.match(run.err, /^error: DestinationOverlapError: /);
    assert.ok(run.err.includes(alias) && run.err.includes(src), run.err);
    assert.deepEqual(snapshot(proj), before);
  });

  it("a destination that contains the source is refused, even with --force", { timeout: TIMEOUT }, async () => {
    const { proj, src, before } = await project();
    await expectOverlap(() => convert(src, proj, { overwrite: true }), src, proj);
    await expectOverlap(() => convert(src, proj, { overwrite: true, forceOverwrite: true }), src, proj);
    const run = await runConvertCli([src, proj, "--overwrite", "--force"]);
    assert.equal(run.code, 1);
    assert.match(run.err, /DestinationOverlapError/);
    assert.deepEqual(snapshot(proj), before);
  });

  it("a destination inside the source is refused and nothing is written into the source", { timeout: TIMEOUT }, async () => {
    const { proj, src, before } = await project();
    await expectOverlap(() => convert(src, join(src, "inner.zarr")), src, join(src, "inner.zarr"));
    await expectOverlap(() => convert(src, join(src, "x"), { overwrite: true, forceOverwrite: true }), src, join(src, "x"));
    assert.deepEqual(snapshot(proj), before);
  });

  it("ZarrIO.export refuses the same destinations before clearing anything", { timeout: TIMEOUT }, async () => {
    const { proj, src } = await project();
    const alias = join(proj, "alias.zarr");
    symlinkSync("src.zarr", alias);
    const before = snapshot(proj);
    for (const [dest, options] of [[alias, {}], [proj, { forceOverwrite: true }], [join(src, "g"), {}]] as const) {
      const io = new ZarrIO(dest, "w", options);
      const from = new ZarrIO(src, "r");
      await expectOverlap(() => io.export(from), src, dest);
      await from.close();
      await io.close();
    }
    assert.deepEqual(snapshot(proj), before);
  });

  it("--overwrite replaces a Zarr store but not a non-empty folder that is not one; --force does", { timeout: TIMEOUT }, async () => {
    const { src } = await project();
    const dest = join(folder(), "results");
    mkdirSync(join(dest, "figures"), { recursive: true });
    writeFileSync(join(dest, "figures", "fig1.png"), "png");
    const before = snapshot(dest);
    await assert.rejects(convert(src, dest, { overwrite: true }), (e: unknown) => {
      assert.ok(e instanceof StoreExistsError, String(e));
      assert.ok(e.message.includes(dest) && /not a Zarr store/.test(e.message) && /--force|forceOverwrite/.test(e.message), e.message);
      return true;
    });
    const run = await runConvertCli([src, dest, "--overwrite"]);
    assert.equal(run.code, 1);
    assert.match(run.err, /StoreExistsError: .*--force/);
    assert.deepEqual(snapshot(dest), before);
    // --force alone is not --overwrite: an existing destination still needs both.
    assert.equal((await runConvertCli([src, dest, "--force"])).code, 1);
    assert.deepEqual(snapshot(dest), before);
    const forced = await runConvertCli([src, dest, "--overwrite", "--force"]);
    assert.equal(forced.code, 0, forced.err);
    assert.equal(existsSync(join(dest, "figures")), false);
    assert.deepEqual((await readEverything(dest)).get("/x"), [1, 2, 3, 4, 5, 6]);
    // Now a Zarr store: --overwrite alone replaces it.
    assert.equal((await runConvertCli([src, dest, "--overwrite"])).code, 0);
  });

  it("a conversion that fails leaves the old destination as it was and no temporary folder behind", { timeout: TIMEOUT }, async () => {
    const { src } = await project();
    const out = folder();
    const dest = await writeStore(join(out, "dest.zarr"), 2, new GroupBuilder("root", { datasets: [new DatasetBuilder("old", [7], { dtype: "int32" })] }));
    const before = snapshot(dest);
    // A chunk too short to decode; converting to v2 decodes it (same-format copies move bytes as they are).
    writeFileSync(chunkFile(src, "x", 3), new Uint8Array(3));
    await assert.rejects(convert(src, dest, { overwrite: true, zarrFormat: 2 }), (e: unknown) => {
      assert.ok(e instanceof IncompleteConversionError, String(e));
      assert.match(e.message, /partial output was removed/);
      return true;
    });
    assert.deepEqual(snapshot(dest), before);
    assert.deepEqual(readdirSync(out), ["dest.zarr"]);
    assert.deepEqual((await readEverything(dest)).get("/old"), [7]);
  });

  it("a source that cannot be opened deletes nothing", { timeout: TIMEOUT }, async () => {
    const out = folder();
    const dest = await writeStore(join(out, "dest.zarr"), 3);
    const before = snapshot(dest);
    await assert.rejects(convert(join(out, "missing.zarr"), dest, { overwrite: true }));
    const damaged = join(out, "damaged.zarr");
    mkdirSync(damaged);
    writeFileSync(join(damaged, "zarr.json"), "{ not json");
    await assert.rejects(convert(damaged, dest, { overwrite: true }));
    assert.deepEqual(snapshot(dest), before);
  });

  it("a destination given through a link is replaced where the link points; the link stays", { timeout: TIMEOUT }, async () => {
    const { src } = await project();
    const out = folder();
    const real = await writeStore(join(out, "real.zarr"), 2, new GroupBuilder("root", { datasets: [new DatasetBuilder("old", [7], { dtype: "int32" })] }));
    const link = join(out, "link.zarr");
    symlinkSync("real.zarr", link);
    await convert(src, link, { overwrite: true });
    assert.ok(lstatSync(link).isSymbolicLink());
    const values = await readEverything(real);
    assert.deepEqual([...values.keys()].includes("/old"), false);
    assert.deepEqual(values.get("/x"), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(readdirSync(out).sort(), ["link.zarr", "real.zarr"]);
  });

  it("a destination that is a dangling link is refused, and its target is not created", { timeout: TIMEOUT }, async () => {
    const { src } = await project();
    const out = folder();
    const link = join(out, "out.zarr");
    symlinkSync(join(out, "elsewhere", "new.zarr"), link);
    await assert.rejects(convert(src, link, { overwrite: true, forceOverwrite: true }), (e: unknown) => {
      assert.ok(e instanceof InvalidArgumentError, String(e));
      assert.match(e.message, /dangling/);
      assert.ok(e.message.includes(link), e.message);
      return true;
    });
    assert.deepEqual(readdirSync(out), ["out.zarr"]);
  });

  it("HDF5 → Zarr: the same refusals (the file itself, its folder, a non-Zarr folder without --force)", { timeout: 60_000 }, async () => {
    const proj = folder();
    const nwb = join(proj, "session.nwb");
    copyFileSync(HDF5_FILE, nwb);
    writeFileSync(join(proj, "notes.txt"), "years of work");
    const before = snapshot(proj);
    await expectOverlap(() => convert(nwb, nwb, { overwrite: true, forceOverwrite: true }), nwb, nwb);
    await expectOverlap(() => convert(nwb, proj, { overwrite: true, forceOverwrite: true }), nwb, proj);
    const alias = join(proj, "alias.nwb");
    symlinkSync("session.nwb", alias);
    await expectOverlap(() => convert(nwb, alias, { overwrite: true, forceOverwrite: true }), nwb, alias);
    rmSync(alias);
    assert.deepEqual(snapshot(proj), before);
    const dest = join(folder(), "out");
    mkdirSync(dest);
    writeFileSync(join(dest, "keep.txt"), "keep");
    await assert.rejects(convert(nwb, dest, { overwrite: true }), StoreExistsError);
    assert.equal(readFileSync(join(dest, "keep.txt"), "utf8"), "keep");
    const summary = await convert(nwb, join(dest, "..", "session.nwb.zarr"));
    assert.equal(summary.sourceFormat, "hdf5");
    const io = new Hdf5IO(nwb);
    const from = await io.readBuilder();
    const back = new ZarrIO(summary.destination, "r");
    assert.deepEqual([...(await back.readBuilder()).groups.keys()].sort(), [...from.groups.keys()].sort());
    await back.close();
    await io.close();
  });
});

describe("ZarrIO mode 'w' on an existing folder", () => {
  let tmp: string;
  before(() => (tmp = tempFolder("mode-w")));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("forceOverwrite through a link to a folder clears the folder and keeps the link", { timeout: TIMEOUT }, async () => {
    const real = join(tmp, "real");
    mkdirSync(real);
    writeFileSync(join(real, "old.txt"), "old");
    const link = join(tmp, "link.zarr");
    symlinkSync("real", link);
    await assert.rejects(writeStore(link, 3), StoreExistsError);
    assert.equal(readFileSync(join(real, "old.txt"), "utf8"), "old");
    await writeStore(link, 3, undefined, { forceOverwrite: true });
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(existsSync(join(real, "old.txt")), false);
    assert.deepEqual((await readEverything(real)).get("/x"), [1, 2, 3, 4, 5, 6]);
  });
});
