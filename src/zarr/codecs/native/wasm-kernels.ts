/**
 * The WebAssembly kernels of `kernels.wat`: an LZ4 block decoder (about three times the plain
 * TypeScript one) and SIMD byte unshuffle (about ten times). Data is copied into the module's
 * memory, processed there, and copied out. Where WebAssembly SIMD or bulk memory is missing the
 * module does not compile, and callers use the TypeScript code instead.
 */
import { KERNELS_WASM } from "./kernels-wasm.js";

/** The little of the WebAssembly API used here (the compiler's libraries here do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

interface Exports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  lz4(ip: number, ipEnd: number, op: number, opEnd: number): number;
  unshuffle2(src: number, dst: number, n: number): number;
  unshuffle4(src: number, dst: number, n: number): number;
  unshuffle8(src: number, dst: number, n: number): number;
}

/** The kernels, working on offsets into {@link Kernels.memory}. */
export interface Kernels {
  /** A view of the whole memory; take a new one after {@link reserve}. */
  memory(): Uint8Array;
  /** Make the memory at least `bytes` long; false when that is more than the kernels will hold. */
  reserve(bytes: number): boolean;
  /** Decode the LZ4 block at [ip, ipEnd) to fill [op, opEnd) exactly; false on malformed data. */
  lz4(ip: number, ipEnd: number, op: number, opEnd: number): boolean;
  /** Byte-unshuffle `n` elements from planes at `src` to `dst`; returns how many (a multiple of 16; 0 for other sizes). */
  unshuffle(typesize: number, src: number, dst: number, n: number): number;
}

/** The memory is never shrunk, so its growth is capped; larger work goes to TypeScript. */
const MAX_MEMORY = 64 << 20;
const PAGE = 65536;

let kernels: Kernels | null | undefined;
let enabled = true;

function load(): Kernels | null {
  try {
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const bytes = Uint8Array.from(atob(KERNELS_WASM), (c) => c.charCodeAt(0));
    // Under 4 KB: synchronous compilation is allowed even on a browser's main thread.
    const x = new wasm.Instance(new wasm.Module(bytes)).exports as Exports;
    const unshuffle = [undefined, undefined, x.unshuffle2, undefined, x.unshuffle4, undefined, undefined, undefined, x.unshuffle8];
    return {
      memory: () => new Uint8Array(x.memory.buffer),
      reserve(size) {
        if (size > MAX_MEMORY) return false;
        const have = x.memory.buffer.byteLength;
        if (have < size) x.memory.grow(Math.ceil((size - have) / PAGE));
        return true;
      },
      lz4: (ip, ipEnd, op, opEnd) => x.lz4(ip, ipEnd, op, opEnd) === opEnd,
      unshuffle: (typesize, src, dst, n) => unshuffle[typesize]?.(src, dst, n) ?? 0,
    };
  } catch {
    return null; // no WebAssembly SIMD / bulk memory here
  }
}

/** The kernels, or `undefined` where they cannot run or are turned off. */
export function wasmKernels(): Kernels | undefined {
  if (!enabled) return undefined;
  if (kernels === undefined) kernels = load();
  return kernels ?? undefined;
}

/** Turn the kernels off (or back on), e.g. to test the TypeScript code they replace. */
export function setWasmKernels(on: boolean): void {
  enabled = on;
}
