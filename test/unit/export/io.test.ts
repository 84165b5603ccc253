/**
 * ZarrIO.export and convert: modes, hdmf-zarr's link cases, spec cache, attribute floats, codec
 * mapping between the formats, refusals (nothing dropped, nothing half-written), and the CLI.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  DatasetBuilder, GroupBuilder, IncompleteConversionError, InvalidArgumentError, LinkBuilder, LocalStore,
  ReferenceBuilder, StoreExistsError, ZarrDataIO, ZarrDataset, ZarrHierarchy, ZarrIO, type ArrayMetadata, type NdArray,
} from "../../../src/index.js";
import { convert } from "../../../src/io/convert.js";
import { runConvertCli } from "../../helpers/convert-cli.js";
import { ZARR_V2_FIXTURES } from "../../helpers/fixture-paths.js";
import { tempFolder } from "../../helpers/temp-folders.js";
import { readJson } from "../../helpers/json-files.js";
import { values } from "../../helpers/zarr-files.js";

const dir = tempFolder("export-io");
after(() => rmSync(dir, { recursive: true, force: true }));
const fixtures = ZARR_V2_FIXTURES;
let n = 0;
const fresh = (name: string) => join(dir, `${n++}-${name}`);
/** Metadata as Python writes it may hold bare NaN. */
const json = (path: string) => readJson(path, { nanAsNull: true });


/** A small file: a dataset, a dataset of references, a soft link, an attribute reference. */
async function writeSource(path: string, format: 2 | 3, extra?: (root: GroupBuilder) => void): Promise<void> {
  const x = new DatasetBuilder("x", new Float64Array([1.5, 2.5, 3.5]), { attributes: { unit: "m" } });
  const g = new GroupBuilder("g", { datasets: [x], attributes: { note: "group" } });
  const refs = new DatasetBuilder("refs", [new ReferenceBuilder(x), new ReferenceBuilder(g)], { dtype: "object" });
  const root = new GroupBuilder("root", { groups: [g], datasets: [refs], attributes: { kind: "test" } });
  root.setGroup(new GroupBuilder("h", { links: [new LinkBuilder(x, "x_link")], attributes: { target: new ReferenceBuilder(x) } }));
  extra?.(root);
  const io = new ZarrIO(path, "w", { zarrFormat: format });
  await io.writeBuilder(root, { cacheSpec: [{ name: "ns", version: "1.0.0", documents: { namespace: { namespaces: [{ name: "ns" }] } } }] });
  await io.close();
}

