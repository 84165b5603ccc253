/**
 * Options are never silently ignored: every public call that takes an options object refuses keys
 * it does not know and keys it cannot honour, naming them and the valid ones, at run time (so in
 * JavaScript too); ZarrDataIO's `filters` are honoured in Zarr v3 writes.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  convert, DataChunkIterator, DatasetBuilder, GenericDataChunkIterator, GroupBuilder, IncompleteWriteError, InvalidArgumentError,
  InvalidOptionError, BuildManager, loadBundledTypeMap, loadNwbTypes, NWBFile, NWBZarrIO, openStore, UnknownCodecError, ZarrDataIO, ZarrDataset, ZarrIO,
  type ChunkSlice,
} from "../../../src/index.js";
import { checkOptions } from "../../../src/options.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const tmp = tempFolders("options");
after(() => tmp.cleanup());

/** Options of new ZarrIO() (the list grows as options are added; these must be in it). */
const ZARR_IO_OPTIONS = ["allowPickle", "concurrency", "decodePool", "forceOverwrite", "objectCodec", "storageOptions", "synchronizer", "zarrFormat"];
/** Options of the HTTP store (ZarrIO's storageOptions) that must be in its list. */
const HTTP_OPTIONS = ["backoffMs", "concurrency", "fetch", "headers", "listing", "missingAs403", "retries", "timeoutMs", "anon", "key", "secret", "token", "profile", "endpoint_url", "client_kwargs"];

/**
 * Assert `f` throws an InvalidOptionError whose message is `lead` then the sorted valid keys, and
 * whose valid keys include `including`.
 */
function assertListsValid(f: () => unknown, lead: string, including: string[]): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof InvalidOptionError, String(e));
    assert.deepEqual([...e.valid].sort(), e.valid);
    for (const name of including) assert.ok(e.valid.includes(name), `${name} is valid`);
    assert.equal(e.message, `${lead}${e.valid.join(", ")}`);
    return true;
  });
}

/** Assert `f` throws an InvalidOptionError with this message, option and valid list. */
function assertOptionError(f: () => unknown, message: string, option?: string): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof InvalidOptionError && e instanceof InvalidArgumentError, String(e));
    assert.equal(e.message, message);
    if (option !== undefined) assert.equal(e.option, option);
    return true;
  });
}

async function assertOptionRejects(p: Promise<unknown>, message: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof InvalidOptionError, String(e));
    assert.equal(e.message, message);
    return true;
  });
}

/** A one-dataset file, written in `format`. */
async function smallFile(format: 2 | 3 = 3): Promise<string> {
  const path = join(tmp.make(), "small.zarr");
  await new ZarrIO(path, "w", { zarrFormat: format }).writeBuilder(new GroupBuilder("root", { datasets: [new DatasetBuilder("x", [1, 2, 3], { dtype: "int32" })] }));
  return path;
}

describe("checkOptions", () => {
  const site = { call: "f()", store: "s.zarr" };
  it("accepts known keys, undefined and null", () => {
    assert.deepEqual(checkOptions({ a: 1 }, ["a", "b"], site), { a: 1 });
    assert.deepEqual(checkOptions(undefined, ["a"], site), {});
    assert.deepEqual(checkOptions(null, ["a"], site), {});
  });
  it("names every unknown key, a camelCase or other-case spelling it may stand for, and the valid keys", () => {
    assertOptionError(
      () => checkOptions({ link_data: true, cachespec: false, nope: 1 } as object, ["cacheSpec", "linkData"], site),
      "in 's.zarr': f(): unknown options 'link_data' (did you mean 'linkData'?), 'cachespec' (did you mean 'cacheSpec'?), 'nope'; valid options: cacheSpec, linkData",
      "link_data",
    );
  });
  it("an unknown key set to undefined is still refused", () => {
    assertOptionError(() => checkOptions({ typo: undefined } as object, ["a"], site), "in 's.zarr': f(): unknown option 'typo'; valid options: a");
  });
  it("refuses a non-object", () => {
    assertOptionError(() => checkOptions("r" as never, ["a"], site), "in 's.zarr': f(): the options must be an object such as { a: … }, not 'r'; valid options: a");
    assertOptionError(() => checkOptions([1] as never, ["a"], site), "in 's.zarr': f(): the options must be an object such as { a: … }, not an array; valid options: a");
  });
});

