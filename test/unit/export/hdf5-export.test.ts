/**
 * HDF5 → Zarr export (h5wasm reader → builders → Zarr writer) on small files h5py writes
 * (test/interop/python/hdf5_make_cases.py): values, chunking and codecs, attributes, links,
 * references (also inside compounds), refusals. Needs the interop venv (h5py); skipped without it.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  DatasetBuilder, GroupBuilder, Hdf5Dataset, Hdf5IO, Hdf5ReadError, IncompleteConversionError, InvalidArgumentError,
  ReferenceBuilder, UnsupportedHdf5FeatureError, UnsupportedHdf5FilterError, ZarrDataIO, ZarrDataset, ZarrIO,
} from "../../../src/index.js";
import { convert } from "../../../src/io/convert.js";
import { convertCommand } from "../../../src/cli/convert.js";
import { exportHdf5To } from "../../helpers/export-hdf5.js";
import { tempFolder } from "../../helpers/temp-folders.js";
import { venvPython, pythonOutput } from "../../helpers/python.js";
import { REPO_ROOT as root } from "../../helpers/repo-paths.js";
import { readJson } from "../../helpers/json-files.js";
import { values } from "../../helpers/zarr-files.js";

const python = venvPython("v3");
const skip = existsSync(python) ? false : "SKIP hdf5 export: Python venv with h5py missing (test/interop/setup-venvs.sh)";
const dir = tempFolder("hdf5-export");
after(() => rmSync(dir, { recursive: true, force: true }));
const cases = join(dir, "cases");
let expected: Record<string, unknown[]>;
let n = 0;
const fresh = (name: string) => join(dir, `${n++}-${name}`);

const rows = (flat: unknown[], width: number) => Array.from({ length: flat.length / width }, (_, i) => flat.slice(i * width, (i + 1) * width));

describe("HDF5 → Zarr export", { skip }, () => {
  let v3: string;
  let v2: string;
  before(async () => {
    expected = JSON.parse(pythonOutput(python, [join(root, "test/interop/python/hdf5_make_cases.py"), cases], { fail: "throw" }));
    v3 = fresh("cases.zarr");
    v2 = fresh("cases-v2.zarr");
    await exportHdf5To(join(cases, "cases.h5"), v3, 3);
    await exportHdf5To(join(cases, "cases.h5"), v2, 2);
  }, { timeout: 120_000 });

  for (const format of [3, 2] as const) {
    test(`Zarr v${format}: every dataset reads back with h5py's values`, async () => {
      const io = new ZarrIO(format === 3 ? v3 : v2, "r");
      try {
        assert.deepEqual(rows((await values(io, "/data/gz")).map(Number), 10), expected.gz);
        assert.deepEqual(rows((await values(io, "/data/grid")).map(Number), 70), expected.grid);
        assert.deepEqual((await values(io, "/data/plain")).map(Number), expected.plain);
        assert.deepEqual(await values(io, "/data/vlen_text"), expected.vlen_text);
        assert.deepEqual(await values(io, "/data/fixed_text"), expected.fixed_text);
        assert.deepEqual((await values(io, "/data/u64")).map(String), expected.u64);
        assert.deepEqual(await values(io, "/data/bools"), [true, false, true]);
        assert.deepEqual(await values(io, "/data/empty"), []);
        assert.deepEqual((await values(io, "/data/scalar_int")).map(Number), [-5]);
        assert.deepEqual(await values(io, "/data/scalar_text"), ["hello"]);
        const scalar = (await io.getBuilder("/data/scalar_int")) as DatasetBuilder;
        assert.deepEqual((scalar.data as ZarrDataset).shape, []); // a 0-d array (v3) or a legacy [1] scalar (v2)
      } finally {
        await io.close();
      }
    });

    test(`Zarr v${format}: references, also inside a compound, point at the same objects`, async () => {
      const io = new ZarrIO(format === 3 ? v3 : v2, "r");
      try {
        const list = await values(io, "/refs/list");
        assert.deepEqual(list.map((r) => (r as ReferenceBuilder).builder.path), ["/data", "/data/gz", "/data/plain"]);
        const table = (await values(io, "/refs/table")) as Record<string, unknown>[];
        assert.deepEqual(table.map((r) => [Number(r.idx_start), Number(r.count), (r.timeseries as ReferenceBuilder).builder.path]), [
          [0, 5, "/data/gz"], [5, 3, "/data/plain"],
        ]);
        const refs = (await io.getBuilder("/refs")) as GroupBuilder;
        assert.equal((refs.attributes.target as ReferenceBuilder).builder.path, "/data/gz");
        const links = (await io.getBuilder("/links")) as GroupBuilder;
        assert.equal(links.links.get("soft")?.builder.path, "/data/plain");
      } finally {
        await io.close();
      }
    });
  }

  test("chunks and filters carry over: shuffle + gzip → shuffle + zlib, contiguous → the writer's defaults", () => {
    const gz = readJson(join(v3, "data/gz/zarr.json"));
    assert.deepEqual(gz.chunk_grid.configuration.chunk_shape, [16, 10]);
    assert.deepEqual(gz.codecs.slice(1), [
      { name: "numcodecs.shuffle", configuration: { elementsize: 4 } },
      { name: "numcodecs.zlib", configuration: { level: 6 } },
    ]);
    const grid = readJson(join(v3, "data/grid/zarr.json"));
    assert.deepEqual(grid.chunk_grid.configuration.chunk_shape, [40, 16]);
    assert.deepEqual(grid.codecs.slice(1), [{ name: "numcodecs.zlib", configuration: { level: 4 } }]);
    const plain = readJson(join(v3, "data/plain/zarr.json"));
    assert.deepEqual(plain.codecs.slice(1), [{ name: "zstd", configuration: { level: 0, checksum: false } }]);
    const legacy = readJson(join(v2, "data/gz/.zarray"));
    assert.deepEqual([legacy.chunks, legacy.compressor, legacy.filters], [[16, 10], null, [{ id: "shuffle", elementsize: 4 }, { id: "zlib", level: 6 }]]);
  });

  test("attributes keep their JSON types: floats stay floats, h5py booleans are booleans, references are references", () => {
    const text = readFileSync(join(v3, "zarr.json"), "utf8");
    assert.match(text, /"rate": 20000\.0/);
    const attrs = JSON.parse(text).attributes;
    assert.deepEqual(
      [attrs.title, attrs.count, attrs.flag, attrs.floats, attrs.names],
      ["cases", 7, true, [1.0, 2.5], ["a", "bé"]],
    );
    assert.deepEqual(readJson(join(v3, "refs/zarr.json")).attributes.target, { _REFERENCE: { source: ".", path: "/data/gz" } });
    assert.deepEqual(readJson(join(v3, "data/gz/zarr.json")).attributes.unit, "volts");
  });

  test("an external link stays a link to the other file, relative to the new one", async () => {
    const out = fresh("extlink.zarr");
    await exportHdf5To(join(cases, "extlink.h5"), out);
    assert.deepEqual(readJson(join(out, "links/zarr.json")).attributes._LINKS, [
      { source: "../cases/other.h5", path: "/shared/values", name: "external" },
    ]);
  });

  test("an array is read in chunk-aligned blocks that cover it exactly once", async () => {
    const src = new Hdf5IO(join(cases, "cases.h5"));
    try {
      const grid = ((await src.readBuilder()).get("data/grid") as DatasetBuilder).data as Hdf5Dataset;
      assert.deepEqual(grid.info(), { dtype: "float64", maxShape: [300, 70], chunkShape: [40, 16] });
      const seen = new Float64Array(300 * 70).fill(NaN);
      const offsets: string[] = [];
      for await (const b of grid.blocks([40, 16])) {
        offsets.push(b.offset.join(","));
        assert.equal(b.offset[1] % 16, 0);
        for (let i = 0; i < b.shape[0]; i++) {
          for (let j = 0; j < b.shape[1]; j++) seen[(b.offset[0] + i) * 70 + b.offset[1] + j] = Number(b.values[i * b.shape[1] + j]);
        }
      }
      assert.deepEqual(offsets, ["0,0", "0,16", "0,32", "0,48", "0,64"]);
      assert.deepEqual(rows(Array.from(seen), 70), expected.grid);
    } finally {
      await src.close();
    }
  });

  test("ZarrDataIO.fromHdf5Dataset keeps the HDF5 chunks and maps the filters", async () => {
    const src = new Hdf5IO(join(cases, "cases.h5"));
    try {
      const gz = ((await src.readBuilder()).get("data/gz") as DatasetBuilder).data as Hdf5Dataset;
      const io = ZarrDataIO.fromHdf5Dataset(gz, { fillvalue: 3 });
      assert.equal(io.data, gz);
      assert.deepEqual(io.getIoParams(), {
        chunks: [16, 10], fillValue: 3, compressor: false,
        compressors: [{ name: "numcodecs.shuffle", configuration: { elementsize: 4 } }, { name: "numcodecs.zlib", configuration: { level: 6 } }],
        filters: [{ id: "shuffle", elementsize: 4 }, { id: "zlib", level: 6 }],
        arrayCodecs: [], // the filters are the legacy spelling of the compressors: no array→array codecs in Zarr v3
      });
      assert.deepEqual(ZarrDataIO.hdf5ToZarrFilters(gz).map((c) => c.name), ["numcodecs.shuffle", "numcodecs.zlib"]);
    } finally {
      await src.close();
    }
  });

  test("a dataset whose filter h5wasm cannot decode (lzf) is refused, naming it; convert writes nothing", async () => {
    const out = fresh("lzf.zarr");
    await assert.rejects(exportHdf5To(join(cases, "lzf.h5"), out), (e: unknown) => {
      const cause = (e as { cause?: unknown }).cause ?? e;
      assert.ok(cause instanceof UnsupportedHdf5FilterError, String(e));
      assert.equal(cause.filterId, 32000);
      assert.match(cause.message, /'\/packed' in '.*lzf\.h5': .*HDF5 filter 32000 \(lzf\)/);
      return true;
    });
    const dest = fresh("lzf-convert.zarr");
    await assert.rejects(convert(join(cases, "lzf.h5"), dest), (e: unknown) => {
      assert.ok(e instanceof IncompleteConversionError);
      assert.deepEqual(e.entries.map((p) => p.path), ["/packed"]);
      return true;
    });
    assert.equal(existsSync(dest), false);
  });

  test("region references are refused with a clear error, as in hdmf-zarr", async () => {
    await assert.rejects(exportHdf5To(join(cases, "region.h5"), fresh("region.zarr")), (e: unknown) => {
      assert.ok(e instanceof UnsupportedHdf5FeatureError, String(e));
      assert.match(e.message, /'\/regions' in '.*region\.h5': region references are not supported/);
      return true;
    });
  });

  test("convert() takes an HDF5 file and reports it as the source format", async () => {
    const dest = fresh("converted.zarr");
    const s = await convert(join(cases, "cases.h5"), dest);
    assert.deepEqual([s.sourceFormat, s.zarrFormat, s.groups, s.datasets, s.links], ["hdf5", 3, 4, 12, 1]);
    const io = new ZarrIO(dest, "r");
    try {
      assert.deepEqual(rows((await values(io, "/data/gz")).map(Number), 10), expected.gz);
    } finally {
      await io.close();
    }
  });

  test("the CLI converts an HDF5 file (hdmf-zarr convert in.nwb out.nwb.zarr)", async (t) => {
    const dest = fresh("cli.nwb.zarr");
    const log = t.mock.method(console, "log", () => undefined);
    assert.equal(await convertCommand([join(cases, "cases.h5"), dest]), 0);
    assert.match(String(log.mock.calls[0].arguments[0]), /cases\.h5 \(HDF5\) → .*cli\.nwb\.zarr \(Zarr v3\): 4 groups, 12 datasets, 1 links/);
    assert.equal(readJson(join(dest, "data/gz/zarr.json")).node_type, "array");
    const err = t.mock.method(console, "error", () => undefined);
    assert.equal(await convertCommand([join(cases, "lzf.h5"), fresh("cli-lzf.zarr")]), 1);
    assert.match(String(err.mock.calls[0].arguments[0]), /IncompleteConversionError: .*\/packed: .*HDF5 filter 32000 \(lzf\)/s);
  });

  test("linkData true is refused for an HDF5 source; a file that is not HDF5 is named as such", async () => {
    const io = new ZarrIO(fresh("refused.zarr"), "w");
    const src = new Hdf5IO(join(cases, "cases.h5"));
    await assert.rejects(io.export(src, { linkData: true }), InvalidArgumentError);
    await io.close();
    await src.close();
    const notHdf5 = join(dir, "text.h5");
    writeFileSync(notHdf5, "just text, no HDF5 signature");
    await assert.rejects(new Hdf5IO(notHdf5).readBuilder(), (e: unknown) => e instanceof Hdf5ReadError && /not an HDF5 file/.test(e.message));
    await assert.rejects(new Hdf5IO(join(dir, "missing.h5")).readBuilder(), (e: unknown) => e instanceof Hdf5ReadError && /no such HDF5 file/.test(e.message));
  });
});
