/**
 * ZarrDataIO through ZarrIO: chunks, fill value (and missing chunks reading as it), compressors,
 * dimension labels, and linking or copying arrays of another file. Metadata is checked as the JSON
 * on disk; values by reading back. Both conventions.
 */
import assert from "node:assert/strict";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DatasetBuilder, GroupBuilder, UnsupportedWriteError, ZarrDataIO, ZarrDataset, ZarrIO, type ZarrDataIOOptions } from "../../../src/index.js";
import { FORMATS, chunkKey, diskArrayMeta, diskAttributes, listFiles, type Format } from "../../helpers/store-files.js";
import { datasetNumbers, writeFile } from "../../helpers/zarr-files.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const tmp = tempFolders("zarr-io-data-io");
after(() => tmp.cleanup());

/** Write one dataset `d` at the root of a new file; returns the file's path. */
async function writeOne(fmt: Format, data: unknown, opts: ConstructorParameters<typeof DatasetBuilder>[2] = {}): Promise<string> {
  const path = join(tmp.make(), "main.zarr");
  await writeFile(path, new GroupBuilder("root", { datasets: [new DatasetBuilder("d", data, opts)] }), fmt);
  return path;
}

/** Values of dataset `name` of the file at `path`. */
async function readNumbers(path: string, name = "d"): Promise<number[]> {
  const io = new ZarrIO(path, "r");
  try {
    return await datasetNumbers((await io.readBuilder()).get(name));
  } finally {
    await io.close();
  }
}

const chunkShape = (meta: any, fmt: Format) => (fmt === 3 ? meta.chunk_grid.configuration.chunk_shape : meta.chunks);
const rows = [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15]];

describe("ZarrDataIO settings", () => {
  it("getIoParams returns the settings with linkData", () => {
    const settings: ZarrDataIOOptions = { chunks: [2], fillValue: 0, linkData: false };
    assert.deepEqual(new ZarrDataIO([1, 2], settings).getIoParams(), { chunks: [2], fillValue: 0, linkData: false });
    assert.deepEqual(new ZarrDataIO([1, 2], settings).data, [1, 2]);
  });
});