describe("ZarrIO and NWBZarrIO options", () => {
  it("an unknown key (a Python spelling) is refused at construction", () => {
    assertListsValid(
      () => new ZarrIO("f.zarr", "r", { storage_options: { anon: true } } as never),
      "in 'f.zarr': new ZarrIO(): unknown option 'storage_options' (did you mean 'storageOptions'?); valid options: ",
      ZARR_IO_OPTIONS,
    );
  });

  it("storageOptions are checked too: an s3fs option not taken here says what to do", () => {
    assertListsValid(
      () => new ZarrIO("s3://bucket/f.zarr", "r", { storageOptions: { username: "me" } } as never),
      "in 's3://bucket/f.zarr': new ZarrIO() option 'storageOptions': option 'username' is not supported: use `key` " +
        "(s3fs takes username as another name of key). Valid options: ",
      HTTP_OPTIONS,
    );
    assertListsValid(
      () => new ZarrIO("https://h/f.zarr", "r", { storageOptions: { retry: 2 } } as never),
      "in 'https://h/f.zarr': new ZarrIO() option 'storageOptions': unknown option 'retry'; valid options: ",
      HTTP_OPTIONS,
    );
  });

  it("hdmf-zarr's `manager` is taken, and read back", async () => {
    const manager = new BuildManager(await loadBundledTypeMap());
    assert.equal(new ZarrIO("f.zarr", "r", { manager }).manager, manager);
    assert.equal(new ZarrIO("f.zarr", "r").manager, undefined);
  });

  it("NWBZarrIO accepts its own keys and ZarrIO's, and names them all", () => {
    new NWBZarrIO("f.nwb.zarr", "r", { loadNamespaces: false, preload: "none", extensions: [], allowPickle: true });
    assertListsValid(
      () => new NWBZarrIO("f.nwb.zarr", "r", { load_namespaces: false } as never),
      "in 'f.nwb.zarr': new NWBZarrIO(): unknown option 'load_namespaces' (did you mean 'loadNamespaces'?); valid options: ",
      [...ZARR_IO_OPTIONS, "extensions", "loadNamespaces", "preload", "typeMap"],
    );
  });

  it("readNwb refuses before reading anything", async () => {
    await assert.rejects(NWBZarrIO.readNwb("does-not-matter.nwb.zarr", { storageOption: {} } as never), (e: unknown) =>
      e instanceof InvalidOptionError && /new NWBZarrIO\(\): unknown option 'storageOption' \(did you mean 'storageOptions'\?\)/.test(e.message));
  });

  it("read, write, writeBuilder and export check theirs", async () => {
    const path = await smallFile();
    const io = new ZarrIO(path, "r");
    await assertOptionRejects(io.read({ loadNamespace: false } as never),
      `in '${path}': ZarrIO.read(): unknown option 'loadNamespace' (did you mean 'loadNamespaces'?); valid options: loadNamespaces, manager, typeMap`);
    await io.close();

    const out = new ZarrIO(join(tmp.make(), "out.zarr"), "w");
    await assertOptionRejects(out.writeBuilder(new GroupBuilder("root"), { consolidated: false } as never),
      `in '${out.path}': ZarrIO.writeBuilder(): unknown option 'consolidated'; valid options: cacheSpec, consolidateMetadata, exhaustDci, linkData, maxThreadsPerProcess, numberOfJobs`);

    await loadNwbTypes();
    const file = new NWBFile({ identifier: "x", sessionDescription: "d", sessionStartTime: new Date("2024-01-01T00:00:00Z") });
    const nwbOut = new NWBZarrIO(join(tmp.make(), "o.nwb.zarr"), "w");
    await assertOptionRejects(nwbOut.write(file, { number_of_jobs: 2 } as never),
      `in '${nwbOut.path}': NWBZarrIO.write(): unknown option 'number_of_jobs' (did you mean 'numberOfJobs'?); valid options: ` +
        "cacheSpec, consolidateMetadata, exhaustDci, linkData, manager, maxThreadsPerProcess, numberOfJobs, typeKey, typeMap");

    const src = new ZarrIO(path, "r");
    const dest = new ZarrIO(join(tmp.make(), "copy.zarr"), "w");
    await assertOptionRejects(dest.export(src, { nwbfile: file } as never),
      `in '${dest.path}': ZarrIO.export(): option 'nwbfile' is not supported: \`nwbfile\` is NWBZarrIO.export()'s name for the container; ` +
        "ZarrIO.export() takes `container`. Valid options: cacheSpec, clearCache, consolidateMetadata, container, linkData, maxThreadsPerProcess, numberOfJobs, writeArgs");
    await src.close();
  });

  it("convert checks its options before reading the source", async () => {
    await assert.rejects(convert("in.nwb.zarr", "out.nwb.zarr", { allow_pickle: true } as never), (e: unknown) => {
      assertListsValid(() => { throw e; }, "in 'in.nwb.zarr': convert(): unknown option 'allow_pickle' (did you mean 'allowPickle'?); valid options: ",
        ["allowPickle", "overwrite", "zarrFormat"]);
      return true;
    });
  });

  it("openStore checks its options and the nested store options", () => {
    assertOptionError(() => openStore("f.zarr", { writable: false, htp: {} } as never),
      "in 'f.zarr': openStore(): unknown option 'htp' (did you mean 'http'?); valid options: http, local, reference, writable, zip");
    assertListsValid(() => openStore("f.zarr", { writable: false, local: { fsynch: true } } as never),
      "in 'f.zarr': openStore() option 'local': unknown option 'fsynch' (did you mean 'fsync'?); valid options: ", ["fsync", "synchronizer"]);
  });
});

