/**
 * numcodecs bz2 and lzma: round trips, chunks written by Python, the decoded-size cap (refused
 * before anything past it is allocated or decoded), corrupt input and configuration checks.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { crc32 } from "node:zlib";
import { describe, it } from "node:test";
import { ChunkDecodeError, MetadataError } from "../../../src/errors.js";
import { CappedOutput } from "../../../src/zarr/codecs/bzip2-decode.js";
import { createCodec } from "../../../src/zarr/codecs/index.js";
import type { BytesBytesCodec, CodecJSON } from "../../../src/zarr/codecs/types.js";
import { xzDecodedSize, XzFormatError } from "../../../src/zarr/codecs/xz-size.js";
import { BZ2_TWO_STREAMS, BZ2_ZEROS_10M, XZ_TWO_STREAMS, XZ_ZEROS_10M } from "./bz2-lzma-samples.js";
import { REPO_ROOT } from "../../helpers/repo-paths.js";
import { atOffset, ctx, f64 } from "./helpers.js";

function bytesCodec(json: CodecJSON, format: 2 | 3 = 3): BytesBytesCodec {
  const c = createCodec(json, ctx(f64, [64], { zarrFormat: format }));
  assert.equal(c.kind, "bytes-bytes");
  return c as BytesBytesCodec;
}

/** A stepped float64 ramp as bytes: compressible, not trivial. */
function sample(n = 4096): Uint8Array {
  return new Uint8Array(Float64Array.from({ length: n }, (_, i) => Math.floor(i / 8) * 0.5).buffer);
}

const text = (b: Uint8Array) => Buffer.from(b).toString("latin1");

describe("bz2", () => {
  it("round trips at every level, under both names, and compresses", async () => {
    const data = sample();
    for (const name of ["numcodecs.bz2", "bz2"]) {
      for (const level of [1, 5, 9]) {
        const codec = bytesCodec({ name, configuration: { level } });
        const enc = await codec.encode(data);
        assert.equal(text(enc.subarray(0, 4)), `BZh${level}`);
        assert.ok(enc.length < data.length / 4, `level ${level}: ${enc.length} bytes`);
        assert.deepEqual(await codec.decode(atOffset(enc, 3)), data);
      }
    }
  });

  it("round trips the inputs that test a bzip2 encoder: empty, one byte, runs at the run-length limits, periodic, several blocks", async () => {
    const codec = bytesCodec({ name: "numcodecs.bz2", configuration: { level: 1 } });
    const run = (b: number, n: number) => new Uint8Array(n).fill(b);
    const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));
    let x = 7;
    const noise = Uint8Array.from({ length: 250_000 }, () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
    const inputs = [
      new Uint8Array(0), new Uint8Array([42]), run(9, 3), run(9, 4), run(9, 5), run(9, 255), run(9, 256), run(9, 259), run(0, 1_000_000),
      concat(run(1, 4), run(2, 4), run(1, 300), new Uint8Array([1, 1, 1]), run(1, 4)),
      Uint8Array.from({ length: 300_000 }, (_, i) => i % 2), Uint8Array.from({ length: 210_000 }, (_, i) => (i * 7) % 13),
      noise, concat(noise.subarray(0, 99_990), run(5, 40), noise),
    ];
    for (const data of inputs) {
      const enc = await codec.encode(data);
      assert.deepEqual(await codec.decode(enc), data, `${data.length} bytes`);
    }
  });

  it("reads every stream of a chunk, as Python's bz2.decompress does", async () => {
    const out = await bytesCodec({ name: "numcodecs.bz2" }).decode(BZ2_TWO_STREAMS);
    assert.equal(text(out), "first ".repeat(500) + "second");
  });

  it("stops at the cap: 49 bytes that inflate to 10 MB are refused, with no buffer past the cap", async () => {
    const codec = bytesCodec({ name: "numcodecs.bz2", configuration: { level: 9 } });
    await assert.rejects(codec.decode(BZ2_ZEROS_10M, { bytes: 100_000, option: "maxChunkBytes" }), (err: unknown) => {
      assert.ok(err instanceof ChunkDecodeError);
      assert.match(err.message, /bz2 chunk of 49 bytes decodes to more than 97.66 KiB .*maxChunkBytes/);
      return true;
    });
    // Exactly at the cap is allowed, one byte less is not; the output never holds more than the cap.
    const enc = await codec.encode(new Uint8Array(5000).fill(3));
    assert.equal((await codec.decode(enc, { bytes: 5000 })).length, 5000);
    await assert.rejects(codec.decode(enc, { bytes: 4999 }), ChunkDecodeError);
    const out = new CappedOutput(10, 4);
    out.reserve(10);
    assert.equal(out.buf.length, 10);
    assert.throws(() => out.reserve(11));
    assert.equal(out.buf.length, 10);
    // Without a cap, the same chunk decodes in full.
    const all = await codec.decode(BZ2_ZEROS_10M);
    assert.equal(all.length, 10_000_000);
    assert.ok(all.every((b) => b === 0));
  });

  it("corrupt, truncated or foreign input is a ChunkDecodeError", async () => {
    const codec = bytesCodec({ name: "numcodecs.bz2" });
    const enc = await codec.encode(sample(512));
    const flipped = enc.slice();
    flipped[enc.length >> 1] ^= 0x55;
    for (const bad of [flipped, enc.subarray(0, enc.length - 8), new Uint8Array([1, 2, 3, 4, 5]), new Uint8Array(0)]) {
      await assert.rejects(codec.decode(bad), ChunkDecodeError);
    }
    // Any one bit flipped: a ChunkDecodeError (the CRCs catch what the structure does not), or the
    // same bytes when the bit was padding after the stream's end.
    const data = sample(512);
    for (let bit = 0; bit < enc.length * 8; bit += 7) {
      const bad = enc.slice();
      bad[bit >> 3] ^= 1 << (bit & 7);
      try {
        assert.deepEqual(await codec.decode(bad, { bytes: data.length }), data, `bit ${bit}`);
      } catch (err) {
        assert.ok(err instanceof ChunkDecodeError, `bit ${bit}: ${err}`);
      }
    }
  });

  it("configuration: level 1–9 only, unknown settings refused", () => {
    for (const configuration of [{ level: 0 }, { level: 10 }, { level: 2.5 }, { level: "9" }, { level: 9, blocksize: 1 }]) {
      assert.throws(() => bytesCodec({ name: "numcodecs.bz2", configuration }), MetadataError, JSON.stringify(configuration));
    }
    // numcodecs' own id inside the configuration is accepted (some v3 writers keep it).
    bytesCodec({ name: "numcodecs.bz2", configuration: { id: "bz2", level: 3 } });
  });
});