describe("ZarrIO.export", () => {
  test("refuses a destination not opened in mode 'w' (and mode 'a' creates nothing)", async () => {
    const srcPath = fresh("src.zarr");
    await writeSource(srcPath, 3);
    const src = new ZarrIO(srcPath, "r");
    for (const mode of ["r", "a", "r+", "w-"] as const) {
      const target = mode === "r" || mode === "r+" ? srcPath : fresh(`dest-${mode}.zarr`);
      await assert.rejects(new ZarrIO(target, mode).export(src), (e: unknown) => e instanceof InvalidArgumentError && /mode 'w'/.test((e as Error).message));
      if (mode === "a" || mode === "w-") assert.equal(existsSync(target), false);
    }
    await assert.rejects(new ZarrIO(srcPath, "w").export(src), InvalidArgumentError);
    await src.close();
  });

  test("copies every node, keeps soft links, attribute and dataset references inside the new file, and the spec cache", async () => {
    for (const format of [2, 3] as const) {
      const srcPath = fresh(`src-v${format}.zarr`);
      await writeSource(srcPath, format);
      const src = new ZarrIO(srcPath, "r");
      const destPath = fresh(`dest-v${format}.zarr`);
      const dest = new ZarrIO(destPath, "w", { zarrFormat: format });
      await dest.export(src);
      const root = await dest.readBuilder();
      assert.deepEqual(await values(dest, "/g/x", { raw: true }), [1.5, 2.5, 3.5]);
      const refs = await (((await dest.getBuilder("/refs")) as DatasetBuilder).data as ZarrDataset).get();
      assert.deepEqual((refs.data as ReferenceBuilder[]).map((r) => r.builder.path), ["/g/x", "/g"]);
      assert.equal((refs.data as ReferenceBuilder[])[0].builder.source, dest.abspath);
      const h = root.groups.get("h")!;
      assert.equal(h.links.get("x_link")!.builder, await dest.getBuilder("/g/x"));
      assert.equal((h.attributes.target as ReferenceBuilder).builder, await dest.getBuilder("/g/x"));
      assert.deepEqual([...(await dest.readSpecCache()).keys()], ["ns"]);
      // the stored forms are the convention's: links and references say "." (the new file)
      const linkAttr = format === 3 ? json(join(destPath, "h", "zarr.json")).attributes._LINKS : json(join(destPath, "h", ".zattrs")).zarr_link;
      assert.deepEqual(linkAttr, [{ source: ".", path: "/g/x", name: "x_link" }]);
      await dest.close();
      await src.close();
    }
  });

  test("cacheSpec false leaves the spec cache out", async () => {
    const srcPath = fresh("src.zarr");
    await writeSource(srcPath, 3);
    const src = new ZarrIO(srcPath, "r");
    const dest = new ZarrIO(fresh("dest.zarr"), "w");
    await dest.export(src, { cacheSpec: false });
    assert.equal((await dest.readSpecCache()).size, 0);
    await Promise.all([dest.close(), src.close()]);
  });

  test("linkData true: arrays of another file stay links, arrays of the source at another path become '.' links, the rest is copied", async () => {
    const otherPath = fresh("other.zarr");
    const other = new ZarrIO(otherPath, "w");
    await other.writeBuilder(new GroupBuilder("root", { datasets: [new DatasetBuilder("y", new Int32Array([7, 8]))] }));
    await other.close();
    const srcPath = fresh("src.zarr");
    await writeSource(srcPath, 3);
    const otherIO = new ZarrIO(otherPath, "r");
    const y = (await otherIO.getBuilder("/y")) as DatasetBuilder;
    const src = new ZarrIO(srcPath, "r");
    const root = await src.readBuilder();
    const x = (await src.getBuilder("/g/x")) as DatasetBuilder;
    // datasets added after reading, holding arrays of files (hdmf-zarr's cases 1 and 2)
    root.setDataset(new DatasetBuilder("external", y.data));
    root.setDataset(new DatasetBuilder("alias", x.data));

    for (const linkData of [true, false]) {
      const destPath = fresh(`dest-${linkData}.zarr`);
      const dest = new ZarrIO(destPath, "w");
      await dest.export(src, { linkData });
      const links = json(join(destPath, "zarr.json")).attributes._LINKS;
      if (linkData) {
        assert.deepEqual(links, [{ source: "../" + otherPath.split("/").pop(), path: "/y", name: "external" }, { source: ".", path: "/g/x", name: "alias" }]);
        const back = await dest.readBuilder();
        assert.equal(back.links.get("alias")!.builder, await dest.getBuilder("/g/x"));
        assert.equal(back.links.get("external")!.builder.source, otherIO.abspath);
        assert.equal(existsSync(join(destPath, "g", "x", "zarr.json")), true); // case 3: copied
      } else {
        assert.equal(links, undefined);
        assert.deepEqual(await values(dest, "/external", { raw: true }), [7, 8]);
        assert.deepEqual(await values(dest, "/alias", { raw: true }), [1.5, 2.5, 3.5]);
      }
      await dest.close();
    }
    // the source's tree is as it was
    assert.equal(root.datasets.get("alias")!.data, x.data);
    assert.equal(root.links.has("alias"), false);
    assert.equal(root.source, src.abspath);
    await Promise.all([src.close(), otherIO.close()]);
  });

  test("external links of the source point, from the new file, to the same third file", async () => {
    // links may not leave the folder holding a file: the third file sits beside the source, the new file one level up
    const otherPath = join(dir, "third", "other.zarr");
    const other = new ZarrIO(otherPath, "w");
    const y = new DatasetBuilder("y", new Int32Array([7, 8]));
    await other.writeBuilder(new GroupBuilder("root", { datasets: [y] }));
    await other.close();
    const srcPath = join(dir, "third", "src.zarr");
    const src0 = new ZarrIO(srcPath, "w");
    const otherRead = new ZarrIO(otherPath, "r");
    await src0.writeBuilder(new GroupBuilder("root", { groups: [new GroupBuilder("sub", { links: [new LinkBuilder(await otherRead.getBuilder("/y"), "ext")] })] }));
    await src0.close();
    const src = new ZarrIO(srcPath, "r");
    assert.deepEqual(json(join(srcPath, "sub", "zarr.json")).attributes._LINKS, [{ source: "../other.zarr", path: "/y", name: "ext" }]);
    const destPath = fresh("dest.zarr");
    const dest = new ZarrIO(destPath, "w");
    await dest.export(src);
    assert.deepEqual(json(join(destPath, "sub", "zarr.json")).attributes._LINKS, [{ source: "../third/other.zarr", path: "/y", name: "ext" }]);
    const link = (await dest.readBuilder()).groups.get("sub")!.links.get("ext")!;
    assert.deepEqual(Array.from(((await (link.builder as DatasetBuilder).data) as ZarrDataset).array.shape), [2]);
    await Promise.all([dest.close(), src.close(), otherRead.close()]);
  });
});