for (const fmt of FORMATS) {
  describe(`ZarrDataIO (Zarr v${fmt})`, () => {
    it("chunks and fillValue land in the metadata; a missing chunk reads as the fill value", async () => {
      const path = await writeOne(fmt, new ZarrDataIO(rows, { chunks: [1, 5], fillValue: -1 }));
      const meta = diskArrayMeta(path, "d", fmt);
      assert.deepEqual(chunkShape(meta, fmt), [1, 5]);
      assert.equal(meta.fill_value, -1);
      assert.deepEqual(meta.shape, [3, 5]);
      assert.deepEqual(listFiles(path).filter((f) => f.startsWith("d/") && !/(zarr\.json|\.zarray|\.zattrs)$/.test(f)),
        [0, 1, 2].map((i) => chunkKey("d", fmt, [i, 0])).sort());
      rmSync(join(path, chunkKey("d", fmt, [1, 0])));
      assert.deepEqual(await readNumbers(path), [1, 2, 3, 4, 5, -1, -1, -1, -1, -1, 11, 12, 13, 14, 15]);
      const io = new ZarrIO(path, "r");
      assert.deepEqual(((await io.getBuilder("/d")) as DatasetBuilder).chunks, [1, 5]);
      await io.close();
    });

    it("'fillvalue' (the Python spelling) is the same setting", async () => {
      const io = new ZarrDataIO([1.5, 2.5], { fillvalue: 7.5 });
      assert.equal(io.getIoParams().fillValue, 7.5);
      const path = await writeOne(fmt, io);
      assert.equal(diskArrayMeta(path, "d", fmt).fill_value, 7.5);
    });

    it("the default compressor is the one Python writes (v3 zstd level 0, v2 Blosc lz4)", async () => {
      const meta = diskArrayMeta(await writeOne(fmt, [1, 2, 3]), "d", fmt);
      if (fmt === 3) {
        assert.deepEqual(meta.codecs, [
          { name: "bytes", configuration: { endian: "little" } },
          { name: "zstd", configuration: { level: 0, checksum: false } },
        ]);
      } else {
        assert.deepEqual(meta.compressor, { id: "blosc", cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 });
      }
    });

    it("no compressor: nothing but the serializer in the metadata", async () => {
      const path = await writeOne(fmt, new ZarrDataIO([1.5, -2.5], fmt === 3 ? { compressors: false } : { compressor: false }));
      const meta = diskArrayMeta(path, "d", fmt);
      if (fmt === 3) assert.deepEqual(meta.codecs, [{ name: "bytes", configuration: { endian: "little" } }]);
      else {
        assert.equal(meta.compressor, null);
        assert.equal(meta.filters, null);
      }
      assert.deepEqual(await readNumbers(path), [1.5, -2.5]);
    });

    const chosen: { label: string; settings: ZarrDataIOOptions; onDisk: unknown }[] = fmt === 3
      ? [
        {
          label: "numcodecs.zlib",
          settings: { compressors: [{ name: "numcodecs.zlib", configuration: { level: 4 } }] },
          onDisk: [{ name: "numcodecs.zlib", configuration: { level: 4 } }],
        },
        {
          label: "blosc",
          settings: { compressors: [{ name: "blosc", configuration: { typesize: 4, cname: "zstd", clevel: 3, shuffle: "bitshuffle", blocksize: 0 } }] },
          onDisk: [{ name: "blosc", configuration: { typesize: 4, cname: "zstd", clevel: 3, shuffle: "bitshuffle", blocksize: 0 } }],
        },
      ]
      : [
        { label: "zlib", settings: { compressor: { id: "zlib", level: 4 } }, onDisk: { id: "zlib", level: 4 } },
        {
          label: "blosc",
          settings: { compressor: { id: "blosc", cname: "zstd", clevel: 3, shuffle: 2, blocksize: 0 } },
          onDisk: { id: "blosc", cname: "zstd", clevel: 3, shuffle: 2, blocksize: 0 },
        },
      ];
    for (const { label, settings, onDisk } of chosen) {
      it(`a chosen compressor round-trips: ${label}`, async () => {
        const values = Int32Array.from({ length: 1000 }, (_, i) => (i * 7) % 113 - 50);
        const path = await writeOne(fmt, new ZarrDataIO(values, { ...settings, chunks: [300] }));
        const meta = diskArrayMeta(path, "d", fmt);
        if (fmt === 3) assert.deepEqual(meta.codecs, [{ name: "bytes", configuration: { endian: "little" } }, ...(onDisk as unknown[])]);
        else assert.deepEqual(meta.compressor, onDisk);
        assert.deepEqual(await readNumbers(path), Array.from(values));
      });
    }

    it("dimensionLabels are written as _ARRAY_DIMENSIONS and read back", async () => {
      const path = await writeOne(fmt, [[1, 2], [3, 4]], { dimensionLabels: ["a", "b"] });
      assert.deepEqual(diskAttributes(path, "d", fmt)._ARRAY_DIMENSIONS, ["a", "b"]);
      const io = new ZarrIO(path, "r");
      assert.deepEqual(((await io.getBuilder("/d")) as DatasetBuilder).dimensionLabels, ["a", "b"]);
      await io.close();
    });

    describe("arrays of another file", () => {
      /** other.zarr holding /og/od = [7, 8, 9]; returns the folder and a reader of it. */
      async function otherFile() {
        const dir = tmp.make();
        const other = join(dir, "other.zarr");
        await writeFile(other, new GroupBuilder("root", { groups: [new GroupBuilder("og", { datasets: [new DatasetBuilder("od", [7, 8, 9])] })] }), fmt);
        const reader = new ZarrIO(other, "r");
        const od = (await reader.readBuilder()).get("og/od") as DatasetBuilder;
        assert.ok(od.data instanceof ZarrDataset);
        return { dir, other, reader, od: od.data };
      }

      const linksKey = fmt === 3 ? "_LINKS" : "zarr_link";

      it("are written as link entries by default, and read back as the other file's dataset", async () => {
        const { dir, other, reader, od } = await otherFile();
        const path = join(dir, "main.zarr");
        await writeFile(path, new GroupBuilder("root", { groups: [new GroupBuilder("g", { datasets: [new DatasetBuilder("linked", od)] })] }), fmt);
        await reader.close();
        assert.deepEqual(diskAttributes(path, "g", fmt)[linksKey], [{ source: "../other.zarr", path: "/og/od", name: "linked" }]);
        assert.equal(existsSync(join(path, "g", "linked")), false);
        const io = new ZarrIO(path, "r");
        const g = (await io.readBuilder()).groups.get("g")!;
        assert.equal(g.datasets.size, 0);
        const target = g.links.get("linked")!.builder;
        assert.equal(target.source, other);
        assert.equal(target.path, "/og/od");
        assert.deepEqual(await datasetNumbers(target), [7, 8, 9]);
        await io.close();
      });

      for (const how of ["writeBuilder(b, { linkData: false })", "new ZarrDataIO(ds, { linkData: false })"]) {
        it(`are copied with ${how}`, async () => {
          const { dir, reader, od } = await otherFile();
          const path = join(dir, "main.zarr");
          const data = how.startsWith("new") ? new ZarrDataIO(od, { linkData: false }) : od;
          const root = new GroupBuilder("root", { datasets: [new DatasetBuilder("copied", data)] });
          await writeFile(path, root, fmt, how.startsWith("new") ? {} : { linkData: false });
          await reader.close();
          assert.equal(diskAttributes(path, "", fmt)[linksKey], undefined);
          const meta = diskArrayMeta(path, "copied", fmt);
          assert.deepEqual(meta.shape, [3]);
          assert.equal(fmt === 3 ? meta.data_type : meta.dtype, fmt === 3 ? "int64" : "<i8");
          assert.deepEqual(await readNumbers(path, "copied"), [7, 8, 9]);
        });
      }

      it("ZarrDataIO linkData: true wins over writeBuilder's linkData: false", async () => {
        const { dir, reader, od } = await otherFile();
        const path = join(dir, "main.zarr");
        await writeFile(path, new GroupBuilder("root", { datasets: [new DatasetBuilder("linked", new ZarrDataIO(od, { linkData: true }))] }), fmt, { linkData: false });
        await reader.close();
        assert.deepEqual(diskAttributes(path, "", fmt)[linksKey], [{ source: "../other.zarr", path: "/og/od", name: "linked" }]);
      });
    });
  });
}

