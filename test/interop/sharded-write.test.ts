/**
 * Every Zarr v3 array layout ZarrDataIO writes, read by zarr-python 3 and hdmf-zarr 0.14 value
 * for value: sharded with the index at the end and at the start, a big-endian serializer, transpose
 * and delta filters, text and booleans in shards, combinations of these, a dataset grown from a
 * DataChunkIterator into shards, and an NWB file whose TimeSeries are sharded, read and validated
 * by pynwb. Uncompressed, the shards are byte for byte those zarr-python writes from the same values
 * (same Morton layout, same inner chunks of fill values left out).
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DatasetBuilder, GroupBuilder, ZarrDataIO, ZarrIO, type ZarrDataIOOptions } from "../../src/index.js";
import { DataChunkIterator } from "../../src/io/data-chunk-iterator.js";
import { loadNwbTypes, NWBFile, NWBZarrIO, TimeSeries } from "../../src/nwb/index.js";
import { listFiles } from "../helpers/store-files.js";
import { NO_BYTECODE, pythonOutput, pythonReadDatasets, scriptFailure, venvPython } from "../helpers/python.js";
import { tempFolders } from "../helpers/temp-folders.js";

const PYTHON = venvPython("v3");
const SCRIPT = join(__dirname, "python", "sharded_arrays.py");
const skip = existsSync(PYTHON) ? false : `SKIP: ${PYTHON} missing (bash test/interop/setup-venvs.sh)`;
const folders = tempFolders("interop-sharded-write");
after(() => folders.cleanup());

function py(args: string[]): any {
  return JSON.parse(pythonOutput(PYTHON, [SCRIPT, ...args], { env: NO_BYTECODE, message: scriptFailure("sharded_arrays.py", args) }));
}

const BIG = { name: "bytes", configuration: { endian: "big" } };
const GZIP = [{ name: "gzip", configuration: { level: 4 } }];
const transpose = (order: number[]) => ({ name: "transpose", configuration: { order } });

/** One dataset: its values (C order), hdmf dtype, shape and ZarrDataIO settings; `index` and `endian` as stored. */
interface Case {
  values: unknown[];
  dtype: string;
  shape: number[];
  settings: ZarrDataIOOptions;
  /** Python's name of the stored element type. */
  numpy: string;
}

const range = <T = number>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

const CASES: Record<string, Case> = {
  // Rows 4–5 are zeros (the fill value): their inner chunks are left out.
  shard_end_i16: { values: range(70, (i) => (i >= 28 && i < 42 ? 0 : i - 35)), dtype: "int16", shape: [10, 7], numpy: "int16", settings: { chunks: [2, 3], shards: [4, 6] } },
  shard_start_f64: { values: range(45, (i) => i * 0.25 - 3), dtype: "float64", shape: [9, 5], numpy: "float64", settings: { chunks: [3, 5], shards: { shape: [9, 5], indexLocation: "start" }, compressors: GZIP } },
  big_endian_i32: { values: range(50, (i) => (i - 25) * 100_003), dtype: "int32", shape: [50], numpy: "int32", settings: { chunks: [16], serializer: BIG } },
  shard_big_endian_u16_start: { values: range(33, (i) => i * 1999), dtype: "uint16", shape: [33], numpy: "uint16", settings: { chunks: [4], shards: { shape: [12], index_location: "start" }, serializer: BIG } },
  transpose_f32: { values: range(24, (i) => i / 8), dtype: "float32", shape: [6, 4], numpy: "float32", settings: { chunks: [3, 4], filters: [transpose([1, 0])] } },
  shard_transpose_big_start: {
    values: range(144, (i) => (i % 17 === 0 ? 0 : i * 1_000_000_007 - 5)), dtype: "int64", shape: [8, 6, 3], numpy: "int64",
    settings: { chunks: [2, 3, 3], shards: { shape: [4, 6, 3], indexLocation: "start" }, serializer: BIG, filters: [transpose([2, 0, 1])], compressors: GZIP },
  },
  shard_delta: { values: range(40, (i) => i * i), dtype: "int32", shape: [40], numpy: "int32", settings: { chunks: [5], shards: [20], filters: [{ name: "numcodecs.delta", configuration: { dtype: "<i4" } }] } },
  shard_text: { values: ["α", "", "bb", "", "", "", "ccc", "δδ", "e", "", "f"], dtype: "text", shape: [11], numpy: "StringDType()", settings: { chunks: [3], shards: [6] } },
  shard_bool: { values: range(13, (i) => (i % 3 === 0 ? 1 : 0)).map(Boolean), dtype: "bool", shape: [13], numpy: "bool", settings: { chunks: [2], shards: [4] } },
  shard_u8_big: { values: range(9, (i) => 250 - i), dtype: "uint8", shape: [9], numpy: "uint8", settings: { chunks: [2], shards: [6], serializer: BIG } },
  shard_auto: { values: range(60, (i) => i % 7), dtype: "int8", shape: [60], numpy: "int8", settings: { chunks: [5], shards: "auto" } },
  shard_fill: { values: range(12, (i) => (i < 4 ? -1 : i)), dtype: "int32", shape: [12], numpy: "int32", settings: { chunks: [2], shards: [4], fillvalue: -1 } },
};

