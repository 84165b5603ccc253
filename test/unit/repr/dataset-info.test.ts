/**
 * generateDatasetHtml and the array facts behind it: the storage rows come from listing and key
 * sizes only (checked against the files on disk, through a local store and a real HTTP server),
 * "unknown" where the store cannot tell, sharded arrays show shard and inner chunk shapes, and the
 * preview reads only the chunk it shows.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  HttpStore, LocalStore, ZarrHierarchy, ZarrIO, type ArrayMetadata, type DatasetBuilder, type ReadableStore,
} from "../../../src/index.js";
import { arrayFacts, generateDatasetHtml, storageStats } from "../../../src/repr/index.js";
import { startHttpServer } from "../../helpers/http-server.js";
import { ZARR_V2_FIXTURES } from "../../helpers/fixture-paths.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const fixtures = ZARR_V2_FIXTURES;
const TUTORIAL = resolve(fixtures, "zarr_tutorial.nwb.zarr");
const DATA = "acquisition/synthetic_timeseries/data";
const temp = tempFolders("repr-info");
after(() => temp.cleanup());

/** Files and their total size under a folder, from the file system. */
function onDisk(dir: string): { files: string[]; bytes: number } {
  const files: string[] = [];
  let bytes = 0;
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), rel + e.name + "/");
      else {
        files.push(rel + e.name);
        bytes += statSync(join(d, e.name)).size;
      }
    }
  };
  walk(dir, "");
  return { files, bytes };
}

/** Record the keys read through a store (reads only; listing passes through). */
function recording(store: ReadableStore): { store: ReadableStore; reads: string[] } {
  const reads: string[] = [];
  const wrapped: ReadableStore = {
    description: store.description,
    get: (k) => (reads.push(k), store.get(k)),
    getRange: store.getRange ? (k, o, l) => (reads.push(k), store.getRange!(k, o, l)) : undefined,
    list: store.list?.bind(store),
  };
  return { store: wrapped, reads };
}

/** Every row of the info table as [key, value]. */
function rows(html: string): [string, string][] {
  const table = html.match(/<table style="[^"]*" class="data-info">([\s\S]*?)<\/table>/)![1];
  return [...table.matchAll(/<th[^>]*>([^<]*)<\/th><td[^>]*>([^<]*)<\/td>/g)].map((m) => [m[1], m[2]]);
}

test("the info table of a v2 array: Python's rows, storage from listing and sizes, no chunk read", async () => {
  const { store, reads } = recording(new LocalStore(TUTORIAL));
  const h = await ZarrHierarchy.open(store);
  const array = await h.openArray(DATA);
  const disk = onDisk(join(TUTORIAL, DATA));
  const sizeOf = async (key: string) => statSync(join(TUTORIAL, key)).size;
  reads.length = 0;
  const facts = await arrayFacts(array, { sizeOf });
  assert.deepEqual(reads, [], "listing and sizes only");
  assert.equal(facts.nbytesStored, disk.bytes);
  assert.equal(facts.chunksInitialized, disk.files.filter((f) => /^\d+\.\d+$/.test(f)).length);

  const html = await generateDatasetHtml(array, { sizeOf });
  assert.deepEqual(reads, ["acquisition/synthetic_timeseries/data/0.0"], "the preview reads the one chunk it shows");
  const ratio = (100 * 100 * 8) / disk.bytes;
  assert.deepEqual(rows(html), [
    ["Type", "ZarrArray"],
    ["Zarr format", "2"],
    ["Data type", "float64 (&lt;f8)"],
    ["Fill value", "0.0"],
    ["Shape", "(100, 100)"],
    ["Shard shape", "None"],
    ["Chunk shape", "(10, 10)"],
    ["Order", "C"],
    // The recording wrapper is a plain read-only object, not a store class.
    ["Read-only", "True"],
    ["Store type", "read-only view"],
    ["Filters", "()"],
    ["Serializer", "bytes(endian=&#39;little&#39;)"],
    ["Compressors", "(blosc(blocksize=0, clevel=3, cname=&#39;zstd&#39;, shuffle=1),)"],
    ["No. bytes", "80000 (78.1K)"],
    ["No. bytes stored", `${disk.bytes} (${(disk.bytes / 1024).toFixed(1)}K)`],
    ["Storage ratio", ratio.toFixed(1)],
    ["Chunks initialized", "100/100"],
  ]);
  assert.match(html, /First values: \[0:10, 0:10\] of shape \(100, 100\)/);
});