describe("ZarrDataIO options", () => {
  it("an unknown option is refused with the valid ones", () => {
    const valid = "arrayCodecs, chunks, compressor, compressors, fillValue, fillvalue, filters, linkData, serializer, shards";
    assertOptionError(() => new ZarrDataIO([1, 2], { link_data: false } as never),
      `new ZarrDataIO(): unknown option 'link_data' (did you mean 'linkData'?); valid options: ${valid}`);
  });

  it("filters that are not codecs, or codecs this package does not know, are refused at once", () => {
    assert.throws(() => new ZarrDataIO([1], { filters: ["delta"] as never }), {
      name: "InvalidArgumentError",
      message: "'ZarrDataIO': ZarrDataIO filters[0] is \"delta\": give a codec as { name, configuration } (Zarr v3) or { id, … } (numcodecs)",
    });
    assert.throws(() => new ZarrDataIO([1], { filters: [{ id: "zfpy", tolerance: 0.1 }] }), (e: unknown) =>
      e instanceof UnknownCodecError && /^'ZarrDataIO': ZarrDataIO filter 'numcodecs\.zfpy' is not a codec this package knows \(supported: .*numcodecs\.delta/.test(e.message));
  });

  /** Write [[1, 5, 9], [2, 4, 8]] as int32 with `filters`, read it back; the stored codecs (v3) or filters (v2). */
  async function writeFiltered(filters: unknown[], format: 2 | 3): Promise<{ stored: unknown; values: number[] }> {
    const path = join(tmp.make(), "f.zarr");
    const data = new ZarrDataIO([[1, 5, 9], [2, 4, 8]], { filters: filters as never });
    await new ZarrIO(path, "w", { zarrFormat: format }).writeBuilder(new GroupBuilder("root", { datasets: [new DatasetBuilder("x", data, { dtype: "int32" })] }));
    const meta = JSON.parse(readFileSync(join(path, "x", format === 3 ? "zarr.json" : ".zarray"), "utf8"));
    const io = new ZarrIO(path, "r");
    const ds = (await io.readBuilder()).get("x") as DatasetBuilder;
    const values = Array.from((await (ds.data as ZarrDataset).get()).data as Int32Array);
    await io.close();
    return { stored: format === 3 ? meta.codecs : meta.filters, values };
  }

  const bytes = { name: "bytes", configuration: { endian: "little" } };
  const zstd = { name: "zstd", configuration: { level: 0, checksum: false } };

  it("Zarr v3: array→array filters go before the serializer, in either spelling", async () => {
    const delta = { name: "numcodecs.delta", configuration: { dtype: "<i4" } };
    assert.deepEqual(await writeFiltered([{ id: "delta", dtype: "<i4" }], 3), { stored: [delta, bytes, zstd], values: [1, 5, 9, 2, 4, 8] });
    assert.deepEqual(await writeFiltered([delta], 3), { stored: [delta, bytes, zstd], values: [1, 5, 9, 2, 4, 8] });
    const transpose = { name: "transpose", configuration: { order: [1, 0] } };
    assert.deepEqual(await writeFiltered([transpose], 3), { stored: [transpose, bytes, zstd], values: [1, 5, 9, 2, 4, 8] });
  });

  it("Zarr v3: a bytes→bytes filter (a legacy shuffle) acts ahead of the compressors, as in Zarr v2", async () => {
    const shuffle = { name: "numcodecs.shuffle", configuration: { elementsize: 4 } };
    assert.deepEqual(await writeFiltered([{ id: "shuffle", elementsize: 4 }], 3), { stored: [bytes, shuffle, zstd], values: [1, 5, 9, 2, 4, 8] });
  });

  it("legacy Zarr v2: filters are the array's numcodecs filters; a v3-only codec is refused", async () => {
    assert.deepEqual(await writeFiltered([{ name: "numcodecs.delta", configuration: { dtype: "<i4" } }], 2), { stored: [{ id: "delta", dtype: "<i4" }], values: [1, 5, 9, 2, 4, 8] });
    await assert.rejects(writeFiltered([{ name: "transpose", configuration: { order: [1, 0] } }], 2), (e: unknown) =>
      e instanceof IncompleteWriteError && /a v2 filter or compressor must be an object with an 'id', got \{"name":"transpose"/.test(e.message));
  });
});

describe("ZarrDataIO's legacy compressor in a Zarr v3 write", () => {
  it("is refused, as hdmf-zarr 0.14 refuses `compressor`, naming `compressors` instead", async () => {
    const path = join(tmp.make(), "c.zarr");
    const data = new ZarrDataIO([1, 2, 3], { compressor: { id: "zlib", level: 1 } });
    assert.equal(data.getIoParams().compressors, undefined);
    await assert.rejects(new ZarrIO(path, "w").writeBuilder(new GroupBuilder("root", { datasets: [new DatasetBuilder("x", data, { dtype: "int32" })] })),
      (e: unknown) => e instanceof IncompleteWriteError && /'\/x' in '[^']*': ZarrDataIO `compressor` is the compressor of legacy Zarr v2 writes; hdmf-zarr 0.14 replaced it by `compressors`/.test(e.message));
  });
});

describe("iterator options", () => {
  it("DataChunkIterator names the key it does not know", () => {
    assertOptionError(() => new DataChunkIterator({ data: [1, 2, 3], buffer_size: 2 } as never),
      "new DataChunkIterator(): unknown option 'buffer_size' (did you mean 'bufferSize'?); valid options: bufferSize, data, dtype, iterAxis, maxShape");
  });

  class Zeros extends GenericDataChunkIterator {
    protected getData(sel: ChunkSlice[]) {
      return new Int32Array(sel[0].stop - sel[0].start);
    }
    protected getMaxShape() {
      return [10];
    }
    protected getDtype() {
      return "int32";
    }
  }

  it("GenericDataChunkIterator subclasses name theirs, and those of progressOptions", () => {
    assertOptionError(() => new Zeros({ bufferGB: 1 } as never),
      "new Zeros(): unknown option 'bufferGB' (did you mean 'bufferGb'?); valid options: bufferGb, bufferShape, chunkMb, chunkShape, displayProgress, freshBuffers, progressOptions");
    assertOptionError(() => new Zeros({ progressOptions: { total: 5 } } as never),
      "new Zeros() option 'progressOptions': option 'total' is not supported: the bar's total is the number of buffers, counted by the iterator; " +
        "leave it out. Valid options: description, minIntervalMs, target, unit");
  });
});

describe("in JavaScript", () => {
  it("a plain .mjs caller gets the same errors (no compile-time check stands in the way)", () => {
    const dir = resolve(__dirname, "../../../test-output");
    mkdirSync(dir, { recursive: true });
    const script = join(dir, "options-check.mjs");
    writeFileSync(script, [
      `import { ZarrIO, ZarrDataIO } from ${JSON.stringify(resolve(__dirname, "../../../src/index.ts"))};`,
      `for (const f of [() => new ZarrIO("f.zarr", "r", { forceOverWrite: true }), () => new ZarrDataIO([1], { shard: [1] })]) {`,
      `  try { f(); console.log("accepted"); } catch (e) { console.log(e.name + ": " + e.message.split(";")[0].split(":").slice(0, 3).join(":")); }`,
      `}`,
    ].join("\n"));
    const r = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split("\n"), [
      "InvalidOptionError: in 'f.zarr': new ZarrIO(): unknown option 'forceOverWrite' (did you mean 'forceOverwrite'?)",
      "InvalidOptionError: new ZarrDataIO(): unknown option 'shard' (did you mean 'shards'?)",
    ]);
  });
});