const nest = (flat: unknown[], shape: number[]): unknown => {
  if (shape.length <= 1) return flat;
  const step = flat.length / shape[0];
  return range(shape[0], (i) => nest(flat.slice(i * step, (i + 1) * step), shape.slice(1)));
};

/** 21 rows of 6, one by one, grown into shards of 8 rows. */
function grownRows() {
  function* rows() {
    for (let i = 0; i < 21; i++) yield Int32Array.from({ length: 6 }, (_, j) => (i % 4 === 1 ? 0 : i * 10 + j + 1));
  }
  return new ZarrDataIO(new DataChunkIterator({ data: rows(), bufferSize: 3 }), { chunks: [2, 3], shards: [8, 6], compressors: false });
}
const GROWN = range(126, (k) => (Math.floor(k / 6) % 4 === 1 ? 0 : Math.floor(k / 6) * 10 + (k % 6) + 1));

describe("zarr-python 3 and hdmf-zarr 0.14 read every layout we write", { skip }, () => {
  let path: string;
  let zarrRead: Record<string, any>;

  before(async () => {
    path = join(folders.make(), "layouts.zarr");
    const datasets = Object.entries(CASES).map(([name, c]) => new DatasetBuilder(name, new ZarrDataIO(nest(c.values, c.shape), c.settings), { dtype: c.dtype }));
    datasets.push(new DatasetBuilder("grown", grownRows(), { dtype: "int32" }));
    const io = new ZarrIO(path, "w");
    await io.writeBuilder(new GroupBuilder("root", { datasets }));
    await io.close();
    zarrRead = py(["read", path, ...Object.keys(CASES), "grown"]);
  });

  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: zarr-python reads the values, chunks, shards and codecs`, () => {
      const got = zarrRead[name];
      assert.deepEqual(got.values, c.values, name);
      assert.equal(got.dtype, c.numpy);
      assert.deepEqual(got.shape, c.shape);
      const shards = c.settings.shards;
      const shardShape = shards === undefined ? null : Array.isArray(shards) ? shards : shards === "auto" ? [10] : (shards as { shape: number[] }).shape;
      assert.deepEqual(got.shards, shardShape);
      assert.deepEqual(got.chunks, c.settings.chunks);
      const top = got.codecs[0];
      const chain = shards === undefined ? got.codecs : top.configuration.codecs;
      if (shards !== undefined) {
        assert.equal(top.name, "sharding_indexed");
        const at = typeof shards === "object" && !Array.isArray(shards) ? (shards.indexLocation ?? shards.index_location) : "end";
        assert.equal(top.configuration.index_location, at);
      }
      const serializer = chain.find((x: any) => x.name === "bytes" || x.name === "vlen-utf8");
      if (c.settings.serializer && c.numpy !== "uint8") assert.deepEqual(serializer.configuration, { endian: "big" });
      if (c.settings.filters) assert.equal(chain[0].name, (c.settings.filters[0] as { name: string }).name);
    });
  }

  it("the grown dataset: every row appended into its shard", () => {
    assert.deepEqual(zarrRead.grown.shape, [21, 6]);
    assert.deepEqual(zarrRead.grown.shards, [8, 6]);
    assert.deepEqual(zarrRead.grown.values, GROWN);
  });

  it("hdmf-zarr 0.14 reads every dataset value for value", () => {
    const got = pythonReadDatasets(PYTHON, path);
    for (const [name, c] of Object.entries(CASES)) assert.deepEqual(got[name].values, c.values, name);
    assert.deepEqual(got.grown.values, GROWN);
  });
});

/** Layouts written by both sides without compression: the stored shards must be the same bytes. */
const SAME_BYTES: { name: string; dtype: string; numpy: string; shape: number[]; chunks: number[]; shards: number[]; at?: "start" | "end"; big?: boolean; filters?: { name: string; order?: number[]; dtype?: string }[]; fill: number; values: number[] }[] = [
  { name: "i16_end", dtype: "int16", numpy: "<i2", shape: [10, 7], chunks: [2, 3], shards: [4, 6], fill: 0, values: CASES.shard_end_i16.values as number[] },
  { name: "u16_big_start", dtype: "uint16", numpy: "<u2", shape: [33], chunks: [4], shards: [12], at: "start", big: true, fill: 0, values: range(33, (i) => (i > 20 && i < 28 ? 0 : i * 1999)) },
  {
    name: "i64_transpose_start", dtype: "int64", numpy: "<i8", shape: [8, 6, 3], chunks: [2, 3, 3], shards: [4, 6, 3], at: "start", big: true,
    filters: [{ name: "transpose", order: [2, 0, 1] }], fill: 7, values: range(144, (i) => (i < 36 ? 7 : i * 3)),
  },
  { name: "f64_edges", dtype: "float64", numpy: "<f8", shape: [11, 5], chunks: [2, 2], shards: [4, 4], fill: 0, values: range(55, (i) => (i % 9 === 0 ? 0 : i / 4)) },
  { name: "i32_delta", dtype: "int32", numpy: "<i4", shape: [30], chunks: [5], shards: [10], filters: [{ name: "numcodecs.delta", dtype: "<i4" }], fill: 0, values: range(30, (i) => 3 * i + 1) },
];

describe("uncompressed shards are byte for byte what zarr-python 3 writes", { skip }, () => {
  it("for every layout (index at either end, big-endian, transpose, delta, edge shards, fill-value inner chunks)", async () => {
    const dir = folders.make();
    const ours = join(dir, "ts.zarr");
    const theirs = join(dir, "py.zarr");
    const datasets = SAME_BYTES.map((s) => {
      const filters = (s.filters ?? []).map((f) => (f.name === "transpose" ? transpose(f.order!) : { name: f.name, configuration: { dtype: f.dtype } }));
      const settings: ZarrDataIOOptions = {
        chunks: s.chunks, shards: { shape: s.shards, indexLocation: s.at ?? "end" }, compressors: false, fillvalue: s.fill,
        serializer: { name: "bytes", configuration: { endian: s.big ? "big" : "little" } }, ...(filters.length ? { filters } : {}),
      };
      return new DatasetBuilder(s.name, new ZarrDataIO(nest(s.values, s.shape), settings), { dtype: s.dtype });
    });
    const io = new ZarrIO(ours, "w");
    await io.writeBuilder(new GroupBuilder("root", { datasets }));
    await io.close();
    const spec = join(dir, "spec.json");
    writeFileSync(spec, JSON.stringify(SAME_BYTES.map((s) => ({
      name: s.name, dtype: s.numpy, shape: s.shape, chunks: s.chunks, shards: s.shards, index_location: s.at ?? "end",
      endian: s.big ? "big" : "little", filters: s.filters ?? [], fill_value: s.fill, values: s.values,
    }))));
    py(["write", spec, theirs]);
    for (const s of SAME_BYTES) {
      const shards = (root: string) => listFiles(root).filter((f) => f.startsWith(`${s.name}/c/`)).sort();
      assert.deepEqual(shards(ours), shards(theirs), `${s.name}: the same shards are stored`);
      assert.ok(shards(ours).length > 0, s.name);
      for (const f of shards(ours)) assert.ok(readFileSync(join(ours, f)).equals(readFileSync(join(theirs, f))), `${s.name}: ${f} differs`);
      const codecs = (root: string) => JSON.parse(readFileSync(join(root, s.name, "zarr.json"), "utf8")).codecs;
      assert.deepEqual(codecs(ours), codecs(theirs), `${s.name}: codecs`);
    }
  });
});

describe("an NWB file with sharded TimeSeries, through the normal write path", { skip }, () => {
  it("pynwb validates it and hdmf-zarr 0.14 reads the data and timestamps", async () => {
    await loadNwbTypes();
    const file = new NWBFile({ identifier: "sharded", sessionDescription: "sharded arrays", sessionStartTime: new Date("2024-01-01T00:00:00Z") });
    const samples = range(800, (k) => ((k * 37) % 2001) - 1000);
    const data = new ZarrDataIO(nest(samples, [200, 4]), { chunks: [20, 4], shards: { shape: [100, 4], indexLocation: "start" } });
    const times = range(200, (i) => i / 1000 + 0.5);
    const timestamps = new ZarrDataIO(times, { chunks: [50], shards: [100], serializer: BIG });
    file.addAcquisition(new TimeSeries({ name: "raw", data, unit: "V", timestamps }));
    const path = join(folders.make(), "sharded.nwb.zarr");
    const io = new NWBZarrIO(path, "w");
    await io.write(file);
    await io.close();
    const got = py(["nwb", path]);
    assert.deepEqual(got.errors, []);
    assert.deepEqual(got.raw.data.values, samples);
    assert.deepEqual([got.raw.data.shards, got.raw.data.chunks, got.raw.data.dtype], [[100, 4], [20, 4], "int64"]);
    assert.equal(got.raw.data.codecs[0].configuration.index_location, "start");
    assert.deepEqual(got.raw.timestamps.values, times);
    assert.deepEqual([got.raw.timestamps.shards, got.raw.timestamps.codecs[0].configuration.codecs[0]], [[100], { name: "bytes", configuration: { endian: "big" } }]);
  });
});
