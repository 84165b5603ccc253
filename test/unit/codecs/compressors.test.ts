import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ChunkDecodeError, MetadataError } from "../../../src/errors.js";
import { createCodec, crc32c } from "../../../src/zarr/codecs/index.js";
import { deflateBackend, portableDeflateBackend } from "../../../src/zarr/codecs/deflate.js";
import { fastCodecs, setCodecBackend, type CodecBackend } from "../../../src/zarr/codecs/native/backend.js";
import type { BytesBytesCodec, CodecJSON } from "../../../src/zarr/codecs/types.js";
import type { DataType, NdArray } from "../../../src/zarr/dtype.js";
import { atOffset, ctx, f64, hex, i32, pipeline } from "./helpers.js";

function bytesCodec(json: CodecJSON, dtype: DataType = f64): BytesBytesCodec {
  const c = createCodec(json, ctx(dtype, [64]));
  assert.equal(c.kind, "bytes-bytes");
  return c as BytesBytesCodec;
}

/** Compressible but not trivial: a stepped float64 ramp, as bytes. */
function sample(n = 4096): Uint8Array {
  const f = Float64Array.from({ length: n }, (_, i) => Math.floor(i / 8) * 0.5);
  return new Uint8Array(f.buffer);
}

async function roundTrip(codec: BytesBytesCodec, data: Uint8Array) {
  const enc = await codec.encode(data);
  const dec = await codec.decode(enc);
  assert.deepEqual(Array.from(dec), Array.from(data));
  // The same through a view with a byteOffset.
  assert.deepEqual(Array.from(await codec.decode(atOffset(enc, 5))), Array.from(data));
  return enc;
}

after(() => setCodecBackend(undefined));

// Decoding runs on the accelerated decoders in Node ("auto") and on numcodecs' WebAssembly
// (the browser's path, forced here): both must read what both write.
for (const backend of ["auto", "wasm"] as CodecBackend[]) {
  describe(`compressors, ${backend} decoders`, () => {
    before(() => setCodecBackend(backend));

    it("uses the backend asked for", async () => {
      assert.equal((await fastCodecs()) === undefined, backend === "wasm");
    });

    it("blosc: every cname and shuffle, in v3 and numcodecs spellings", async () => {
      const data = sample(1024);
      for (const cname of ["blosclz", "lz4", "lz4hc", "zlib", "zstd", "snappy"]) {
        for (const shuffle of ["noshuffle", "shuffle", "bitshuffle"]) {
          const enc = await roundTrip(bytesCodec({ name: "blosc", configuration: { cname, clevel: 5, shuffle, typesize: 8, blocksize: 0 } }), data);
          assert.ok(enc.length < data.length / 2, `${cname}/${shuffle} compresses`);
        }
      }
      for (const shuffle of [-1, 0, 1, 2]) {
        await roundTrip(bytesCodec({ name: "numcodecs.blosc", configuration: { cname: "zstd", clevel: 3, shuffle, blocksize: 0 } }), data);
      }
      assert.throws(() => bytesCodec({ name: "numcodecs.blosc", configuration: { shuffle: 7 } }), MetadataError);
      assert.throws(() => bytesCodec({ name: "blosc", configuration: { shuffle: "sideways" } }), MetadataError);
    });

    it("blosc: truncated or foreign input is a ChunkDecodeError", async () => {
      const codec = bytesCodec({ name: "numcodecs.blosc", configuration: { cname: "lz4", clevel: 5, shuffle: 1 } });
      const enc = await codec.encode(sample(512));
      for (const bad of [enc.subarray(0, 10), enc.subarray(0, enc.length - 1), new Uint8Array(40).fill(7), new Uint8Array(0)]) {
        await assert.rejects(codec.decode(bad), ChunkDecodeError);
      }
    });

    it("zstd and lz4 round-trip and reject corrupt input", async () => {
      const data = sample(1024);
      for (const json of [
        { name: "zstd", configuration: { level: 0, checksum: false } },
        { name: "zstd", configuration: { level: 9, checksum: true } },
        { name: "numcodecs.zstd", configuration: { level: -1 } },
        { name: "numcodecs.lz4", configuration: { acceleration: 1 } },
      ]) {
        const codec = bytesCodec(json);
        const enc = await roundTrip(codec, data);
        assert.ok(enc.length < data.length);
        await assert.rejects(codec.decode(enc.subarray(0, enc.length >> 1)), ChunkDecodeError, json.name);
        await assert.rejects(codec.decode(Uint8Array.of(1, 2, 3)), ChunkDecodeError, json.name);
      }
      // numcodecs LZ4 framing: 4-byte little-endian size header.
      const enc = await bytesCodec({ name: "numcodecs.lz4" }).encode(data);
      assert.equal(new DataView(enc.buffer, enc.byteOffset).getUint32(0, true), data.length);
      // A header claiming an impossible size is refused before anything is allocated.
      const lie = enc.slice();
      lie.set([0xff, 0xff, 0xff, 0x7f], 0);
      await assert.rejects(bytesCodec({ name: "numcodecs.lz4" }).decode(lie), /corrupt/);
    });
  });
}

