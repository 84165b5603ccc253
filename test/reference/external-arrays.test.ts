/**
 * Datasets lindi leaves in the HDF5 file (`_EXTERNAL_ARRAY_LINK`, for datasets of more chunks than
 * its num_dataset_chunks_threshold): read through the HDF5 file's own chunk index, served by a
 * real HTTP server with Range support. Every value equals what h5py reads from the original; the
 * index agrees with h5py's chunk_iter for each index type read; a slice fetches the index
 * once and then only its chunks; what is not supported is a typed error naming file and dataset.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Hdf5IndexError, ReferenceFileError } from "../../src/errors.js";
import type { DatasetBuilder } from "../../src/format/builders.js";
import { ZarrDataset } from "../../src/format/zarr-dataset.js";
import { nest } from "../../src/data/index.js";
import { ZarrIO } from "../../src/io/zarr-io.js";
import { Hdf5ChunkIndexReader } from "../../src/store/hdf5/chunk-index.js";
import { HttpRangeReader } from "../../src/store/range-reader.js";
import { startHttpServer, type TestHttpServer } from "../helpers/http-server.js";
import { removeFolder, tempFolder } from "../helpers/temp-folders.js";
import { canon, datasetValues, LINDI_PY, run, skip, SPLIT_BYTES, type Dump } from "./reference-helpers.js";

type ChunkInfo = Record<string, { chunks: Record<string, [number, number, number]> }>;

/** Chunked datasets of more chunks than this are left in the HDF5 file. */
const THRESHOLD: Record<string, string> = { "written.nwb": "4", "earliest.h5": "8", "latest.h5": "8" };
/** 140,000 chunks of one byte: its values are compared by slices crossing its paged blocks. */
const PAGED = "/v4b/extensible_paged";
/**
 * HDF5 2.0's chunk_iter reports wrong offsets for an extensible array whose unlimited dimension
 * is not the first (offsets past the shape): its chunks are compared as a set, its values fully.
 */
const MISREPORTED = "/v4b/extensible_gzip";