describe("ZarrDataIO compressors alone in a legacy Zarr v2 write", () => {
  const values = Int32Array.from({ length: 600 }, (_, i) => (i * 7) % 113 - 50);
  const cases: { label: string; compressors: ZarrDataIOOptions["compressors"]; stored: unknown }[] = [
    { label: "numcodecs.zlib", compressors: [{ name: "numcodecs.zlib", configuration: { level: 4 } }], stored: { id: "zlib", level: 4 } },
    { label: "zstd", compressors: [{ name: "zstd", configuration: { level: 3, checksum: false } }], stored: { id: "zstd", level: 3 } },
    { label: "gzip", compressors: [{ name: "gzip", configuration: { level: 2 } }], stored: { id: "gzip", level: 2 } },
    {
      label: "blosc",
      compressors: [{ name: "blosc", configuration: { typesize: 4, cname: "zstd", clevel: 3, shuffle: "bitshuffle", blocksize: 0 } }],
      stored: { id: "blosc", cname: "zstd", clevel: 3, shuffle: 2, blocksize: 0 },
    },
    { label: "false (none)", compressors: false, stored: null },
    { label: "[] (none)", compressors: [], stored: null },
  ];
  for (const { label, compressors, stored } of cases) {
    it(`become the stored .zarray compressor: ${label}`, async () => {
      const path = await writeOne(2, new ZarrDataIO(values, { compressors, chunks: [250] }));
      const meta = diskArrayMeta(path, "d", 2);
      assert.deepEqual(meta.compressor, stored);
      assert.equal(meta.filters, null);
      assert.deepEqual(await readNumbers(path), Array.from(values));
    });
  }

  it("with a bytes→bytes filter: the filter stays a v2 filter, the compressor is the one given", async () => {
    const data = new ZarrDataIO(values, { compressors: [{ name: "numcodecs.zlib", configuration: { level: 1 } }], filters: [{ id: "shuffle", elementsize: 4 }] });
    const path = await writeOne(2, data);
    const meta = diskArrayMeta(path, "d", 2);
    assert.deepEqual(meta.compressor, { id: "zlib", level: 1 });
    assert.deepEqual(meta.filters, [{ id: "shuffle", elementsize: 4 }]);
    assert.deepEqual(await readNumbers(path), Array.from(values));
  });

  it("an explicit compressor wins over compressors for the legacy write", async () => {
    const data = new ZarrDataIO(values, { compressors: [{ name: "numcodecs.zlib", configuration: { level: 1 } }], compressor: { id: "gzip", level: 9 } });
    assert.deepEqual(diskArrayMeta(await writeOne(2, data), "d", 2).compressor, { id: "gzip", level: 9 });
  });

  it("apply to a copy of an array of another file too", async () => {
    const dir = tmp.make();
    const other = join(dir, "other.zarr");
    await writeFile(other, new GroupBuilder("root", { datasets: [new DatasetBuilder("od", Array.from(values), { dtype: "int32" })] }), 2);
    const reader = new ZarrIO(other, "r");
    try {
      const od = ((await reader.readBuilder()).get("od") as DatasetBuilder).data;
      const path = join(dir, "main.zarr");
      const data = new ZarrDataIO(od, { linkData: false, compressors: [{ name: "numcodecs.zlib", configuration: { level: 2 } }] });
      await writeFile(path, new GroupBuilder("root", { datasets: [new DatasetBuilder("copied", data)] }), 2);
      assert.deepEqual(diskArrayMeta(path, "copied", 2).compressor, { id: "zlib", level: 2 });
      assert.deepEqual(await readNumbers(path, "copied"), Array.from(values));
    } finally {
      await reader.close();
    }
  });

  const refused: { label: string; compressors: ZarrDataIOOptions["compressors"]; problem: RegExp }[] = [
    {
      label: "two compressors",
      compressors: [{ name: "numcodecs.shuffle", configuration: { elementsize: 4 } }, { name: "zstd", configuration: { level: 1 } }],
      problem: /a Zarr v2 array has one compressor, and compressors \[numcodecs\.shuffle, zstd\] are 2/,
    },
    { label: "a checksum", compressors: [{ name: "crc32c" }], problem: /compressor 'crc32c' has no numcodecs counterpart/ },
    { label: "zstd with a checksum", compressors: [{ name: "zstd", configuration: { level: 1, checksum: true } }], problem: /compressor 'zstd' with a checksum has no numcodecs counterpart/ },
  ];
  for (const { label, compressors, problem } of refused) {
    it(`that v2 cannot hold are refused with a typed error naming the array: ${label}`, async () => {
      const data = new ZarrDataIO(values, { compressors });
      await assert.rejects(writeOne(2, data), (e: unknown) => {
        const cause = (e as { cause?: unknown }).cause ?? e;
        assert.ok(cause instanceof UnsupportedWriteError, String(e));
        assert.match(cause.message, problem);
        assert.match(cause.message, /\/d/);
        return true;
      });
    });
  }

  it("the same settings still write all compressors in Zarr v3", async () => {
    const compressors = [{ name: "numcodecs.shuffle", configuration: { elementsize: 4 } }, { name: "zstd", configuration: { level: 1, checksum: false } }];
    const path = await writeOne(3, new ZarrDataIO(values, { compressors }));
    assert.deepEqual(diskArrayMeta(path, "d", 3).codecs, [{ name: "bytes", configuration: { endian: "little" } }, ...compressors]);
  });
});
