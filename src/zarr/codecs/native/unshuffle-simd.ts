/**
 * Byte unshuffle of 2-, 4- and 8-byte elements with WebAssembly SIMD (`unshuffle-simd.wat`),
 * about ten times the speed of the plain TypeScript loops. A shuffled block is gathered into
 * {@link simdScratch} (a view of the module's memory), unshuffled inside that memory, then
 * copied out. Where SIMD is missing the module does not compile and callers use TypeScript.
 */
import { UNSHUFFLE_SIMD_WASM } from "./unshuffle-simd-wasm.js";

/** The little of the WebAssembly API used here (the compiler's libraries here do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

interface Exports {
  memory: WasmMemory;
  unshuffle2(src: number, dst: number, n: number): number;
  unshuffle4(src: number, dst: number, n: number): number;
  unshuffle8(src: number, dst: number, n: number): number;
}

/** Blocks larger than this are unshuffled in TypeScript rather than grow the memory further. */
const MAX_BLOCK = 64 << 20;
const PAGE = 65536;

let module: Exports | null | undefined;
let enabled = true;

function instance(): Exports | undefined {
  if (module === undefined) {
    try {
      const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
      const bytes = Uint8Array.from(atob(UNSHUFFLE_SIMD_WASM), (c) => c.charCodeAt(0));
      // Under 4 KB: synchronous compilation is allowed even on a browser's main thread.
      module = new wasm.Instance(new wasm.Module(bytes)).exports as Exports;
    } catch {
      module = null; // no WebAssembly SIMD here
    }
  }
  return module ?? undefined;
}

/** Turn the SIMD path off (or back on), e.g. to test the TypeScript path. */
export function setSimdUnshuffle(on: boolean): void {
  enabled = on;
}

/** Whether SIMD unshuffle is available and on. */
export function simdUnshuffleAvailable(): boolean {
  return enabled && instance() !== undefined;
}

const round16 = (n: number) => (n + 15) & ~15;

/**
 * A view of `size` bytes at the start of the SIMD module's memory, with room after it for the
 * unshuffled copy; `undefined` when SIMD is not available or the block is too large. Valid until
 * the next call (which may grow, and so detach, the memory).
 */
export function simdScratch(size: number): Uint8Array | undefined {
  const m = enabled && size <= MAX_BLOCK ? instance() : undefined;
  if (!m) return undefined;
  const need = 2 * round16(size);
  const have = m.memory.buffer.byteLength;
  if (have < need) m.memory.grow(Math.ceil((need - have) / PAGE));
  return new Uint8Array(m.memory.buffer, 0, size);
}

/**
 * Unshuffle `n` elements of `typesize` bytes whose planes are in `src`, a view from
 * {@link simdScratch}, into `dst[dstOffset]`. Returns how many elements it did (a multiple of
 * 16, possibly 0); the caller does the rest.
 */
export function simdUnshuffle(src: Uint8Array, n: number, typesize: number, dst: Uint8Array, dstOffset: number): number {
  const m = module;
  if (!enabled || !m || src.buffer !== m.memory.buffer) return 0;
  const fn = typesize === 4 ? m.unshuffle4 : typesize === 8 ? m.unshuffle8 : typesize === 2 ? m.unshuffle2 : undefined;
  if (!fn) return 0;
  const out = src.byteOffset + round16(n * typesize);
  if (out + n * typesize > m.memory.buffer.byteLength) return 0;
  const done = fn(src.byteOffset, out, n);
  dst.set(new Uint8Array(m.memory.buffer, out, done * typesize), dstOffset);
  return done;
}