describe("compressors", () => {
  it("gzip and zlib read CPython's output", async () => {
    const data = new Uint8Array([...Array.from({ length: 4 }, () => [...Array(256).keys()]).flat(), ...new TextEncoder().encode("hello hello hello")]);
    // zlib.compress(data, 1) in CPython 3.11.
    const pyZlib = hex(
      "78016360646266616563e7e0e4e2e6e1e5e3171014121611151397909492969195935750545256515553d7d0d4d2d6d1d5d33730343236313533" +
      "b7b0b4b2b6b1b5b37770747276717573f7f0f4f2f6f1f5f30f080c0a0e090d0b8f888c8a8e898d8b4f484c4a4e494d4bcfc8cccacec9cdcb2f282c" +
      "2a2e292d2bafa8acaaaea9adab6f686c6a6e696d6befe8eceaeee9edeb9f3071d2e42953a74d9f3173d6ec3973e7cd5fb070d1e2254b972d5fb172" +
      "d5ea356bd7addfb071d3e62d5bb76ddfb173d7ee3d7bf7ed3f70f0d0e123478f1d3f71f2d4e93367cf9dbf70f1d2e52b57af5dbf71f3d6ed3b77ef" +
      "dd7ff0f0d1e3274f9f3d7ff1f2d5eb376fdfbdfff0f1d3e72f5fbf7dfff1f3d7ef3f7ffffd6718f5ff68fc8fe0f49f919a9393af80440200fef5049b",
    );
    const zlib = bytesCodec({ name: "numcodecs.zlib", configuration: { level: 1 } });
    // (Node's bundled zlib is a tuned fork, so compressed bytes may differ from CPython's; both inflate alike.)
    assert.deepEqual(Array.from(await zlib.decode(pyZlib)), Array.from(data));
    await roundTrip(zlib, data);
    // gzip.compress(b"abcabcabcabc", 9, mtime=0) in CPython 3.11.
    const pyGzip = hex("1f8b08000000000002034b4c4a4e842100342a6e5a0c000000");
    for (const name of ["gzip", "numcodecs.gzip"]) {
      const gzip = bytesCodec({ name, configuration: { level: 9 } });
      assert.equal(new TextDecoder().decode(await gzip.decode(pyGzip)), "abcabcabcabc");
      await roundTrip(gzip, sample());
      await assert.rejects(gzip.decode(pyGzip.subarray(0, 12)), ChunkDecodeError);
    }
    await assert.rejects(zlib.decode(Uint8Array.of(1, 2, 3, 4)), ChunkDecodeError);
  });

  it("the portable (browser) deflate backend interoperates with Node's zlib", async () => {
    const node = await deflateBackend();
    const portable = await portableDeflateBackend();
    const data = sample(1000);
    assert.deepEqual(Array.from(await portable.gunzip(await node.gzip(data, 5))), Array.from(data));
    assert.deepEqual(Array.from(await node.gunzip(await portable.gzip(data, 5))), Array.from(data));
    assert.deepEqual(Array.from(await portable.unzlib(await node.zlib(data, 1))), Array.from(data));
    assert.deepEqual(Array.from(await node.unzlib(await portable.zlib(data, 1))), Array.from(data));
  });

  it("both deflate backends stop inflating at maxOutput, as node:zlib reports it", async () => {
    const node = await deflateBackend();
    const portable = await portableDeflateBackend();
    const zeros = new Uint8Array(1 << 20);
    for (const b of [node, portable]) {
      const tooLarge = { code: "ERR_BUFFER_TOO_LARGE" };
      await assert.rejects(b.gunzip(await node.gzip(zeros, 1), 1000), tooLarge);
      await assert.rejects(b.unzlib(await node.zlib(zeros, 1), 1000), tooLarge);
      assert.equal((await b.gunzip(await node.gzip(zeros, 1), zeros.length)).length, zeros.length);
    }
  });
});

