/**
 * The building blocks of the accelerated Blosc/LZ4 decoders: the LZ4 block decoder (TypeScript
 * and WebAssembly kernel), byte unshuffle (TypeScript word and byte paths, SIMD kernel) and bit
 * unshuffle, each against a plain reference written from the format's definition.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { takeWorkspace } from "../../../src/zarr/codecs/native/block-workspace.js";
import { decodeLz4Block, Lz4FormatError } from "../../../src/zarr/codecs/native/lz4-block.js";
import { decodeLz4Container } from "../../../src/zarr/codecs/native/node-codecs.js";
import { bitUnshuffle, byteUnshuffle } from "../../../src/zarr/codecs/native/unshuffle.js";
import { setWasmKernels, wasmKernels } from "../../../src/zarr/codecs/native/wasm-kernels.js";
import { numcodecsClass } from "../../../src/zarr/codecs/numcodecs-wasm.js";

after(() => setWasmKernels(true));

/** Deterministic bytes (an LCG), for reproducible test data. */
function lcgBytes(n: number, seed: number, mod = 256): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s >>> 24) % mod;
  }
  return out;
}

/** One LZ4 sequence: literals, then (unless last) a match of `len` bytes `offset` back. */
function sequence(literals: number[], match?: { offset: number; len: number }): number[] {
  const out: number[] = [];
  const lit = literals.length;
  const m = match ? match.len - 4 : 0;
  out.push((Math.min(lit, 15) << 4) | Math.min(m, 15));
  if (lit >= 15) {
    let rest = lit - 15;
    for (; rest >= 255; rest -= 255) out.push(255);
    out.push(rest);
  }
  out.push(...literals);
  if (match) {
    out.push(match.offset & 255, match.offset >> 8);
    if (m >= 15) {
      let rest = m - 15;
      for (; rest >= 255; rest -= 255) out.push(255);
      out.push(rest);
    }
  }
  return out;
}

/** The LZ4 block format read byte by byte, for expected results. */
function referenceLz4(src: Uint8Array): number[] {
  const out: number[] = [];
  let ip = 0;
  for (;;) {
    const token = src[ip++];
    let lit = token >> 4;
    if (lit === 15) for (let b = 255; b === 255; lit += b) b = src[ip++];
    for (let k = 0; k < lit; k++) out.push(src[ip++]);
    if (ip >= src.length) return out;
    const offset = src[ip] | (src[ip + 1] << 8);
    ip += 2;
    let len = (token & 15) + 4;
    if (len === 19) for (let b = 255; b === 255; len += b) b = src[ip++];
    for (let k = 0; k < len; k++) out.push(out[out.length - offset]);
  }
}

/** Decode with the TypeScript decoder and, through the container, with the kernels on and off. */
function decodeAllWays(block: Uint8Array, size: number): Uint8Array[] {
  const ts = new Uint8Array(size);
  decodeLz4Block(block, ts);
  const container = new Uint8Array(block.length + 4);
  new DataView(container.buffer).setUint32(0, size, true);
  container.set(block, 4);
  const results = [ts];
  for (const on of [true, false]) {
    setWasmKernels(on);
    results.push(decodeLz4Container(container) as Uint8Array<ArrayBuffer>);
  }
  setWasmKernels(true);
  return results;
}

describe("LZ4 block decoder", () => {
  it("decodes hand-made sequences: long literals, overlapping matches of every short period, long matches", () => {
    const text = Array.from("LZ4 block format, hand made.", (c) => c.charCodeAt(0));
    const blocks: number[][] = [
      sequence(text),
      [...sequence([7], { offset: 1, len: 40 }), ...sequence([1, 2, 3, 4, 5])],
      ...[2, 3, 5, 7, 8, 9, 15, 16, 17].map((period) => [
        ...sequence(Array.from({ length: period }, (_, i) => 10 + i), { offset: period, len: 300 }),
        ...sequence(text.slice(0, 6)),
      ]),
      [...sequence(Array.from(lcgBytes(700, 1)), { offset: 650, len: 20 }), ...sequence(text)],
      [...sequence(text, { offset: 20, len: 10 }), ...sequence(text, { offset: 3, len: 4 }), ...sequence([0, 0, 0, 0, 0])],
      [...sequence(Array.from(lcgBytes(40, 2)), { offset: 40, len: 5000 }), ...sequence(text)],
    ];
    for (const b of blocks) {
      const block = Uint8Array.from(b);
      const expected = referenceLz4(block);
      for (const [i, got] of decodeAllWays(block, expected.length).entries()) {
        assert.deepEqual(Array.from(got), expected, `decoder ${i}`);
      }
    }
  });

  it("decodes what numcodecs' LZ4 encoder writes, for data with many repeat periods", async () => {
    const LZ4 = await numcodecsClass("lz4");
    for (let seed = 1; seed <= 30; seed++) {
      const n = (seed * 2477) % 40000;
      const data = new Uint8Array(n);
      const noise = lcgBytes(n, seed, 4 + seed);
      // Runs of a short pattern with a little noise, lengths and periods varying with the seed.
      for (let i = 0; i < n; i++) data[i] = ((i % (1 + (seed % 13))) * 17 + (noise[i] < 2 ? noise[i] : 0)) & 255;
      const enc = await LZ4.fromConfig({ id: "lz4", acceleration: 1 + (seed % 3) }).encode(data);
      for (const got of decodeAllWays(enc.subarray(4), n)) assert.deepEqual(got, data, `seed ${seed}`);
    }
  });

  it("refuses corrupt blocks on every path", () => {
    const text = Array.from("abcdefghij", (c) => c.charCodeAt(0));
    const good = [...sequence(text, { offset: 5, len: 8 }), ...sequence(text)];
    const size = referenceLz4(Uint8Array.from(good)).length;
    const bad: [string, number[], number][] = [
      ["match offset 0", [...sequence(text, { offset: 0, len: 8 }), ...sequence(text)], size],
      ["match before the start", [...sequence(text, { offset: 11, len: 8 }), ...sequence(text)], size],
      ["ends inside literals", good.slice(0, 5), size],
      ["ends inside an offset", good.slice(0, 12), size],
      ["output larger than the block", good, size + 1],
      ["output smaller than the block", good, size - 1],
      ["extra bytes after the last sequence", [...good, 0x10], size],
      ["endless literal length", [0xf0, ...new Array<number>(3000).fill(255)], size],
      ["empty block for output", [], 4],
    ];
    for (const [what, b, n] of bad) {
      const block = Uint8Array.from(b);
      assert.throws(() => decodeLz4Block(block, new Uint8Array(n)), Lz4FormatError, `TypeScript: ${what}`);
      const container = new Uint8Array(block.length + 4);
      new DataView(container.buffer).setUint32(0, n, true);
      container.set(block, 4);
      for (const on of [true, false]) {
        setWasmKernels(on);
        assert.throws(() => decodeLz4Container(container), Lz4FormatError, `kernels ${on}: ${what}`);
      }
    }
    setWasmKernels(true);
    // Writing only inside the given output range.
    const out = new Uint8Array(size + 8).fill(0xee);
    decodeLz4Block(Uint8Array.from(good), out, 4, 4 + size);
    assert.deepEqual([...out.subarray(0, 4), ...out.subarray(4 + size)], new Array(8).fill(0xee));
  });
});