/** The xz check id a stream header names (the low nibble of its second flag byte). */
const checkId = (xz: Uint8Array) => xz[7] & 0x0f;

/** Where a one-stream, one-block xz file keeps its block's check: the bytes just before the index. */
function checkField(xz: Uint8Array, size: number): [number, number] {
  const footer = xz.length - 12;
  const indexStart = footer - (new DataView(xz.buffer, xz.byteOffset).getUint32(footer + 4, true) + 1) * 4;
  return [indexStart - size, indexStart];
}

describe("lzma (xz)", () => {
  it("round trips under both names into compressed xz streams that state their size", async () => {
    const data = sample();
    for (const name of ["numcodecs.lzma", "lzma"]) {
      const codec = bytesCodec({ name, configuration: { format: 1, check: -1, preset: null, filters: null } });
      const enc = await codec.encode(data);
      assert.deepEqual(Array.from(enc.subarray(0, 6)), [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);
      assert.equal(checkId(enc), 4, "check -1 is CRC64, as Python's lzma writes xz");
      assert.ok(enc.length < data.length / 10, `${enc.length} bytes of ${data.length}`);
      assert.equal(xzDecodedSize(enc), data.length);
      assert.deepEqual(await codec.decode(atOffset(enc, 3)), data);
    }
  });

  it("honours every preset and check: the check written is the one asked for, presets change the output", async () => {
    let x = 11;
    // Noisy steps: presets differ on these (a flat ramp compresses the same at every level).
    const data = Uint8Array.from({ length: 200_000 }, (_, i) => ((i >> 6) & 0xff) ^ (((x = (x * 1103515245 + 12345) >>> 0) >>> 29) & 3));
    const sizes = new Map<number, number>();
    for (const preset of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0x80000006, 0x80000009]) {
      const codec = bytesCodec({ name: "numcodecs.lzma", configuration: { preset } });
      const enc = await codec.encode(data);
      assert.equal(checkId(enc), 4);
      assert.ok(enc.length < data.length / 2, `preset ${preset}: ${enc.length} bytes`);
      assert.deepEqual(await codec.decode(enc), data, `preset ${preset}`);
      sizes.set(preset, enc.length);
    }
    // The default is preset 6, byte for byte; the fastest preset is not the smallest.
    assert.deepEqual(await bytesCodec({ name: "numcodecs.lzma" }).encode(data), await bytesCodec({ name: "numcodecs.lzma", configuration: { preset: 6 } }).encode(data));
    assert.ok(sizes.get(0)! > sizes.get(9)!, JSON.stringify([...sizes]));
    assert.ok(new Set(sizes.values()).size >= 3, JSON.stringify([...sizes]));
    // Check ids and their sizes (xz spec): none 0, CRC32 4, CRC64 8, SHA-256 32 bytes.
    const plainSize = (await bytesCodec({ name: "numcodecs.lzma", configuration: { check: 0 } }).encode(data)).length;
    for (const [check, id, bytes] of [[0, 0, 0], [1, 1, 4], [4, 4, 8], [10, 10, 32], [-1, 4, 8]]) {
      const codec = bytesCodec({ name: "numcodecs.lzma", configuration: { check } });
      const enc = await codec.encode(data);
      assert.equal(checkId(enc), id, `check ${check}`);
      // The check's bytes, padded to four in the index, are the only difference from no check.
      assert.equal(enc.length - plainSize, bytes, `check ${check}`);
      assert.deepEqual(await codec.decode(enc), data, `check ${check}`);
    }
    // Empty input is one empty xz stream; input full of "YZ" (the bytes xz streams end with) is
    // coded in one piece, not cut at each of them.
    const codec = bytesCodec({ name: "numcodecs.lzma" });
    assert.equal((await codec.decode(await codec.encode(new Uint8Array(0)))).length, 0);
    const yz = new Uint8Array(Buffer.from("YZ".repeat(500_000), "latin1"));
    const started = performance.now();
    const enc = await codec.encode(atOffset(yz, 5));
    assert.ok(enc.length < 1000, `${enc.length} bytes`);
    assert.deepEqual(await codec.decode(enc), yz);
    assert.ok(performance.now() - started < 10_000, `${performance.now() - started} ms`);
  });

  it("reads Python's xz: concatenated streams with padding, CRC32 and CRC64 checks", async () => {
    assert.equal(xzDecodedSize(XZ_TWO_STREAMS), 9000 + 6);
    const out = await bytesCodec({ name: "numcodecs.lzma" }).decode(XZ_TWO_STREAMS);
    assert.equal(text(out), "hello xz ".repeat(1000) + "second");
  });

  it("refuses a chunk whose headers state more than the cap, before decoding it", async () => {
    assert.equal(xzDecodedSize(XZ_ZEROS_10M), 10_000_000);
    const codec = bytesCodec({ name: "numcodecs.lzma" });
    await assert.rejects(codec.decode(XZ_ZEROS_10M, { bytes: 1_000_000, option: "maxChunkBytes" }), (err: unknown) => {
      assert.ok(err instanceof ChunkDecodeError);
      assert.match(err.message, /lzma chunk of 1584 bytes decodes to 10000000 bytes, more than 976.56 KiB .*maxChunkBytes/);
      return true;
    });
    assert.equal((await codec.decode(XZ_ZEROS_10M, { bytes: 10_000_000 })).length, 10_000_000);
    // The same for chunks written here: exactly at the cap is read, one byte under is refused.
    const enc = await codec.encode(new Uint8Array(5000).fill(3));
    assert.equal((await codec.decode(enc, { bytes: 5000 })).length, 5000);
    await assert.rejects(codec.decode(enc, { bytes: 4999 }), /decodes to 5000 bytes, more than/);
  });

  it("holds liblzma's dictionary memory: a stream claiming a 1 GiB dictionary for 5 bytes is refused, preset 9e reads", async () => {
    // Python: lzma.compress(b"hello", filters=[{"id": lzma.FILTER_LZMA2, "dict_size": 1 << 30}]).
    const huge = Uint8Array.from(Buffer.from("/Td6WFoAAATm1rRGAgAhASQAAABeH8f5AQAEaGVsbG8AAAAAsTe52+XaHpsAAR0FuC2Arx+2830BAAAAAARZWg==", "base64"));
    assert.equal(xzDecodedSize(huge), 5);
    await assert.rejects(bytesCodec({ name: "numcodecs.lzma" }).decode(huge), (err: unknown) => {
      assert.ok(err instanceof ChunkDecodeError, String(err));
      assert.match(err.message, /codec 'lzma' could not decode the chunk/);
      return true;
    });
    // The largest dictionary Python's presets use (9 with the extreme flag: 64 MiB) still reads.
    const data = sample(2048);
    const codec = bytesCodec({ name: "numcodecs.lzma", configuration: { preset: 9 + 2 ** 31 } });
    assert.deepEqual(await codec.decode(await codec.encode(data)), data);
  });

  it("a changed byte in the integrity check (CRC32, CRC64, SHA-256) is a ChunkDecodeError", async () => {
    const data = sample(512);
    for (const [check, size] of [[1, 4], [4, 8], [10, 32]]) {
      const enc = await bytesCodec({ name: "numcodecs.lzma", configuration: { check } }).encode(data);
      const [from, to] = checkField(enc, size);
      for (const at of [from, to - 1]) {
        const bad = enc.slice();
        bad[at] ^= 0x01;
        await assert.rejects(bytesCodec({ name: "numcodecs.lzma" }).decode(bad), (err: unknown) => {
          assert.ok(err instanceof ChunkDecodeError, String(err));
          assert.match(err.message, /codec 'lzma' could not decode the chunk/);
          return true;
        }, `check ${check}, byte ${at}`);
      }
    }
  });

  it("a check liblzma cannot verify is a ChunkDecodeError, not skipped", async () => {
    const enc = await bytesCodec({ name: "numcodecs.lzma", configuration: { check: 1 } }).encode(sample(512));
    // Check id 2 is reserved with the 4 bytes of CRC32: the stream header's and footer's flags and CRCs rewritten for it.
    const odd = enc.slice();
    const view = new DataView(odd.buffer);
    odd[7] = 2;
    view.setUint32(8, crc32(odd.subarray(6, 8)), true);
    odd[odd.length - 3] = 2;
    view.setUint32(odd.length - 12, crc32(odd.subarray(odd.length - 8, odd.length - 2)), true);
    assert.equal(xzDecodedSize(odd), 4096);
    await assert.rejects(bytesCodec({ name: "numcodecs.lzma" }).decode(odd), (err: unknown) => {
      assert.ok(err instanceof ChunkDecodeError, String(err));
      assert.match(err.message, /codec 'lzma' could not decode the chunk: .*check/i);
      return true;
    });
  });

  it("headers that disagree with the index, or damaged data, are a ChunkDecodeError", async () => {
    const codec = bytesCodec({ name: "numcodecs.lzma" });
    const enc = await codec.encode(sample(512));
    // The index's record of the decoded size (the last VLI before padding, CRC and footer) changed.
    const lying = XZ_ZEROS_10M.slice();
    const footer = lying.length - 12;
    const indexSize = (new DataView(lying.buffer).getUint32(footer + 4, true) + 1) * 4;
    lying[footer - indexSize + 4] ^= 0x01; // indicator, count, 2-byte unpadded size, then the decoded size
    assert.throws(() => xzDecodedSize(lying), XzFormatError);
    await assert.rejects(codec.decode(lying), ChunkDecodeError);
    // Damaged compressed data, in Python's streams and in one written here.
    const flipped = XZ_TWO_STREAMS.slice();
    flipped[40] ^= 0xff;
    const ours = enc.slice();
    ours[40] ^= 0xff;
    for (const bad of [flipped, ours, enc.subarray(0, enc.length - 4), new Uint8Array([0xfd, 0x37, 0x7a]), new Uint8Array(0), BZ2_TWO_STREAMS]) {
      await assert.rejects(codec.decode(bad), ChunkDecodeError);
    }
  });

  it("configuration: only the xz format and the default filters; settings checked", () => {
    for (const configuration of [{ format: 2 }, { format: 3 }, { format: 0 }, { check: 3 }, { check: 2 }, { preset: 10 }, { preset: -1 }, { preset: 0x8000000a }, { filters: [{ id: 33 }] }, { level: 5 }]) {
      assert.throws(() => bytesCodec({ name: "numcodecs.lzma", configuration }), MetadataError, JSON.stringify(configuration));
    }
    for (const configuration of [{ preset: 9 }, { preset: 0 }, { preset: 0x80000006 }, { check: 1 }, { check: 0 }, { check: 10 }]) bytesCodec({ name: "numcodecs.lzma", configuration });
  });

  it("without the optional package (a browser, a platform with no binary), fails with UnknownCodecError naming it", () => {
    // A child process in which loading lzma-native fails, as it does where it is not installed.
    const script = `
      const Module = require("node:module");
      const load = Module._load;
      Module._load = function (request, ...rest) {
        if (request === "lzma-native") throw Object.assign(new Error("Cannot find module"), { code: "MODULE_NOT_FOUND" });
        return load.call(this, request, ...rest);
      };
      const { createCodec } = require("./src/zarr/codecs/index.ts");
      const codec = createCodec({ name: "numcodecs.lzma" }, { dtype: { kind: "numeric", name: "uint8", endian: "little" }, chunkShape: [4], zarrFormat: 2, allowPickle: false, where: { store: "s", path: "/a" } });
      codec.encode(new Uint8Array(4)).then(() => console.log("encoded"), (e) => console.log(e.constructor.name + ": " + e.message));
    `;
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: REPO_ROOT, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^UnknownCodecError: .*codec 'lzma' needs the optional package lzma-native/m);
  });
});