test("over HTTP the sizes come from the server; without listing the counts are unknown", async () => {
  const server = await startHttpServer(fixtures, { directoryListing: "json" });
  try {
    const url = `${server.url}/zarr_tutorial.nwb.zarr`;
    const listed = await (await ZarrHierarchy.open(new HttpStore(url))).openArray(DATA);
    const disk = onDisk(join(TUTORIAL, DATA));
    assert.deepEqual(await storageStats(listed), { bytesStored: disk.bytes, chunksInitialized: 100 });
    // Above the sizing limit the byte total is unknown, the count still known.
    assert.deepEqual(await storageStats(listed, { maxSizedKeys: 10 }), { bytesStored: null, chunksInitialized: 100 });

    const unlisted = await (await ZarrHierarchy.open(new HttpStore(url, { listing: "none" }))).openArray(DATA);
    assert.deepEqual(await storageStats(unlisted), { bytesStored: null, chunksInitialized: null });
    const table = rows(await generateDatasetHtml(unlisted, { preview: false }));
    assert.deepEqual(table.slice(-3), [["No. bytes stored", "unknown"], ["Storage ratio", "unknown"], ["Chunks initialized", "unknown/100"]]);
    assert.deepEqual(table.find(([k]) => k === "Store type"), ["Store type", "HttpStore"]);
  } finally {
    await server.close();
  }
});

test("files read through ZarrIO (a read-only view) still give bytes stored, from the store's sizes", async () => {
  const root = await new ZarrIO(TUTORIAL, "r").readBuilder();
  const html = await generateDatasetHtml(root.get(DATA) as DatasetBuilder, { preview: false });
  const table = Object.fromEntries(rows(html));
  const dir = join(TUTORIAL, DATA.replace(/^\//, ""));
  // chunks plus the array's own metadata documents, as zarr's nbytes_stored counts them
  const onDisk = readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
  assert.match(table["No. bytes stored"], new RegExp(`^${onDisk} \\(`));
  assert.equal(table["Chunks initialized"], "100/100");
  assert.equal(table["Read-only"], "True");
  assert.equal(table["Store type"], "LocalStore (read-only)");
});

test("a sharded v3 array shows its shard shape, inner chunk shape and inner codecs", async () => {
  const dir = join(temp.make(), "sharded.zarr");
  const h = await ZarrHierarchy.create(new LocalStore(dir), 3);
  const meta: ArrayMetadata = {
    zarrFormat: 3, nodeType: "array", shape: [8, 6], chunkShape: [4, 6],
    dtype: { kind: "numeric", name: "int32", endian: "little" }, fillValue: -1, order: "C",
    chunkKeyEncoding: { kind: "default", separator: "/" },
    codecs: [{
      name: "sharding_indexed",
      configuration: {
        chunk_shape: [2, 3],
        codecs: [{ name: "bytes", configuration: { endian: "little" } }, { name: "zstd", configuration: { level: 1, checksum: false } }],
        index_codecs: [{ name: "bytes", configuration: { endian: "little" } }, { name: "crc32c" }],
        index_location: "end",
      },
    }],
    dimensionNames: ["time", "channel"],
    attributes: {},
  };
  const array = await h.createArray("x", meta);
  await array.set([{ start: 0, stop: 4 }], 7);
  const sizeOf = async (key: string) => statSync(join(dir, key)).size;
  const facts = await arrayFacts(array, { sizeOf });
  assert.deepEqual(
    { shard: facts.shardShape, chunk: facts.chunkShape, ser: facts.serializer, comp: facts.compressors, count: facts.chunkCount, init: facts.chunksInitialized },
    { shard: [4, 6], chunk: [2, 3], ser: "bytes(endian='little')", comp: ["zstd(level=1, checksum=False)"], count: 2, init: 1 },
  );
  assert.equal(facts.nbytesStored, onDisk(join(dir, "x")).bytes);
  const table = Object.fromEntries(rows(await generateDatasetHtml(array, { sizeOf })));
  assert.equal(table["Shard shape"], "(4, 6)");
  assert.equal(table["Chunk shape"], "(2, 3)");
  assert.equal(table["Fill value"], "-1");
  assert.equal(table["Chunks initialized"], "1/2");
});

test("values that are not a Zarr array get the Python title, an empty table and a preview", async () => {
  const html = await generateDatasetHtml([[1, 2], [3, 4]]);
  assert.match(html, /Array \(not a Zarr array\)/);
  assert.deepEqual(rows(html), []);
  assert.match(html, /All values: \[0:2, 0:2\] of shape \(2, 2\)/);
});
