/**
 * Partial reads of sharded arrays (src/zarr/shard-read.ts): windows of arrays written by this
 * package and by zarr-python 3 agree element by element with zarr-python's read of the same
 * window; a window fetches the shard index and only the inner chunks it touches, from a local
 * store and over HTTP; a damaged index is a typed error naming the store, array and shard.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ChunkDecodeError } from "../../../src/errors.js";
import { HttpStore } from "../../../src/store/http.js";
import { LocalStore } from "../../../src/store/local.js";
import type { ReadableStore, StoreListing } from "../../../src/store/types.js";
import type { GetOptions } from "../../../src/store/capped-read.js";
import type { ZarrArray } from "../../../src/zarr/array.js";
import { crc32c, type CodecJSON } from "../../../src/zarr/codecs/index.js";
import { typedArrayClass, type DataType, type NdArray } from "../../../src/zarr/dtype.js";
import { ZarrHierarchy } from "../../../src/zarr/hierarchy.js";
import type { Selection, SelectionEntry } from "../../../src/zarr/indexing.js";
import type { ArrayMetadata } from "../../../src/zarr/metadata-types.js";
import { setShardReadMode } from "../../../src/zarr/shard-read.js";
import { startHttpServer } from "../../helpers/http-server.js";
import { prng } from "../../helpers/prng.js";
import { NO_BYTECODE, pythonOutput, scriptFailure, venvPython } from "../../helpers/python.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const PYTHON = venvPython("v3");
const SCRIPT = join(__dirname, "data", "sharded_arrays.py");
const HAVE_PYTHON = existsSync(PYTHON);
const folders = tempFolders("shard-partial-read");
after(() => folders.cleanup());

const BYTES: CodecJSON = { name: "bytes", configuration: { endian: "little" } };
const CRC: CodecJSON = { name: "crc32c" };

function sharding(chunkShape: number[], codecs: CodecJSON[], indexCodecs: CodecJSON[], indexLocation: "start" | "end"): CodecJSON[] {
  return [{ name: "sharding_indexed", configuration: { chunk_shape: chunkShape, codecs, index_codecs: indexCodecs, index_location: indexLocation } }];
}

function numeric(name: string): DataType {
  return { kind: "numeric", name, endian: "little" } as DataType;
}

function meta(shape: number[], shardShape: number[], dtype: DataType, fillValue: unknown, codecs: CodecJSON[]): ArrayMetadata {
  return {
    zarrFormat: 3, nodeType: "array", shape, chunkShape: shardShape, dtype, fillValue, order: "C",
    chunkKeyEncoding: { kind: "default", separator: "/" }, codecs, attributes: {},
  };
}

/** A window selection as the Python helper takes it: [start, stop, step] or an integer per dimension. */
type PySel = (number | [number, number, number])[];

function toSelection(sel: PySel): Selection {
  return sel.map((e): SelectionEntry => (typeof e === "number" ? e : { start: e[0], stop: e[1], step: e[2] }));
}