describe("convert", () => {
  test("keeps float attributes written as whole numbers (1.0, 20000.0) floats, in node and consolidated metadata", async () => {
    const srcPath = fresh("ecephys.nwb.zarr");
    cpSync(join(fixtures, "ecephys_tutorial.nwb.zarr"), srcPath, { recursive: true });
    for (const format of [3, 2] as const) {
      const destPath = fresh(`ecephys-v${format}.nwb.zarr`);
      await convert(srcPath, destPath, { allowPickle: true, zarrFormat: format });
      const doc = (p: string) => readFileSync(join(destPath, ...p.split("/"), format === 3 ? "zarr.json" : ".zattrs"), "utf8");
      assert.match(doc("acquisition/ElectricalSeries/starting_time"), /"rate": 20000\.0,/);
      assert.match(doc("acquisition/ElectricalSeries/data"), /"conversion": 1\.0,\s+"offset": 0\.0,\s+"resolution": -1\.0,/);
      const consolidated = readFileSync(join(destPath, format === 3 ? "zarr.json" : ".zmetadata"), "utf8");
      assert.match(consolidated, /"rate": 20000\.0/);
      assert.doesNotMatch(consolidated, /"(rate|conversion|offset|resolution)": -?\d+,/);
      // integers stay integers
      assert.match(doc("units/spike_times_index"), /"namespace"/);
    }
  });

  test("refuses pickle-coded arrays without allowPickle, listing them, and writes nothing", async () => {
    const srcPath = fresh("ecephys.nwb.zarr");
    cpSync(join(fixtures, "ecephys_tutorial.nwb.zarr"), srcPath, { recursive: true });
    const destPath = fresh("out.zarr");
    await assert.rejects(convert(srcPath, destPath), (e: unknown) => {
      assert.ok(e instanceof IncompleteConversionError);
      assert.deepEqual(e.entries.map((x) => x.path), ["/general/extracellular_ephys/electrodes/group"]);
      assert.match(e.message, /--allow-pickle/);
      return true;
    });
    assert.equal(existsSync(destPath), false);
  });

  test("refuses an unknown codec and an attribute the writer cannot store, all listed, before writing", async () => {
    const srcPath = fresh("bad.zarr");
    await writeSource(srcPath, 2);
    const zarray = join(srcPath, "g", "x", ".zarray");
    writeFileSync(zarray, readFileSync(zarray, "utf8").replace('"id": "blosc"', '"id": "no-such-codec"'));
    const zattrs = join(srcPath, "g", ".zattrs");
    writeFileSync(zattrs, JSON.stringify({ ...json(zattrs), settings: { a: 1 } }));
    rmSync(join(srcPath, ".zmetadata"));
    const destPath = fresh("out.zarr");
    await assert.rejects(convert(srcPath, destPath), (e: unknown) => {
      assert.ok(e instanceof IncompleteConversionError);
      assert.deepEqual(e.entries.map((x) => x.path).sort(), ["/g/x", "/g@settings"]);
      assert.match(e.entries.find((x) => x.path === "/g/x")!.reason, /no-such-codec/);
      return true;
    });
    assert.equal(existsSync(destPath), false);
  });

  test("a chunk that fails to decode part way stops the conversion, names it, and removes the partial output", async () => {
    const srcPath = fresh("ecephys.nwb.zarr");
    cpSync(join(fixtures, "ecephys_tutorial.nwb.zarr"), srcPath, { recursive: true });
    writeFileSync(join(srcPath, "units", "spike_times", "0"), new Uint8Array(20)); // not a blosc frame
    const destPath = fresh("out.zarr");
    await assert.rejects(convert(srcPath, destPath, { allowPickle: true }), (e: unknown) => {
      assert.ok(e instanceof IncompleteConversionError);
      assert.match(e.message, /conversion stopped: .*units\/spike_times.*partial output was removed/s);
      assert.ok(e.entries.some((x) => x.path === "/units/spike_times"));
      return true;
    });
    assert.equal(existsSync(destPath), false);
  });

  test("refuses an existing destination unless overwrite", async () => {
    const srcPath = fresh("src.zarr");
    await writeSource(srcPath, 2);
    const destPath = fresh("dest.zarr");
    await convert(srcPath, destPath);
    await assert.rejects(convert(srcPath, destPath), StoreExistsError);
    const again = await convert(srcPath, destPath, { overwrite: true });
    assert.deepEqual([again.sourceFormat, again.zarrFormat, again.groups, again.datasets, again.links], [2, 3, 3, 2, 1]);
  });
});