describe("datasets lindi leaves in the HDF5 file, read through its chunk index", { skip }, () => {
  let dir: string;
  let server: TestHttpServer;
  const dumps = new Map<string, Dump>();
  const infos = new Map<string, ChunkInfo>();
  const names = Object.keys(THRESHOLD);

  before(async () => {
    dir = tempFolder("external-arrays");
    server = await startHttpServer(dir);
    await run(LINDI_PY, "write_nwb.py", [join(dir, "written.nwb")]);
    await run(LINDI_PY, "write_chunked_h5.py", [dir]);
    await Promise.all(names.map(async (name) => {
      const h5 = join(dir, name);
      await run(LINDI_PY, "make_lindi.py", [h5, `${server.url}/${name}`, `${h5}.lindi.json`, SPLIT_BYTES, THRESHOLD[name]]);
      dumps.set(name, JSON.parse(await run(LINDI_PY, "dump_h5.py", [h5])) as Dump);
      infos.set(name, JSON.parse(await run(LINDI_PY, "chunk_info.py", [h5])) as ChunkInfo);
    }));
  });
  after(async () => {
    await server?.close();
    removeFolder(dir);
  });

  /** The datasets the reference file of `name` leaves in the HDF5 file. */
  function externalDatasets(name: string): string[] {
    const refs = (JSON.parse(readFileSync(join(dir, `${name}.lindi.json`), "utf8")) as { refs: Record<string, unknown> }).refs;
    return Object.entries(refs)
      .filter(([k, v]) => k.endsWith("/.zattrs") && typeof v === "object" && v !== null && "_EXTERNAL_ARRAY_LINK" in v)
      .map(([k]) => "/" + k.slice(0, -"/.zattrs".length));
  }

  it("reads every value as h5py reads the original, over HTTP", async () => {
    const external: string[] = [];
    for (const name of names) {
      const left = externalDatasets(name);
      await using io = new ZarrIO(`${server.url}/${name}.lindi.json`, "r");
      for (const [path, entry] of Object.entries(dumps.get(name)!)) {
        if (entry.kind !== "dataset" || path === "/data/skipped" || path === PAGED) continue;
        const ds = (await io.getBuilder(path)) as DatasetBuilder;
        assert.deepEqual(await datasetValues(ds), entry.values, `${name} ${path}`);
        if (left.includes(path)) external.push(`${name}:${path}`);
      }
    }
    // The chunk index kinds: v1 B-trees in old-style groups (one of 40 members), fixed arrays
    // (paged and filtered, and with a larger maximum shape), an implicit index, extensible arrays
    // and v2 B-trees (filtered and not); a group with dense link storage.
    assert.deepEqual(external.sort(), [
      "earliest.h5:/data/cube", "earliest.h5:/data/grow", "earliest.h5:/data/gzip2d", "earliest.h5:/data/partial", "earliest.h5:/many/g33/x",
      "latest.h5:/dense/d0", "latest.h5:/v4/fixed", "latest.h5:/v4/fixed_max", "latest.h5:/v4/fixed_paged",
      "latest.h5:/v4b/btree2", "latest.h5:/v4b/btree2_gzip", "latest.h5:/v4b/extensible", "latest.h5:/v4b/extensible_gzip", "latest.h5:/v4b/implicit",
      "written.nwb:/acquisition/TwoPhotonSeries/data", "written.nwb:/acquisition/compressed/data",
    ]);
    // The paged extensible array, by slices across its index block, its first data blocks and its paged ones.
    await using latest = new ZarrIO(`${server.url}/latest.h5.lindi.json`, "r");
    const paged = await lazyData(latest, PAGED);
    const values = dumps.get("latest.h5")![PAGED].values as number[];
    for (const [start, stop] of [[0, 40], [131000, 131100], [133050, 135200], [139990, 140000]]) {
      assert.deepEqual([...((await paged.get([{ start, stop }])).data as Uint8Array)], values.slice(start, stop), `${PAGED} ${start}..${stop}`);
    }
  });

  it("lists every chunk where h5py's chunk_iter says it is, for each index type read", async () => {
    for (const name of ["earliest.h5", "latest.h5"]) {
      const reader = new Hdf5ChunkIndexReader(HttpRangeReader.fromUrl(`${server.url}/${name}`));
      for (const [path, { chunks }] of Object.entries(infos.get(name)!)) {
        const index = await reader.chunkIndex(path);
        if (path === MISREPORTED) {
          const all = index.shape.map((n, i) => Math.ceil(n / index.chunkShape[i]));
          const found = Array.from({ length: all[0] * all[1] }, (_, i) => index.lookup([Math.floor(i / all[1]), i % all[1]]));
          const key = (c: { offset: number; length: number; filterMask: number } | number[]) => (Array.isArray(c) ? c : [c.offset, c.length, c.filterMask]).join();
          assert.deepEqual(found.map((c) => key(c!)).sort(), Object.values(chunks).map(key).sort());
          continue;
        }
        let listed = 0;
        const grid = index.shape.map((n, i) => Math.ceil(n / index.chunkShape[i]));
        for (let i = 0; i < grid.reduce((a, b) => a * b, 1); i++) {
          const coords = grid.map((_, d) => Math.floor(i / grid.slice(d + 1).reduce((a, b) => a * b, 1)) % grid[d]);
          const found = index.lookup(coords);
          const expected = chunks[coords.join(".")];
          assert.deepEqual(found && [found.offset, found.length, found.filterMask], expected, `${name} ${path} chunk ${coords.join(".")}`);
          if (found) listed++;
        }
        assert.equal(listed, Object.keys(chunks).length, `${name} ${path}`);
      }
    }
  });

  it("reads the index once, then a slice fetches only its chunks, one Range request each", async () => {
    const info = infos.get("earliest.h5")!["/data/gzip2d"].chunks;
    const rangeOf = (key: string) => `bytes=${info[key][0]}-${info[key][0] + info[key][1] - 1}`;
    const chunkRanges = new Set(Object.keys(info).map(rangeOf));
    await using io = new ZarrIO(`${server.url}/earliest.h5.lindi.json`, "r");
    const data = await lazyData(io, "/data/gzip2d");
    server.stats.reset();
    // Rows 495..515 lie in chunks 49, 50 and 51 of 10 rows (gzip + shuffle in the HDF5 file).
    const rows = await data.get([{ start: 495, stop: 515 }]);
    const all = dumps.get("earliest.h5")!["/data/gzip2d"].values as number[][];
    assert.deepEqual(canon(nest(rows.data as ArrayLike<unknown>, rows.shape)), all.slice(495, 515));
    const log = server.stats.log.map((r) => [r.path, r.range]);
    assert.ok(log.every(([path]) => path === "/earliest.h5"), JSON.stringify(log));
    const chunksRead = log.filter(([, range]) => chunkRanges.has(range!)).map(([, r]) => r).sort();
    assert.deepEqual(chunksRead, ["49.0", "50.0", "51.0"].map(rangeOf).sort());
    // The rest is metadata: superblock, the groups on the way, the dataset's header, the B-tree.
    const metadata = log.length - chunksRead.length;
    // The superblock, then the file's first 16 KiB (the groups, the dataset's header, the B-tree's
    // root), then the B-tree's leaves that lie past them, in parallel.
    assert.ok(metadata >= 2 && metadata <= 6, `${metadata} metadata requests: ${JSON.stringify(log)}`);
    console.log(`gzip2d (200 chunks): ${metadata} metadata requests, then ${chunksRead.length} chunk requests`);
    server.stats.reset();
    const more = await data.get([{ start: 1000, stop: 1003 }]);
    assert.deepEqual(canon(nest(more.data as ArrayLike<unknown>, more.shape)), all.slice(1000, 1003));
    assert.deepEqual(server.stats.log.map((r) => r.range), [rangeOf("100.0")]);
    // A chunk never written reads as the fill value without a request.
    server.stats.reset();
    const partial = await lazyData(io, "/data/partial");
    const fill = await partial.get([{ start: 0, stop: 10 }]);
    assert.deepEqual([...(fill.data as Int32Array)], new Array(10).fill(-7));
    assert.ok(!server.stats.log.some((r) => chunkRangesOf(infos.get("earliest.h5")!, "/data/partial").has(r.range!)));
  });

  it("reads the pynwb file's large dataset with NWB paths, one request per chunk after the index", async () => {
    const info = infos.get("written.nwb")!["/acquisition/compressed/data"].chunks;
    await using io = new ZarrIO(`${server.url}/written.nwb.lindi.json`, "r");
    const data = await lazyData(io, "/acquisition/compressed/data");
    assert.deepEqual(data.shape, [4000, 3]);
    server.stats.reset();
    await data.get([{ start: 0, stop: 1 }]);
    // Three old-style groups deep, the B-tree of 8 chunks one node: the superblock and the file's
    // first 16 KiB, then what lies past them (pynwb writes the specifications first).
    const first = server.stats.log.length - 1;
    assert.ok(first <= 10, `${first} metadata requests: ${JSON.stringify(server.stats.log.map((r) => r.range))}`);
    console.log(`compressed/data (8 chunks): ${first} metadata requests, then 1 chunk request`);
    server.stats.reset();
    const rows = await data.get([{ start: 1000, stop: 1100 }]);
    const all = dumps.get("written.nwb")!["/acquisition/compressed/data"].values as number[][];
    assert.deepEqual(canon(nest(rows.data as ArrayLike<unknown>, rows.shape)), all.slice(1000, 1100));
    const [offset, length] = info["2.0"];
    assert.deepEqual(server.stats.log.map((r) => [r.path, r.range]), [["/written.nwb", `bytes=${offset}-${offset + length - 1}`]]);
  });

  it("refuses a chunk stored with a filter skipped, naming file and dataset", async () => {
    await using io = new ZarrIO(`${server.url}/earliest.h5.lindi.json`, "r");
    const skipped = await lazyData(io, "/data/skipped");
    assert.deepEqual([...((await skipped.get([{ start: 0, stop: 1900 }])).data as Uint8Array)], new Array(1900).fill(1));
    await assert.rejects(skipped.get([{ start: 1900, stop: 2000 }]), (e: unknown) => {
      assert.ok(e instanceof Hdf5IndexError, String(e));
      assert.match(e.message, /chunk \[19\] skipped some of the dataset's filters \(filter mask 1\)/);
      assert.equal(e.store, `${server.url}/earliest.h5`);
      assert.equal(e.path, "/data/skipped");
      return true;
    });
  });

  it("never lets a reference file on a server point the link at a local file", async () => {
    const text = readFileSync(join(dir, "earliest.h5.lindi.json"), "utf8").replaceAll(`${server.url}/earliest.h5`, join(dir, "earliest.h5"));
    assert.ok(text.includes(`"url": "${join(dir, "earliest.h5")}"`) || text.includes(`"url":"${join(dir, "earliest.h5")}"`));
    writeFileSync(join(dir, "local-link.lindi.json"), text);
    await using io = new ZarrIO(`${server.url}/local-link.lindi.json`, "r");
    const data = await lazyData(io, "/data/gzip2d");
    await assert.rejects(data.get([{ start: 0, stop: 1 }]), (e: unknown) => {
      assert.ok(e instanceof ReferenceFileError, String(e));
      assert.match(e.message, /may not point to local files/);
      return true;
    });
  });
});

/** The lazily read values of the dataset at `path`. */
async function lazyData(io: ZarrIO, path: string): Promise<ZarrDataset> {
  return ((await io.getBuilder(path)) as DatasetBuilder).data as ZarrDataset;
}

function chunkRangesOf(info: ChunkInfo, path: string): Set<string> {
  return new Set(Object.values(info[path].chunks).map(([o, n]) => `bytes=${o}-${o + n - 1}`));
}
