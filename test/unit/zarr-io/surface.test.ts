/**
 * The parts of hdmf-zarr 0.14's ZarrIO surface that need no Python to check: `version`, `manager`
 * (given, made by read(), kept), `getContainer` (by path, builder, dataset, array; refusals),
 * `objectCodecClass` and `synchronizer` read back, `path` resolved as 0.14 resolves it,
 * `resolveRef` of strings, `getZarrParentPath` of datasets, and `isZarrV2File` on stores.
 * test/interop/zarr-io-surface.test.ts compares the same calls with hdmf-zarr's answers.
 */
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  BuildManager, ConstructError, DatasetBuilder, InvalidArgumentError, InvalidOptionError, isZarrV2File, loadBundledTypeMap, MemoryStore,
  NodeNotFoundError, version, ZarrDataset, ZarrIO,
} from "../../../src/index.js";
import { loadNwbTypes, NWBZarrIO, TimeSeries } from "../../../src/nwb/index.js";
import { REPO_ROOT } from "../../helpers/repo-paths.js";
import { buildSampleFile } from "../../helpers/nwb-sample-file.js";
import { tempFolders } from "../../helpers/temp-folders.js";
import { sampleTree } from "./helpers.js";

const tmp = tempFolders("zarr-io-surface");
after(() => tmp.cleanup());

let nwbPath = "";
before(async () => {
  await loadNwbTypes();
  nwbPath = join(tmp.make(), "sample.nwb.zarr");
  await new NWBZarrIO(nwbPath, "w").write(buildSampleFile());
});

describe("ZarrIO surface", () => {
  it("version is the package's", () => {
    assert.equal(version, (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version);
  });

  it("objectCodecClass and synchronizer read back", () => {
    assert.equal(new ZarrIO("a.zarr", "r").objectCodecClass, "json2");
    assert.equal(new ZarrIO("a.zarr", "r", { objectCodec: "json2", zarrFormat: 2 }).objectCodecClass, "json2");
    assert.equal(new ZarrIO("a.zarr", "r").synchronizer, undefined);
    assert.equal(new ZarrIO("a.zarr", "r", { synchronizer: true }).synchronizer, true);
    assert.equal(new ZarrIO("a.zarr", "r", { synchronizer: "/locks" }).synchronizer, "/locks");
  });

  it("path is absolute with symbolic links resolved (hdmf-zarr 0.14); URLs and stores as given; messages name what was given", () => {
    const dir = tmp.make();
    mkdirSync(join(dir, "real"));
    symlinkSync(join(dir, "real"), join(dir, "via"));
    assert.equal(new ZarrIO(join(dir, "via", "f.zarr"), "w").path, join(dir, "real", "f.zarr"));
    assert.equal(new ZarrIO(join(dir, "via", "f.zarr"), "w").abspath, join(dir, "via", "f.zarr"), "abspath names the link");
    assert.equal(new ZarrIO(relative(process.cwd(), join(dir, "real", "x.zarr")), "r").path, join(dir, "real", "x.zarr"));
    assert.equal(new ZarrIO("https://example.org/data/f.zarr", "r").path, "https://example.org/data/f.zarr");
    const store = new MemoryStore();
    assert.equal(new ZarrIO(store, "w").path, store.description);
    assert.throws(() => new ZarrIO("rel.zarr", "rw" as never), (e: unknown) => e instanceof InvalidArgumentError && e.store === "rel.zarr");
  });

  it("manager: the one given is used by read() and kept; without one, read() makes one and keeps it", async () => {
    const given = new BuildManager(await loadBundledTypeMap());
    const io = new NWBZarrIO(nwbPath, "r", { manager: given });
    assert.equal(io.manager, given);
    const file = await io.read();
    assert.equal(given.getContainer(await io.readBuilder()), file);
    assert.equal(io.manager, given);
    await assert.rejects(io.read({ typeMap: await loadBundledTypeMap().then((t) => Object.create(t) as typeof t) } as never), InvalidOptionError);
    await io.close();

    const plain = new NWBZarrIO(nwbPath, "r");
    assert.equal(plain.manager, undefined);
    const read = await plain.read();
    assert.ok(plain.manager);
    assert.equal(await plain.read(), read, "a second read gives the same objects, from the kept manager");
    await plain.close();
  });

  it("getContainer by path, builder, dataset and array gives the object read() reaches", async () => {
    const io = new NWBZarrIO(nwbPath, "r");
    const ts = await io.getContainer("/acquisition/temperature");
    const file = await io.read();
    assert.equal(ts, file.acquisition.get("temperature", TimeSeries));
    assert.equal(ts.parent, file, "as in pynwb, an acquisition's parent is the NWBFile");
    const column = await io.getBuilder("/general/extracellular_ephys/electrodes/location");
    assert.ok(column instanceof DatasetBuilder && column.data instanceof ZarrDataset);
    const byBuilder = await io.getContainer(column);
    assert.equal(byBuilder.typeName, "VectorData");
    assert.equal(await io.getContainer(column.data), byBuilder);
    assert.equal(await io.getContainer(column.data.array), byBuilder);
    assert.equal(byBuilder.parent?.name, "electrodes");
    await assert.rejects(io.getContainer("/acquisition"), ConstructError, "an untyped group is no container");
    await assert.rejects(io.getContainer("/nope"), NodeNotFoundError);

    const other = new NWBZarrIO(nwbPath, "r");
    const foreign = await other.getBuilder("/acquisition/temperature/data");
    await assert.rejects(io.getContainer(foreign), (e: unknown) => e instanceof NodeNotFoundError && /another file/.test((e as Error).message));
    await other.close();
    await io.close();
  });

  it("resolveRef of strings: JSON of {source, path}, a plain path, and JSON that is no reference", async () => {
    const path = join(tmp.make(), "tree.zarr");
    const w = new ZarrIO(path, "w");
    await w.writeBuilder(sampleTree().root);
    await w.close();
    const io = new ZarrIO(path, "r");
    const byJson = await io.resolveRef(JSON.stringify({ source: ".", path: "/sub/data" }));
    assert.deepEqual([byJson.name, byJson.builder.path, byJson.source], ["data", "/sub/data", io.abspath]);
    const byPath = await io.resolveRef("/sub");
    assert.deepEqual([byPath.name, byPath.builder.path], ["sub", "/sub"]);
    await assert.rejects(io.resolveRef("[1, 2]"), (e: unknown) => e instanceof InvalidArgumentError && /not an object/.test((e as Error).message));
    const data = (await io.getBuilder("/sub/data")) as DatasetBuilder;
    assert.equal(io.getZarrParentPath(data.data as ZarrDataset), "/sub");
    assert.equal(io.getZarrParentPath((data.data as ZarrDataset).array), "/sub");
    assert.equal(io.getZarrParentPath("names"), "/");
    await io.close();
  });

  it("isZarrV2File: a store written in each format, a store given stays open", async () => {
    for (const zarrFormat of [2, 3] as const) {
      const store = new MemoryStore();
      const io = new ZarrIO(store, "w", { zarrFormat });
      await io.writeBuilder(sampleTree().root);
      assert.equal(await isZarrV2File(store), zarrFormat === 2);
      assert.ok(await store.get(zarrFormat === 2 ? ".zgroup" : "zarr.json"), "still readable");
    }
    assert.equal(await isZarrV2File(join(tmp.make(), "absent.zarr")), false);
    assert.equal(await isZarrV2File(nwbPath), false);
    await assert.rejects(isZarrV2File(nwbPath, { storage_options: {} } as never), InvalidOptionError);
  });
});