/** A v3 array written with given codecs (whatever the writer would pick), for codec mapping checks. */
async function v3Array(path: string, meta: Partial<ArrayMetadata> & { codecs: ArrayMetadata["codecs"] }, values: NdArray): Promise<void> {
  const h = await ZarrHierarchy.create(new LocalStore(path), 3);
  const array = await h.createArray("a", {
    zarrFormat: 3, nodeType: "array", shape: values.shape, chunkShape: values.shape, dtype: values.dtype, fillValue: 0, order: "C",
    chunkKeyEncoding: { kind: "default", separator: "/" }, attributes: { _DTYPE: "int32" }, ...meta,
  });
  await array.set(null, values);
  await h.consolidate();
}

describe("codecs and chunks across formats", () => {
  const ints = (count: number): NdArray => ({ dtype: { kind: "numeric", name: "int32", endian: "little" }, shape: [count], data: Int32Array.from({ length: count }, (_, i) => i * 3 - 7) });

  test("v3 blosc/zstd/gzip (+crc32c) become the numcodecs compressors of v2; values equal", async () => {
    const cases: [ArrayMetadata["codecs"][number], Record<string, unknown>][] = [
      [{ name: "blosc", configuration: { cname: "zstd", clevel: 3, shuffle: "bitshuffle", typesize: 4, blocksize: 0 } }, { id: "blosc", cname: "zstd", clevel: 3, shuffle: 2, blocksize: 0 }],
      [{ name: "zstd", configuration: { level: 5, checksum: false } }, { id: "zstd", level: 5 }],
      [{ name: "gzip", configuration: { level: 4 } }, { id: "gzip", level: 4 }],
    ];
    for (const [codec, v2] of cases) {
      const srcPath = fresh(`${codec.name}.zarr`);
      await v3Array(srcPath, { chunkShape: [10], codecs: [{ name: "bytes", configuration: { endian: "little" } }, codec, { name: "crc32c" }] }, ints(25));
      const destPath = fresh(`${codec.name}-v2.zarr`);
      await convert(srcPath, destPath, { zarrFormat: 2 });
      const zarray = json(join(destPath, "a", ".zarray"));
      assert.deepEqual([zarray.compressor, zarray.filters, zarray.chunks, zarray.dtype], [v2, null, [10], "<i4"]);
      const io = new ZarrIO(destPath, "r");
      assert.deepEqual(await values(io, "/a", { raw: true }), Array.from(ints(25).data as Int32Array));
      await io.close();
    }
  });

  test("a sharded v3 array becomes v2 chunks of the inner chunk shape; kept sharded in v3", async () => {
    const srcPath = fresh("sharded.zarr");
    const inner = [{ name: "bytes", configuration: { endian: "little" } }, { name: "zstd", configuration: { level: 1, checksum: false } }];
    await v3Array(srcPath, {
      chunkShape: [20],
      codecs: [{ name: "sharding_indexed", configuration: { chunk_shape: [5], codecs: inner, index_codecs: [{ name: "bytes", configuration: { endian: "little" } }, { name: "crc32c" }], index_location: "end" } }],
    }, ints(50));
    const v2 = fresh("sharded-v2.zarr");
    await convert(srcPath, v2, { zarrFormat: 2 });
    assert.deepEqual([json(join(v2, "a", ".zarray")).chunks, json(join(v2, "a", ".zarray")).compressor], [[5], { id: "zstd", level: 1 }]);
    const v3 = fresh("sharded-v3.zarr");
    await convert(srcPath, v3, { zarrFormat: 3 });
    const meta = json(join(v3, "a", "zarr.json"));
    assert.deepEqual([meta.chunk_grid.configuration.chunk_shape, meta.codecs[0].name], [[20], "sharding_indexed"]);
    for (const p of [v2, v3]) {
      const io = new ZarrIO(p, "r");
      assert.deepEqual(await values(io, "/a", { raw: true }), Array.from(ints(50).data as Int32Array));
      await io.close();
    }
  });

  test("v2 shuffle + zlib filters and a delta filter become numcodecs.* v3 codecs in the same order; chunks and fill kept", async () => {
    const srcPath = fresh("filters-v2.zarr");
    const io = new ZarrIO(srcPath, "w", { zarrFormat: 2 });
    await io.writeBuilder(new GroupBuilder("root", {
      datasets: [new DatasetBuilder("a", new ZarrDataIO(Int32Array.from({ length: 30 }, (_, i) => i * i), {
        chunks: [7], fillValue: -5, compressor: { id: "zlib", level: 2 }, filters: [{ id: "delta", dtype: "<i4" }, { id: "shuffle", elementsize: 4 }],
      }))],
    }));
    await io.close();
    const destPath = fresh("filters-v3.zarr");
    await convert(srcPath, destPath);
    const meta = json(join(destPath, "a", "zarr.json"));
    assert.deepEqual(meta.codecs.map((c: { name: string }) => c.name), ["numcodecs.delta", "bytes", "numcodecs.shuffle", "numcodecs.zlib"]);
    assert.deepEqual([meta.chunk_grid.configuration.chunk_shape, meta.fill_value], [[7], -5]);
    const back = new ZarrIO(destPath, "r");
    assert.deepEqual(await values(back, "/a", { raw: true }), Array.from({ length: 30 }, (_, i) => i * i));
    await back.close();
  });
});

