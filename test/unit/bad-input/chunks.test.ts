/**
 * Bad input, chunk layer: truncated, emptied, swapped and inflated chunks must give a
 * ChunkDecodeError naming the store, the array and the chunk key — for every compressor the
 * writer can use, in both Zarr formats — and must not poison the decoders for later reads.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { after, before, describe, it } from "node:test";
import { ChunkDecodeError } from "../../../src/errors.js";
import { DatasetBuilder, GroupBuilder } from "../../../src/format/builders.js";
import { ZarrDataIO } from "../../../src/io/zarr-data-io.js";
import type { ZarrFormat } from "../../../src/zarr/metadata-types.js";
import { TIMEOUT, copyStore, expectTyped } from "./helpers.js";
import { FORMATS, chunkFile, chunkKey } from "../../helpers/store-files.js";
import { tempFolder, removeFolder } from "../../helpers/temp-folders.js";
import { readDataset, READ_MODES } from "../../helpers/zarr-files.js";
import { writeStore } from "../../helpers/sample-tree.js";

const VALUES = Array.from({ length: 300 }, (_, i) => (i * 37) % 101);
const SHORT = VALUES.slice(0, 200);
const TEXT = ["alpha", "beta", "gamma"];

/** The compressors each format can write, as ZarrDataIO options. */
const COMPRESSORS: Record<ZarrFormat, Record<string, object>> = {
  3: {
    zstd: { compressors: [{ name: "zstd", configuration: { level: 3, checksum: false } }] },
    gzip: { compressors: [{ name: "gzip", configuration: { level: 5 } }] },
    blosc: { compressors: [{ name: "blosc", configuration: { cname: "lz4", clevel: 5, shuffle: "shuffle", typesize: 4, blocksize: 0 } }] },
    lz4: { compressors: [{ name: "numcodecs.lz4", configuration: { acceleration: 1 } }] },
    zlib: { compressors: [{ name: "numcodecs.zlib", configuration: { level: 1 } }] },
    crc32c: { compressors: [{ name: "crc32c", configuration: {} }] },
    raw: { compressors: false },
  },
  2: {
    zstd: { compressor: { id: "zstd", level: 3 } },
    gzip: { compressor: { id: "gzip", level: 5 } },
    blosc: { compressor: { id: "blosc", cname: "zstd", clevel: 5, shuffle: 2, blocksize: 0 } },
    lz4: { compressor: { id: "lz4", acceleration: 1 } },
    zlib: { compressor: { id: "zlib", level: 1 } },
    raw: { compressor: false },
  },
};

/**
 * For every compressor `c`: `/c` (300 int32), `/c-short` (200 int32, same codec), and text
 * arrays `/text` (default compressor), `/text-raw` (none), plus a scalar `/scalar`.
 */
function codecZoo(format: ZarrFormat): GroupBuilder {
  const datasets: DatasetBuilder[] = [];
  for (const [name, opts] of Object.entries(COMPRESSORS[format])) {
    datasets.push(new DatasetBuilder(name, new ZarrDataIO(VALUES, opts), { dtype: "int32" }));
    datasets.push(new DatasetBuilder(`${name}-short`, new ZarrDataIO(SHORT, opts), { dtype: "int32" }));
  }
  datasets.push(new DatasetBuilder("text", TEXT, { dtype: "text" }));
  datasets.push(new DatasetBuilder("text-short", TEXT.slice(0, 2), { dtype: "text" }));
  datasets.push(new DatasetBuilder("text-raw", new ZarrDataIO(TEXT, COMPRESSORS[format].raw), { dtype: "text" }));
  datasets.push(new DatasetBuilder("scalar", 42, { dtype: "int64" }));
  return new GroupBuilder("root", { datasets });
}

const cut = (file: string, keep: (n: number) => number) => {
  const bytes = readFileSync(file);
  writeFileSync(file, bytes.subarray(0, keep(bytes.length)));
};

