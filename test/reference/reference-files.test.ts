/**
 * HDF5 NWB files read through reference files that lindi and kerchunk write, the originals served
 * by a real HTTP server with Range support: every value equals what h5py reads from the original
 * (test/reference/python/dump_h5.py), and only the byte ranges needed are fetched.
 * The Python tools live in .venv-reference (setup-venv.sh); without Python >= 3.12 the tests skip.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { DatasetBuilder, GroupBuilder } from "../../src/format/builders.js";
import { ZarrDataset } from "../../src/format/zarr-dataset.js";
import { nest } from "../../src/data/index.js";
import { ZarrIO } from "../../src/io/zarr-io.js";
import { NWBZarrIO } from "../../src/nwb/nwb-zarr-io.js";
import { TimeSeries } from "../../src/nwb/time-series.js";
import { openStore } from "../../src/store/open.js";
import { ReferenceStore } from "../../src/store/reference-store.js";
import { ZarrHierarchy } from "../../src/zarr/hierarchy.js";
import { validate } from "../../src/io/validate-file.js";
import { toMimeBundle } from "../../src/repr/bundle.js";
import { HDF5_FIXTURES } from "../helpers/fixture-paths.js";
import { canon, datasetValues, KERCHUNK_PY, LINDI_PY, run, skip, SPLIT_BYTES, type Dump } from "./reference-helpers.js";
import { startHttpServer, type TestHttpServer } from "../helpers/http-server.js";
import { REPO_ROOT } from "../helpers/repo-paths.js";
import { removeFolder, tempFolder } from "../helpers/temp-folders.js";

const FIXTURES = ["2.2.0_subject_no_age__reference.nwb", "1.5.1_timeseries_no_data.nwb", "2.1.0_imageseries_no_data.nwb", "2.1.0_nwbfile_with_extension.nwb"];
/** kerchunk 0.2.10 never returns on this fixture (an ImageSeries with an external file list). */
const KERCHUNK_HANGS = new Set(["2.1.0_imageseries_no_data.nwb"]);
/**
 * Nor on icephys tables or a TwoPhotonSeries: its reference file of the pynwb file is made from
 * the same file written without them (`write_nwb.py --base`), whose values are the same.
 */
const KERCHUNK_SOURCE: Record<string, string> = { "written.nwb": "written-base.nwb" };

/** Compare every group, dataset, link and attribute h5py sees with the builder tree read through the reference file. */
async function assertSameAsHdf5(io: ZarrIO, dump: Dump): Promise<number> {
  let compared = 0;
  for (const [path, entry] of Object.entries(dump)) {
    if (entry.kind === "link") {
      const slash = path.lastIndexOf("/");
      const parent = (await io.getBuilder(path.slice(0, slash) || "/")) as GroupBuilder;
      const link = parent.links.get(path.slice(slash + 1));
      assert.ok(link, `${path}: no link`);
      assert.equal(link.builder.path, entry.target, `${path}: link target`);
      continue;
    }
    const builder = await io.getBuilder(path);
    assert.deepEqual(canon(builder.attributes), entry.attrs, `${path}: attributes`);
    if (entry.kind === "dataset") {
      const ds = builder as DatasetBuilder;
      assert.deepEqual(await datasetValues(ds), entry.values, `${path}: values`);
      compared++;
    }
  }
  return compared;
}