/** Byte unshuffle by definition: element i, byte k = plane k, byte i. */
function referenceUnshuffle(src: Uint8Array, n: number, typesize: number): Uint8Array {
  const out = new Uint8Array(n * typesize);
  for (let i = 0; i < n; i++) for (let k = 0; k < typesize; k++) out[i * typesize + k] = src[k * n + i];
  return out;
}

/** Bit unshuffle by definition: bit b of byte k of element i is bit i of row 8k+b (rows of count bits, LSB first). */
function referenceBitUnshuffle(src: Uint8Array, blockBytes: number, typesize: number): Uint8Array {
  const count = Math.floor(blockBytes / typesize);
  const out = src.slice(0, blockBytes);
  if (count % 8 !== 0) return out;
  out.fill(0, 0, count * typesize);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < typesize; k++) {
      for (let b = 0; b < 8; b++) {
        const bit = (k * 8 + b) * count + i;
        if ((src[bit >> 3] >> (bit & 7)) & 1) out[i * typesize + k] |= 1 << b;
      }
    }
  }
  return out;
}

describe("unshuffle", () => {
  it("byte unshuffle: word paths, byte path and SIMD kernels agree with the definition", () => {
    assert.ok(wasmKernels(), "the WebAssembly kernels compile here");
    for (const typesize of [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 24]) {
      for (const n of [0, 1, 3, 15, 16, 17, 33, 64, 100, 1001]) {
        const src = lcgBytes(n * typesize, typesize * 1000 + n);
        const expected = referenceUnshuffle(src, n, typesize);
        // Aligned and misaligned destinations and sources (the word paths need alignment).
        for (const [srcOff, dstOff] of [[0, 0], [0, 3], [1, 4]]) {
          const s = new Uint8Array(src.length + srcOff);
          s.set(src, srcOff);
          const dst = new Uint8Array(n * typesize + dstOff + 2);
          byteUnshuffle(s.subarray(srcOff), n, typesize, dst, dstOff);
          assert.deepEqual(dst.subarray(dstOff, dstOff + n * typesize), expected, `typesize ${typesize}, n ${n}, offsets ${srcOff}/${dstOff}`);
        }
        for (const on of [true, false]) {
          setWasmKernels(on);
          const ws = takeWorkspace(Math.max(1, n * typesize), 0);
          ws.planes.set(src);
          const dst = new Uint8Array(n * typesize + 5);
          ws.unshuffle(n, typesize, dst, 5);
          assert.deepEqual(dst.subarray(5), expected, `workspace (kernels ${on}): typesize ${typesize}, n ${n}`);
        }
        setWasmKernels(true);
      }
    }
  });

  it("bit unshuffle agrees with the definition, including leftover bytes and counts not a multiple of 8", () => {
    for (const typesize of [1, 2, 3, 4, 8, 16]) {
      for (const blockBytes of [typesize * 8, typesize * 64, typesize * 64 + typesize - 1, typesize * 12, typesize * 1000 + 1]) {
        const src = lcgBytes(blockBytes, blockBytes + typesize);
        const dst = new Uint8Array(blockBytes + 3);
        bitUnshuffle(src, blockBytes, typesize, dst, 3);
        assert.deepEqual(dst.subarray(3), referenceBitUnshuffle(src, blockBytes, typesize), `typesize ${typesize}, ${blockBytes} bytes`);
      }
    }
  });
});