test("a float16 dataset converts both ways, its values and type kept", async () => {
  const halves = [0.5, 1.5, 65504, -2, 0.0999755859375]; // each exactly a float16
  const src = fresh("half.zarr");
  const io = new ZarrIO(src, "w", { zarrFormat: 2 });
  await io.writeBuilder(new GroupBuilder("root", { datasets: [new DatasetBuilder("h", halves, { dtype: "float16" })] }));
  await io.close();
  const v3 = fresh("half-v3.zarr");
  await convert(src, v3);
  assert.equal(json(join(v3, "h", "zarr.json")).data_type, "float16");
  const v2 = fresh("half-v2.zarr");
  await convert(v3, v2, { zarrFormat: 2 });
  assert.equal(json(join(v2, "h", ".zarray")).dtype, "<f2");
  for (const p of [v3, v2]) {
    const back = new ZarrIO(p, "r");
    assert.deepEqual(await values(back, "/h", { raw: true }), halves);
    await back.close();
  }
});

describe("hdmf-zarr convert (CLI)", () => {
  test("converts, prints a summary; refuses pickle without --allow-pickle (exit 1); usage mistakes exit 2", async () => {
    const srcPath = fresh("ecephys.nwb.zarr");
    cpSync(join(fixtures, "ecephys_tutorial.nwb.zarr"), srcPath, { recursive: true });
    const refused = await runConvertCli([srcPath, fresh("a.zarr")]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /^error: IncompleteConversionError: .*\n  \/general\/extracellular_ephys\/electrodes\/group: stored with the pickle codec/s);
    const destPath = fresh("b.zarr");
    const ok = await runConvertCli([srcPath, destPath, "--allow-pickle"]);
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /\(Zarr v2\) → .*b\.zarr \(Zarr v3\): 21 groups, 30 datasets, 5 links in [\d.]+ s$/);
    const v2 = await runConvertCli(["--zarr-format", "2", destPath, fresh("c.zarr")]);
    assert.equal(v2.code, 0, v2.err);
    assert.match(v2.out, /\(Zarr v3\) → .*\(Zarr v2\)/);
    for (const bad of [[srcPath], [srcPath, "x", "--zarr-format", "4"], [srcPath, "x", "--bogus"]]) assert.equal((await runConvertCli(bad)).code, 2);
    assert.match((await runConvertCli(["--help"])).out, /usage: hdmf-zarr convert OLD NEW/);
  });
});