describe("HDF5 NWB files through lindi and kerchunk reference files", { skip }, () => {
  let dir: string;
  let server: TestHttpServer;
  const dumps = new Map<string, Dump>();
  const names = ["written.nwb", ...FIXTURES];

  before(async () => {
    dir = tempFolder("reference-files");
    server = await startHttpServer(dir);
    await run(LINDI_PY, "write_nwb.py", [join(dir, "written.nwb")]);
    await run(LINDI_PY, "write_nwb.py", [join(dir, "written-base.nwb"), "--base"]);
    for (const f of FIXTURES) copyFileSync(join(HDF5_FIXTURES, f), join(dir, f));
    await Promise.all(names.map(async (name) => {
      const h5 = join(dir, name);
      await run(LINDI_PY, "make_lindi.py", [h5, `${server.url}/${name}`, `${h5}.lindi.json`, SPLIT_BYTES]);
      await run(LINDI_PY, "make_lindi.py", [h5, h5, join(dir, `local-${name}.lindi.json`), SPLIT_BYTES]);
      const source = KERCHUNK_SOURCE[name] ?? name;
      if (!KERCHUNK_HANGS.has(name)) await run(KERCHUNK_PY, "make_kerchunk.py", [join(dir, source), `${server.url}/${source}`, `${h5}.kerchunk.json`]);
      dumps.set(name, JSON.parse(await run(LINDI_PY, "dump_h5.py", [h5])) as Dump);
    }));
  });
  after(async () => {
    await server?.close();
    removeFolder(dir);
  });

  it("reads every value of every file over HTTP as h5py reads the original", async () => {
    for (const name of names) {
      await using io = new ZarrIO(`${server.url}/${name}.lindi.json`, "r");
      const compared = await assertSameAsHdf5(io, dumps.get(name)!);
      assert.ok(compared >= 4, `${name}: only ${compared} datasets compared`);
    }
  });

  it("reads a local LINDI file that references a local HDF5 file", async () => {
    await using io = new ZarrIO(join(dir, "local-written.nwb.lindi.json"), "r");
    assert.ok(await assertSameAsHdf5(io, dumps.get("written.nwb")!) > 20);
  });

  it("fetches only the chunks a selection needs, one Range request each", async () => {
    const refs = (JSON.parse(readFileSync(join(dir, "written.nwb.lindi.json"), "utf8")) as { refs: Record<string, unknown>; templates?: Record<string, string> });
    const rangeOf = (key: string) => {
      const [, offset, length] = refs.refs[key] as [string, number, number];
      return `bytes=${offset}-${offset + length - 1}`;
    };
    await using io = new ZarrIO(`${server.url}/written.nwb.lindi.json`, "r");
    const data = (await io.getBuilder("/acquisition/compressed/data")) as DatasetBuilder;
    server.stats.reset();
    // Rows 1000..1099 lie in the third chunk of 500 rows (gzip + shuffle in the HDF5 file).
    const rows = await (data.data as ZarrDataset).get([{ start: 1000, stop: 1100 }]);
    const hdf5 = dumps.get("written.nwb")!["/acquisition/compressed/data"].values as number[][];
    assert.deepEqual(canon(nest(rows.data as ArrayLike<unknown>, rows.shape)), hdf5.slice(1000, 1100));
    assert.deepEqual(server.stats.log.map((r) => [r.path, r.range]), [["/written.nwb", rangeOf("acquisition/compressed/data/2.0")]]);
    // The last, short chunk of the split contiguous dataset (uncompressed): one request for the
    // rows asked for, the last 24 bytes the file holds of it.
    server.stats.reset();
    const contiguous = (await io.getBuilder("/acquisition/contiguous/data")) as DatasetBuilder;
    const tail = await (contiguous.data as ZarrDataset).get([{ start: 5000, stop: 5003 }]);
    assert.deepEqual([...(tail.data as Float64Array)], (dumps.get("written.nwb")!["/acquisition/contiguous/data"].values as number[]).slice(5000));
    const [, tailOffset, tailLength] = refs.refs["acquisition/contiguous/data/9"] as [string, number, number];
    assert.deepEqual(server.stats.log.map((r) => r.range), [`bytes=${tailOffset + tailLength - 24}-${tailOffset + tailLength - 1}`]);
  });

  it("reads the NWB file with NWBZarrIO.readNwb: links, references, compound rows", async () => {
    const nwb = await NWBZarrIO.readNwb(`${server.url}/written.nwb.lindi.json`);
    const dump = dumps.get("written.nwb")!;
    assert.equal(nwb.identifier, "ref-test-0017");
    const compressed = nwb.acquisition.get("compressed", TimeSeries);
    const part = await compressed.data!.get([{ start: 3995, stop: 4000 }]);
    assert.deepEqual(canon(nest(part.data as ArrayLike<unknown>, part.shape)), (dump["/acquisition/compressed/data"].values as number[][]).slice(3995));
    const linked = nwb.acquisition.get("linked", TimeSeries);
    // The soft link: both series hold the same timestamps object.
    assert.equal(linked.timestamps, compressed.timestamps);
    await using io = new ZarrIO(`${server.url}/written.nwb.lindi.json`, "r");
    // LINDI writes a NaN attribute as the string "NaN"; it reads back as the number.
    const resolution = ((await io.getBuilder("/acquisition/compressed/data")) as DatasetBuilder).attributes.resolution;
    assert.ok(typeof resolution === "number" && Number.isNaN(resolution), `resolution is ${String(resolution)}`);
    const epochs = (await io.getBuilder("/intervals/epochs/timeseries")) as DatasetBuilder;
    const rows = await (epochs.data as ZarrDataset).get();
    assert.deepEqual(canon(rows.data), dump["/intervals/epochs/timeseries"].values);
    assert.deepEqual(epochs.dtype, [{ name: "idx_start", dtype: "int32" }, { name: "count", dtype: "int32" }, { name: "timeseries", dtype: "object" }]);
  });

  it("validates as pynwb validates the HDF5 original: no finding, and the same missing attribute", async () => {
    assert.deepEqual(JSON.parse(await run(LINDI_PY, "validate_nwb.py", [join(dir, "written.nwb")])), []);
    assert.deepEqual(await validate(`${server.url}/written.nwb.lindi.json`), []);
    // The same file without the required 'unit' of a TimeSeries' data: both validators name it.
    const broken = join(dir, "broken.nwb");
    await run(LINDI_PY, "validate_nwb.py", ["--drop-attr", join(dir, "written.nwb"), broken, "/acquisition/compressed/data", "unit"]);
    await run(LINDI_PY, "make_lindi.py", [broken, `${server.url}/broken.nwb`, `${broken}.lindi.json`, SPLIT_BYTES]);
    const theirs = JSON.parse(await run(LINDI_PY, "validate_nwb.py", [broken])) as string[];
    assert.equal(theirs.length, 1, theirs.join("\n"));
    assert.equal(theirs[0], "TimeSeries/data/unit (acquisition/compressed/data): argument missing");
    const ours = await validate(`${server.url}/broken.nwb.lindi.json`);
    assert.deepEqual(ours.map((f) => [f.severity, f.kind, f.path, f.attribute, f.type]), [
      ["error", "missing-attribute", "/acquisition/compressed/data", "unit", "TimeSeries"],
    ]);
  });

  it("displays the NWBFile of every NWB area, reading no array whole", async () => {
    const nwb = await NWBZarrIO.readNwb(`${server.url}/written.nwb.lindi.json`);
    server.stats.reset();
    const text = (await toMimeBundle(nwb))["text/plain"];
    for (const line of [
      "TwoPhotonSeries  [TwoPhotonSeries (core)]  data (20, 16, 16) uint16 · rate 30 Hz · a.u.",
      "ccs  [CurrentClampSeries (core)]  data (100,) float64 · rate 10000 Hz · volts",
      "light  [OptogeneticSeries (core)]  data (120,) float64 · rate 100 Hz · watts",
      "ophys  [ProcessingModule (core)]  2 children · optical physiology",
      "reference_images  [Images (core)]  1 child · mean images",
    ]) assert.ok(text.includes(line), `the text shows ${JSON.stringify(line)}:\n${text}`);
    // Showing the file reads table previews, never the 20 frames of the chunked TwoPhotonSeries.
    const frames = server.stats.log.filter((r) => r.path === "/written.nwb");
    assert.ok(frames.length < 20, `${frames.length} ranges of the HDF5 file read to display it`);
  });

  it("reads kerchunk's numeric datasets exactly, with one Range request per chunk", async () => {
    for (const name of names.filter((n) => !KERCHUNK_HANGS.has(n))) {
      const store = openStore(`${server.url}/${name}.kerchunk.json`);
      assert.ok(store instanceof ReferenceStore);
      assert.equal(await store.format(), "kerchunk-v1");
      const h = await ZarrHierarchy.open(store, { consolidated: false });
      let compared = 0;
      for (const [path, entry] of Object.entries(dumps.get(name)!)) {
        if (entry.kind !== "dataset" || !(await store.has(path.slice(1) + "/.zarray"))) continue;
        const array = await h.openArray(path.slice(1));
        if (array.dtype.kind !== "numeric") continue;
        server.stats.reset();
        const nd = await array.get();
        const chunkRefs = (await store.list(path.slice(1))).keys.filter((k) => /^\d/.test(k)).length;
        const values = array.shape.length === 0 ? canon(nd.data[0]) : canon(nest(nd.data as ArrayLike<unknown>, nd.shape));
        // kerchunk keeps HDF5 scalars as 0-d arrays; h5py reads them as bare values.
        assert.deepEqual(values, entry.values, `${name} ${path}`);
        assert.ok(server.stats.total <= chunkRefs, `${name} ${path}: ${server.stats.total} requests for ${chunkRefs} chunks`);
        compared++;
      }
      if (name === "written.nwb") {
        assert.ok(compared >= 10, `only ${compared} kerchunk datasets compared`);
        // The builder tree reads too (kerchunk keeps no references: they are not in it).
        await using io = new ZarrIO(`${server.url}/${name}.kerchunk.json`, "r");
        const data = (await io.getBuilder("/acquisition/linked/data")) as DatasetBuilder;
        assert.deepEqual([...((await (data.data as ZarrDataset).get([{ start: 3990, stop: 3993 }])).data as Int16Array)], [3990, 3991, 3992]);
      }
    }
  });

  it("runs the README's example as written", async () => {
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### HDF5 NWB files through LINDI or kerchunk references"));
    const block = /```typescript\n([\s\S]*?)```/.exec(section)?.[1];
    assert.ok(block, "the README section has a typescript example");
    const body = block.replace(/^import \{([^}]*)\} from "hdmf-zarr";\n/m, "");
    const names = /^import \{([^}]*)\} from "hdmf-zarr";/m.exec(block)![1];
    const entry = JSON.stringify(join(REPO_ROOT, "src", "index.js"));
    const script = join(REPO_ROOT, "test-output", "reference-readme-example.ts");
    mkdirSync(join(REPO_ROOT, "test-output"), { recursive: true });
    writeFileSync(script, `import {${names}} from ${entry};\nasync function main(): Promise<void> {\n${body}\n}\nmain().catch((e) => { console.error(e); process.exitCode = 1; });\n`);
    const work = join(dir, "readme");
    mkdirSync(work, { recursive: true });
    copyFileSync(join(dir, "written.nwb.lindi.json"), join(work, "session.nwb.lindi.json"));
    server.stats.reset();
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", pathToFileURL(join(REPO_ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href, script], { cwd: work, timeout: 120_000 }).catch((e: { stderr?: string }) => {
      throw new Error(`the README example failed:\n${e.stderr}`);
    });
    assert.equal(stdout.trim(), "ref-test-0017 [ 10, 3 ]");
    assert.deepEqual(server.stats.log.map((r) => r.path), ["/written.nwb"]);
  });

  it("reads a .lindi.tar: references into the HDF5 file and blobs inside the archive", async () => {
    const tar = join(dir, "written.nwb.lindi.tar");
    await run(LINDI_PY, "make_lindi_tar.py", [join(dir, "written.nwb"), `${server.url}/written.nwb`, tar]);
    for (const target of [`${server.url}/written.nwb.lindi.tar`, tar]) {
      await using io = new ZarrIO(target, "r");
      assert.ok(await assertSameAsHdf5(io, dumps.get("written.nwb")!) > 20);
      server.stats.reset();
      const extra = (await io.getBuilder("/extra")) as DatasetBuilder;
      const values = await (extra.data as ZarrDataset).get();
      assert.deepEqual([...(values.data as Float64Array)], Array.from({ length: 3000 }, (_, i) => i));
      // Over HTTP the blob is one Range request into the archive; locally, none.
      const expected = target === tar ? [] : ["/written.nwb.lindi.tar"];
      assert.deepEqual(server.stats.log.map((r) => r.path), expected);
    }
  });
});