for (const format of FORMATS) {
  describe(`bad chunks, Zarr v${format}`, () => {
    let tmp: string;
    let base: string;
    let n = 0;
    before(async () => {
      tmp = tempFolder(`hdmf-zarr-bad-chunks-v${format}`);
      base = await writeStore(join(tmp, "base.zarr"), format, codecZoo(format));
    });
    after(() => removeFolder(tmp));
    const work = () => copyStore(base, join(tmp, `work-${n++}.zarr`));

    const codecs = Object.keys(COMPRESSORS[format]);

    for (const codec of codecs) {
      it(`a '${codec}' chunk cut in half is a ChunkDecodeError naming the array and chunk; other arrays still read`, { timeout: TIMEOUT }, async () => {
        const dir = work();
        cut(chunkFile(dir, codec, format), (len) => len >> 1);
        for (const mode of READ_MODES) {
          await expectTyped(() => readDataset(dir, `/${codec}`, mode), ChunkDecodeError, {
            store: dir, path: `/${codec}`, mentions: [`'${chunkKey(codec, format)}'`],
          });
          // The same decoder reads a healthy chunk afterwards.
          assert.deepEqual(await readDataset(dir, `/${codec}-short`, mode), SHORT);
        }
      });
    }

    for (const codec of codecs) {
      it(`an empty '${codec}' chunk file is a ChunkDecodeError`, { timeout: TIMEOUT }, async () => {
        const dir = work();
        cut(chunkFile(dir, codec, format), () => 0);
        await expectTyped(() => readDataset(dir, `/${codec}`), ChunkDecodeError, { store: dir, path: `/${codec}` });
      });
    }

    for (const [label, keep] of [["cut in half", (len: number) => len >> 1], ["missing its last byte", (len: number) => len - 1]] as const) {
      for (const node of ["text", "text-raw"]) {
        it(`a text chunk (${node}) ${label} is a ChunkDecodeError`, { timeout: TIMEOUT }, async () => {
          const dir = work();
          cut(chunkFile(dir, node, format), keep);
          await expectTyped(() => readDataset(dir, `/${node}`), ChunkDecodeError, { store: dir, path: `/${node}` });
        });
      }
    }

    it("a truncated scalar chunk is a ChunkDecodeError", { timeout: TIMEOUT }, async () => {
      const dir = work();
      const coords = format === 3 ? [] : [0];
      const file = format === 3 ? join(dir, "scalar", "c") : chunkFile(dir, "scalar", 2, coords);
      cut(file, (len) => len >> 1);
      await expectTyped(() => readDataset(dir, "/scalar"), ChunkDecodeError, { store: dir, path: "/scalar" });
    });

    for (const codec of codecs) {
      it(`a '${codec}' chunk that decompresses to too few elements (another array's chunk) is a ChunkDecodeError`, { timeout: TIMEOUT }, async () => {
        const dir = work();
        copyFileSync(chunkFile(dir, `${codec}-short`, format), chunkFile(dir, codec, format));
        await expectTyped(() => readDataset(dir, `/${codec}`), ChunkDecodeError, {
          store: dir, path: `/${codec}`, mentions: [`'${chunkKey(codec, format)}'`],
        });
      });

      it(`a '${codec}' chunk that decompresses to too many elements is a ChunkDecodeError`, { timeout: TIMEOUT }, async () => {
        const dir = work();
        copyFileSync(chunkFile(dir, codec, format), chunkFile(dir, `${codec}-short`, format));
        await expectTyped(() => readDataset(dir, `/${codec}-short`), ChunkDecodeError, { store: dir, path: `/${codec}-short` });
      });
    }

    it("a text chunk holding another number of strings is a ChunkDecodeError", { timeout: TIMEOUT }, async () => {
      const dir = work();
      copyFileSync(chunkFile(dir, "text-short", format), chunkFile(dir, "text", format));
      await expectTyped(() => readDataset(dir, "/text"), ChunkDecodeError, { store: dir, path: "/text" });
    });

    it("a gzip chunk that inflates to 32 MiB (a small decompression bomb) is a ChunkDecodeError", { timeout: TIMEOUT }, async () => {
      const dir = work();
      writeFileSync(chunkFile(dir, "gzip", format), gzipSync(Buffer.alloc(32 << 20), { level: 1 }));
      const err = await expectTyped(() => readDataset(dir, "/gzip"), ChunkDecodeError, { store: dir, path: "/gzip" });
      // Refused by the size bound of a 300-int32 chunk, not by a failure after inflating 32 MiB.
      assert.match(err.message, /inflates to more than 1200 bytes/);
    });

    it("a zstd frame declaring a 1 TiB content size is refused from its header, before decoding", { timeout: TIMEOUT }, async () => {
      const dir = work();
      // magic, descriptor (8-byte content size, single segment), the size, then a few bytes of "block".
      const frame = Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0xe0]), Buffer.alloc(8), Buffer.from([1, 2, 3, 4])]);
      frame.writeBigUInt64LE(1n << 40n, 5);
      writeFileSync(chunkFile(dir, "zstd", format), frame);
      const err = await expectTyped(() => readDataset(dir, "/zstd"), ChunkDecodeError, { store: dir, path: "/zstd" });
      assert.match(err.message, /decodes to 1099511627776 bytes/);
    });

    it("a blosc chunk whose header claims another size is a ChunkDecodeError", { timeout: TIMEOUT }, async () => {
      const dir = work();
      const file = chunkFile(dir, "blosc", format);
      const bytes = readFileSync(file);
      bytes.writeUInt32LE(1 << 20, 4); // nbytes: 1 MiB instead of 1200
      writeFileSync(file, bytes);
      await expectTyped(() => readDataset(dir, "/blosc"), ChunkDecodeError, { store: dir, path: "/blosc" });
    });

    if (format === 3) {
      it("a crc32c-checked chunk with one flipped bit is a ChunkDecodeError", { timeout: TIMEOUT }, async () => {
        const dir = work();
        const file = chunkFile(dir, "crc32c", 3);
        const bytes = readFileSync(file);
        bytes[10] ^= 0x04;
        writeFileSync(file, bytes);
        await expectTyped(() => readDataset(dir, "/crc32c"), ChunkDecodeError, { store: dir, path: "/crc32c" });
      });
    }

    it("a chunk key that is a folder instead of a file reads as a missing chunk (fill value), not a crash", { timeout: TIMEOUT }, async () => {
      const dir = work();
      const file = chunkFile(dir, "raw", format);
      rmSync(file);
      mkdirSync(file);
      assert.deepEqual(await readDataset(dir, "/raw"), VALUES.map(() => 0));
    });
  });
}