describe("crc32c", () => {
  it("computes the Castagnoli check value and verifies on decode", async () => {
    assert.equal(crc32c(new TextEncoder().encode("123456789")), 0xe3069283);
    assert.equal(crc32c(new Uint8Array(0)), 0);
    assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa); // RFC 3720 B.4: 32 bytes of zeros
    const codec = bytesCodec({ name: "crc32c" });
    const enc = await codec.encode(Uint8Array.of(1, 2, 3));
    assert.equal(enc.length, 7);
    assert.equal(new DataView(enc.buffer).getUint32(3, true), crc32c(Uint8Array.of(1, 2, 3)));
    assert.deepEqual(Array.from(await codec.decode(atOffset(enc, 3))), [1, 2, 3]);
    const bad = enc.slice();
    bad[1] ^= 1;
    await assert.rejects(codec.decode(bad), /checksum mismatch/);
    await assert.rejects(codec.decode(Uint8Array.of(1, 2)), ChunkDecodeError);
  });
});

describe("shuffle", () => {
  it("gathers byte planes like numcodecs Shuffle and restores them", async () => {
    const codec = bytesCodec({ name: "numcodecs.shuffle", configuration: { elementsize: 4 } });
    const enc = await codec.encode(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9));
    assert.deepEqual(Array.from(enc), [1, 5, 2, 6, 3, 7, 4, 8, 9]);
    assert.deepEqual(Array.from(await codec.decode(enc)), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await roundTrip(bytesCodec({ name: "numcodecs.shuffle", configuration: { elementsize: 8 } }), sample(100));
  });
});

describe("delta", () => {
  async function deltaTrip(dtype: DataType, config: Record<string, unknown>, data: NdArray["data"]) {
    const p = pipeline([{ name: "numcodecs.delta", configuration: config }, { name: "bytes" }], dtype, [data.length], { zarrFormat: 2 });
    const bytes = await p.encode({ dtype, shape: [data.length], data });
    const back = await p.decode(bytes, { shape: [data.length], dtype, fillValue: 0 });
    return { bytes, back: Array.from(back.data as ArrayLike<unknown>) };
  }

  it("stores differences and sums them back", async () => {
    const { bytes, back } = await deltaTrip(i32, { dtype: "<i4" }, Int32Array.of(10, 13, 13, 7));
    assert.deepEqual(Array.from(new Int32Array(bytes.buffer, bytes.byteOffset, 4)), [10, 3, 0, -6]);
    assert.deepEqual(back, [10, 13, 13, 7]);
  });

  it("casts to astype and wraps like numpy's fixed-width integers", async () => {
    const { bytes, back } = await deltaTrip(i32, { dtype: "<i4", astype: "<i1" }, Int32Array.of(100, 227, 100));
    assert.deepEqual(Array.from(new Int8Array(bytes.buffer, bytes.byteOffset, 3)), [100, 127, -127]);
    assert.deepEqual(back, [100, 227, 100]);
    const u8: DataType = { kind: "numeric", name: "uint8", endian: "little" };
    const wrap = await deltaTrip(u8, { dtype: "|u1" }, Uint8Array.of(250, 3, 255));
    assert.deepEqual(Array.from(wrap.bytes), [250, 9, 252]);
    assert.deepEqual(wrap.back, [250, 3, 255]);
  });

  it("handles int64 and float64", async () => {
    const i64: DataType = { kind: "numeric", name: "int64", endian: "little" };
    const big = await deltaTrip(i64, { dtype: "<i8" }, BigInt64Array.of(2n ** 62n, -(2n ** 62n), 5n));
    assert.deepEqual(big.back, [2n ** 62n, -(2n ** 62n), 5n]);
    const fl = await deltaTrip(f64, { dtype: "<f8" }, Float64Array.of(0.5, 1.75, -3));
    assert.deepEqual(Array.from(new Float64Array(fl.bytes.buffer, fl.bytes.byteOffset, 3)), [0.5, 1.25, -4.75]);
    assert.deepEqual(fl.back, [0.5, 1.75, -3]);
    assert.throws(() => createCodec({ name: "numcodecs.delta", configuration: { dtype: "|O" } }, ctx(f64, [3])), MetadataError);
  });
});
