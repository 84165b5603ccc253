/**
 * Where the Blosc frame decoder gathers one block's streams, decodes LZ4 and unshuffles: inside
 * the WebAssembly kernels' memory when they are available, else in a plain array with the
 * TypeScript LZ4 decoder and unshuffle.
 */
import { decodeLz4Block, Lz4FormatError } from "./lz4-block.js";
import { byteUnshuffle } from "./unshuffle.js";
import { wasmKernels, type Kernels } from "./wasm-kernels.js";

/** Scratch space for one block at a time. */
export interface BlockWorkspace {
  /** Room for a block's bytes, as decoded streams one after another (shuffled, if the frame is). */
  readonly planes: Uint8Array;
  /** Decode an LZ4 stream into `planes[start, start + size)`, which it must fill exactly. */
  lz4(src: Uint8Array, start: number, size: number): void;
  /** Byte-unshuffle `n` elements of `typesize` bytes from `planes` into `out[offset]`. */
  unshuffle(n: number, typesize: number, out: Uint8Array, offset: number): void;
}

const round16 = (n: number) => (n + 15) & ~15;

/** Layout in the kernels' memory: planes, then the unshuffled block, then one compressed stream. */
function kernelWorkspace(k: Kernels, blocksize: number, maxStream: number): BlockWorkspace | undefined {
  const unshuffled = round16(blocksize);
  const input = 2 * unshuffled;
  if (!k.reserve(input + maxStream)) return undefined;
  const memory = k.memory();
  const planes = memory.subarray(0, blocksize);
  return {
    planes,
    lz4(src, start, size) {
      memory.set(src, input);
      if (!k.lz4(input, input + src.length, start, start + size)) throw new Lz4FormatError("malformed LZ4 stream");
    },
    unshuffle(n, typesize, out, offset) {
      const done = k.unshuffle(typesize, 0, unshuffled, n);
      if (done > 0) out.set(memory.subarray(unshuffled, unshuffled + done * typesize), offset);
      if (done < n) byteUnshuffle(planes, n, typesize, out, offset, done);
    },
  };
}

function plainWorkspace(blocksize: number): BlockWorkspace {
  const planes = new Uint8Array(blocksize);
  return {
    planes,
    lz4: (src, start, size) => void decodeLz4Block(src, planes, start, start + size),
    unshuffle: (n, typesize, out, offset) => byteUnshuffle(planes, n, typesize, out, offset),
  };
}

/**
 * A workspace for blocks of up to `blocksize` bytes and streams of up to `maxStream` bytes.
 * One that lives in the kernels' memory is valid only until the next call: take it where no
 * `await` separates taking from last use (another frame may take, and grow, that memory).
 */
export function takeWorkspace(blocksize: number, maxStream: number): BlockWorkspace {
  const k = wasmKernels();
  return (k && kernelWorkspace(k, blocksize, maxStream)) ?? plainWorkspace(blocksize);
}