/** Random windows of an array of `shape`: mostly contiguous, some strided, some with an integer index. */
function windows(shape: number[], count: number, seed: number): PySel[] {
  const rand = prng(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const out: PySel[] = [];
  for (let w = 0; w < count; w++) {
    out.push(shape.map((n, d) => {
      if (w % 7 === 6 && d === 0) return int(n);
      const a = int(n);
      const b = Math.min(n, a + 1 + int(Math.max(1, Math.ceil(n / 3))));
      const step = w % 4 === 3 ? 1 + int(3) : 1;
      return [a, b, step] as [number, number, number];
    }));
  }
  // A window over everything, and one that touches several shards along every axis.
  out.push(shape.map((n) => [0, n, 1] as [number, number, number]));
  return out;
}

/** Our arrays: the same layouts as the Python helper writes, plus others, written by this package. */
async function writeOurs(root: string): Promise<void> {
  const h = await ZarrHierarchy.create(new LocalStore(root), 3);
  const rand = prng(11);
  const zstd: CodecJSON = { name: "zstd", configuration: { level: 1, checksum: false } };
  const gzip: CodecJSON = { name: "gzip", configuration: { level: 1 } };
  const specs: [string, ArrayMetadata][] = [
    ["ts_2d_end", meta([250, 30], [100, 15], numeric("int32"), 3, sharding([20, 5], [BYTES, zstd], [BYTES, CRC], "end"))],
    ["ts_1d_start", meta([777], [100], numeric("int16"), -1, sharding([10], [BYTES], [BYTES], "start"))],
    ["ts_3d_crc", meta([30, 20, 12], [10, 10, 6], numeric("float64"), 0.25, sharding([5, 2, 3], [BYTES, gzip], [BYTES, CRC], "start"))],
  ];
  for (const [name, m] of specs) {
    const arr = await h.createArray(name, m);
    const Ctor = typedArrayClass((m.dtype as { name: string }).name as never);
    const n = m.shape.reduce((a, b) => a * b, 1);
    const data = new Ctor(n) as unknown as { [i: number]: number };
    for (let i = 0; i < n; i++) data[i] = m.dtype.kind === "numeric" && (m.dtype as { name: string }).name === "float64" ? rand() * 1000 - 500 : Math.floor(rand() * 30000);
    await arr.set(null, { dtype: m.dtype, shape: m.shape, data: data as never });
  }
}

interface PyResult {
  shape: number[];
  values: number[];
}

function assertSame(ours: NdArray, py: PyResult, label: string): void {
  assert.deepEqual(ours.shape, py.shape, `${label}: shape`);
  assert.equal(ours.data.length, py.values.length, `${label}: size`);
  for (let i = 0; i < py.values.length; i++) {
    if (Number(ours.data[i]) !== py.values[i]) assert.fail(`${label}: element ${i} is ${String(ours.data[i])}, zarr-python reads ${py.values[i]}`);
  }
}

describe("sharded reads agree with zarr-python window by window", { skip: !HAVE_PYTHON && `no ${PYTHON}` }, () => {
  const cases: { store: string; array: string; shape: number[] }[] = [];
  let py: PyResult[] = [];
  let requests: { store: string; array: string; selection: PySel }[] = [];

  before(async () => {
    const pyRoot = join(folders.make(), "py.zarr");
    pythonOutput(PYTHON, [SCRIPT, "write", pyRoot], { env: NO_BYTECODE, message: scriptFailure(SCRIPT, ["write"]) });
    const tsRoot = join(folders.make(), "ts.zarr");
    await writeOurs(tsRoot);
    for (const [root, names] of [[pyRoot, ["py_1d_end", "py_2d_start", "py_3d_nocrc"]], [tsRoot, ["ts_2d_end", "ts_1d_start", "ts_3d_crc"]]] as const) {
      const h = await ZarrHierarchy.open(new LocalStore(root));
      for (const name of names) cases.push({ store: root, array: name, shape: (await h.openArray(name)).shape });
    }
    requests = cases.flatMap((c, k) => windows(c.shape, 14, 100 + k).map((selection) => ({ store: c.store, array: c.array, selection })));
    const file = join(folders.make(), "requests.json");
    writeFileSync(file, JSON.stringify(requests));
    py = JSON.parse(pythonOutput(PYTHON, [SCRIPT, "read", file], { env: NO_BYTECODE, message: scriptFailure(SCRIPT, ["read"]) }));
  });

  it("written by zarr-python 3 and by this package, index at start and end, missing inner chunks and shards", async () => {
    assert.ok(existsSync(join(cases[0].store, "py_1d_end", "c", "3")), "shard 3 written");
    assert.ok(!existsSync(join(cases[0].store, "py_1d_end", "c", "4")), "shard 4 missing");
    for (const mode of ["partial", "ranges", "shard", "whole"] as const) {
      setShardReadMode(mode);
      try {
        const opened = new Map<string, ZarrArray>();
        for (let i = 0; i < requests.length; i++) {
          const r = requests[i];
          const key = `${r.store}|${r.array}`;
          if (!opened.has(key)) opened.set(key, await (await ZarrHierarchy.open(new LocalStore(r.store))).openArray(r.array));
          const ours = await opened.get(key)!.get(toSelection(r.selection));
          assertSame(ours, py[i], `${mode} ${r.array} ${JSON.stringify(r.selection)}`);
        }
      } finally {
        setShardReadMode(undefined);
      }
    }
  });

  it("reads fill values for left-out inner chunks and a missing shard", async () => {
    const arr = await (await ZarrHierarchy.open(new LocalStore(cases[0].store))).openArray("py_1d_end");
    const got = Array.from((await arr.get([{ start: 95, stop: 145 }])).data as Int32Array);
    assert.deepEqual(got, [95, 96, 97, 98, 99, ...new Array(40).fill(-7), 140, 141, 142, 143, 144]);
    const tail = Array.from((await arr.get([{ start: 790, stop: 1000 }])).data as Int32Array);
    assert.deepEqual(tail, [790, 791, 792, 793, 794, 795, 796, 797, 798, 799, ...new Array(200).fill(-7)]);
  });
});

/** One range read as a store saw it. */
interface RangeRead {
  key: string;
  offset: number;
  length?: number;
  bytes: number;
}

/** A LocalStore that records every read of a key other than metadata. */
class CountingStore implements ReadableStore {
  readonly inner: LocalStore;
  readonly gets: string[] = [];
  readonly ranges: RangeRead[] = [];
  constructor(path: string) {
    this.inner = new LocalStore(path);
  }
  get description(): string {
    return this.inner.description;
  }
  async get(key: string, options?: GetOptions): Promise<Uint8Array | undefined> {
    // Root documents read to open the store are not chunk reads.
    if (!key.endsWith("zarr.json") && key !== ".zmetadata") this.gets.push(key);
    return this.inner.get(key, options);
  }
  async getRange(key: string, offset: number, length?: number): Promise<Uint8Array | undefined> {
    const bytes = await this.inner.getRange(key, offset, length);
    this.ranges.push({ key, offset, length, bytes: bytes?.length ?? 0 });
    return bytes;
  }
  async list(prefix: string): Promise<StoreListing> {
    return this.inner.list(prefix);
  }
}

/** (offset, length) of each inner chunk, from the index at the end of a shard (with crc32c). */
function indexEntries(shard: Uint8Array, count: number): [number, number][] {
  const view = new DataView(shard.buffer, shard.byteOffset + shard.length - (16 * count + 4), 16 * count);
  return Array.from({ length: count }, (_, i) => [Number(view.getBigUint64(16 * i, true)), Number(view.getBigUint64(16 * i + 8, true))]);
}

describe("a window fetches the shard index and only the inner chunks it touches", () => {
  const ROWS = 6400;
  const COLS = 8;
  const INNER = 100; // 64 inner chunks of 100 rows in one shard
  const INDEX_BYTES = 64 * 16 + 4;
  let root = "";
  let values: Float32Array;
  let entries: [number, number][];
  let shardSize = 0;

  before(async () => {
    root = join(folders.make(), "count.zarr");
    const h = await ZarrHierarchy.create(new LocalStore(root), 3);
    const zstd: CodecJSON = { name: "zstd", configuration: { level: 3, checksum: false } };
    const arr = await h.createArray("arr", meta([ROWS, COLS], [ROWS, COLS], numeric("float32"), 0, sharding([INNER, COLS], [BYTES, zstd], [BYTES, CRC], "end")));
    const rand = prng(5);
    // Values of varying entropy, so inner chunks compress to different sizes.
    values = Float32Array.from({ length: ROWS * COLS }, (_, i) => (Math.floor(i / 800) % 2 ? Math.round(rand() * 10) : rand()));
    await arr.set(null, { dtype: arr.dtype, shape: [ROWS, COLS], data: values });
    const shard = readFileSync(join(root, "arr", "c", "0", "0"));
    shardSize = shard.length;
    entries = indexEntries(shard, 64);
  });

  /** Bytes of inner chunks first..last, the most a read of them may fetch (they lie back to back). */
  function touchedBytes(first: number, last: number): number {
    let n = 0;
    for (let i = first; i <= last; i++) n += entries[i][1];
    return n;
  }

  function expectWindow(got: NdArray, start: number, stop: number): void {
    assert.deepEqual(got.shape, [stop - start, COLS]);
    assert.deepEqual(Array.from(got.data as Float32Array), Array.from(values.subarray(start * COLS, stop * COLS)));
  }

  it("from a local store", async () => {
    const store = new CountingStore(root);
    const arr = await (await ZarrHierarchy.open(store)).openArray("arr");
    expectWindow(await arr.get([{ start: 2050, stop: 3050 }, null]), 2050, 3050);
    // Rows 2050–3049 lie in inner chunks 20–30.
    assert.deepEqual(store.gets, [], "no whole-shard read");
    assert.deepEqual(store.ranges[0], { key: "arr/c/0/0", offset: -INDEX_BYTES, length: INDEX_BYTES, bytes: INDEX_BYTES });
    const fetched = store.ranges.reduce((n, r) => n + r.bytes, 0);
    const wanted = touchedBytes(20, 30);
    assert.ok(fetched <= wanted + INDEX_BYTES, `fetched ${fetched} bytes, the touched chunks take ${wanted}`);
    assert.equal(fetched, wanted + INDEX_BYTES, "every touched chunk fetched once");
    assert.ok(fetched < shardSize / 4, `fetched ${fetched} of a ${shardSize}-byte shard`);
    assert.equal(store.ranges.length, 2, "index + one coalesced range");
  });

  it("over HTTP, counting the Range requests the server answered", async () => {
    const server = await startHttpServer(root);
    try {
      const arr = await (await ZarrHierarchy.open(new HttpStore(`${server.url}/`))).openArray("arr");
      server.stats.reset();
      expectWindow(await arr.get([{ start: 4010, stop: 5010 }, null]), 4010, 5010);
      const shardReads = server.stats.log.filter((r) => r.path.endsWith("/arr/c/0/0"));
      assert.equal(shardReads.length, 2, JSON.stringify(shardReads.map((r) => r.range)));
      assert.ok(shardReads.every((r) => r.range !== undefined && r.status === 206), "Range requests answered 206");
      assert.equal(shardReads[0].range, `bytes=-${INDEX_BYTES}`);
      const length = (range: string): number => {
        const m = /^bytes=(\d+)-(\d+)$/.exec(range);
        return m ? Number(m[2]) - Number(m[1]) + 1 : Number(range.slice("bytes=-".length));
      };
      const fetched = shardReads.reduce((n, r) => n + length(r.range!), 0);
      assert.equal(fetched, touchedBytes(40, 50) + INDEX_BYTES);
    } finally {
      await server.close();
    }
  });

  it("reads whole shards from a store without getRange", async () => {
    const counting = new CountingStore(root);
    const store: ReadableStore = { description: counting.description, get: (key, options) => counting.get(key, options) };
    const arr = await (await ZarrHierarchy.open(store)).openArray("arr");
    expectWindow(await arr.get([{ start: 2050, stop: 3050 }, null]), 2050, 3050);
    assert.deepEqual([counting.gets, counting.ranges], [["arr/c/0/0"], []]);
  });

  it("reads the whole shard for a selection that touches most of it, and when told to", async () => {
    const store = new CountingStore(root);
    const arr = await (await ZarrHierarchy.open(store)).openArray("arr");
    expectWindow(await arr.get([{ start: 0, stop: 6000 }, null]), 0, 6000);
    assert.deepEqual(store.gets, ["arr/c/0/0"]);
    setShardReadMode("whole");
    try {
      const whole = new CountingStore(root);
      const arr2 = await (await ZarrHierarchy.open(whole)).openArray("arr");
      expectWindow(await arr2.get([{ start: 10, stop: 20 }, null]), 10, 20);
      assert.deepEqual([whole.gets, whole.ranges], [["arr/c/0/0"], []]);
    } finally {
      setShardReadMode(undefined);
    }
  });
});

describe("a damaged shard index is a typed error naming the store, array and shard", () => {
  const COUNT = 8;
  const INDEX_BYTES = COUNT * 16 + 4;
  let root = "";
  let shardFile = "";
  let original: Uint8Array;

  before(async () => {
    root = join(folders.make(), "damaged.zarr");
    const h = await ZarrHierarchy.create(new LocalStore(root), 3);
    const arr = await h.createArray("arr", meta([64], [64], numeric("int32"), 0, sharding([8], [BYTES], [BYTES, CRC], "end")));
    await arr.set(null, { dtype: arr.dtype, shape: [64], data: Int32Array.from({ length: 64 }, (_, i) => i) });
    shardFile = join(root, "arr", "c", "0");
    // A copy: a Buffer's slice() would share memory with it.
    original = new Uint8Array(readFileSync(shardFile));
  });

  /** Rewrite entry `i` of the index, with a correct checksum unless `badCrc`. */
  function withEntry(i: number, offset: number, length: number, badCrc = false): Uint8Array {
    const bytes = original.slice();
    const start = bytes.length - INDEX_BYTES;
    const view = new DataView(bytes.buffer, bytes.byteOffset + start, INDEX_BYTES);
    view.setBigUint64(16 * i, BigInt(offset), true);
    view.setBigUint64(16 * i + 8, BigInt(length), true);
    view.setUint32(16 * COUNT, crc32c(bytes.subarray(start, start + 16 * COUNT)) ^ (badCrc ? 1 : 0), true);
    return bytes;
  }

  /**
   * Read one inner chunk (index, then a range) and the whole array (the shard in one request) of
   * the shard `bytes` (or the shard cut to that many bytes): both fail as `pattern` and
   * `wholePattern` say.
   */
  async function readError(bytes: Uint8Array | number, pattern: RegExp, wholePattern = pattern): Promise<void> {
    writeFileSync(shardFile, original);
    if (typeof bytes === "number") truncateSync(shardFile, bytes);
    else writeFileSync(shardFile, bytes);
    const store = new LocalStore(root);
    const arr = await (await ZarrHierarchy.open(store)).openArray("arr");
    for (const [selection, expected] of [[[{ start: 24, stop: 32 }], pattern], [null, wholePattern]] as const) {
      await assert.rejects(arr.get(selection), (err: unknown) => {
        assert.ok(err instanceof ChunkDecodeError, String(err));
        assert.equal(err.store, store.description);
        assert.equal(err.path, "/arr");
        assert.match(err.message, /shard 'arr\/c\/0'/);
        assert.match(err.message, expected);
        return true;
      });
    }
  }

  after(() => writeFileSync(shardFile, original));

  it("offsets past the shard's end", () => readError(withEntry(3, 100_000, 32), /past the end of the shard/));
  it("overlapping inner chunks", () => readError(withEntry(3, 64, 32), /overlap/));
  it("an inner chunk larger than one can be", () => readError(withEntry(3, 0, 1 << 20), /more than the \d+ bytes an inner chunk/, /past the end of the shard/));
  it("a shard shorter than its index", () => readError(40, /fewer than its 132-byte index/));
  it("an index whose checksum does not match", () => readError(withEntry(3, 96, 32, true), /crc32c|checksum/i));
  it("an intact index still reads", async () => {
    writeFileSync(shardFile, original);
    const arr = await (await ZarrHierarchy.open(new LocalStore(root))).openArray("arr");
    assert.deepEqual(Array.from((await arr.get([{ start: 24, stop: 32 }])).data as Int32Array), [24, 25, 26, 27, 28, 29, 30, 31]);
  });
});
