/**
 * Our side of the read benchmark: ZarrHierarchy.open + openArray + get over a local folder, the
 * whole array and then the shared random windows, with or without a DecodePool.
 *
 *   node --import tsx bench/read-array/read.ts <store> <windows.json> [count] [--pool[=N]] [--breakdown]
 *
 * Prints one JSON object like read_python.py. `--breakdown` adds a serial, instrumented pass
 * (no pool) that times fetch, decompression, array decoding and the copy into the output.
 * With HDMF_ZARR_CODECS=wasm in the environment, every chunk is decoded by numcodecs'
 * WebAssembly (the browser's decoders) instead of the accelerated Node decoders.
 */
import { readFileSync } from "node:fs";
import { LocalStore } from "../../src/store/local.js";
import { BytesCodecChain, CodecPipeline } from "../../src/zarr/codecs/index.js";
import { fastCodecs } from "../../src/zarr/codecs/native/backend.js";
import { wasmKernels } from "../../src/zarr/codecs/native/wasm-kernels.js";
import { DecodePool } from "../../src/zarr/decode-pool.js";
import { allocate, itemSize, shapeSize } from "../../src/zarr/dtype.js";
import type { ZarrArray } from "../../src/zarr/array.js";
import { ZarrHierarchy } from "../../src/zarr/hierarchy.js";
import { copyRegion, planSelection, type Selection } from "../../src/zarr/indexing.js";

interface Windows {
  seed: number;
  rows: number;
  starts: number[];
}

const MB = 1e6;
const args = process.argv.slice(2);
const [storePath, windowsPath, countArg] = args.filter((a) => !a.startsWith("--"));
const poolArg = args.find((a) => a.startsWith("--pool"));
const poolSize = poolArg === undefined ? undefined : poolArg.includes("=") ? Number(poolArg.split("=")[1]) : 0;
const breakdown = args.includes("--breakdown");

function windowSel(arr: ZarrArray, start: number, rows: number): Selection {
  return [{ start, stop: start + rows }, null];
}

/** One serial pass over `selections`, timing each stage of every chunk. */
async function timedPass(arr: ZarrArray, selections: Selection[]) {
  const meta = arr.metadata;
  const where = { store: arr.store.description, path: "/" + arr.path };
  const pipeline = CodecPipeline.create(meta.codecs, { dtype: meta.dtype, chunkShape: meta.chunkShape, zarrFormat: meta.zarrFormat, allowPickle: false, where });
  const chain = BytesCodecChain.create(pipeline.bytesCodecs);
  const spec = { shape: meta.chunkShape.slice(), dtype: meta.dtype, fillValue: arr.fillValue };
  const t = { fetch: 0, decompress: 0, decodeArray: 0, copy: 0, chunks: 0, compressedBytes: 0 };
  const t0 = performance.now();
  for (const sel of selections) {
    const plan = planSelection(sel, arr.shape, arr.chunkShape);
    const out = allocate(meta.dtype, plan.size);
    for (const p of plan.projections()) {
      let a = performance.now();
      const bytes = (await arr.store.get(arr.chunkKey(p.coords)))!;
      let b = performance.now();
      t.fetch += b - a;
      const raw = await chain.decode(bytes);
      a = performance.now();
      t.decompress += a - b;
      const chunk = await pipeline.decodeArray(raw, spec);
      b = performance.now();
      t.decodeArray += b - a;
      copyRegion(chunk.data, arr.chunkShape, p.chunkSel, out, plan.fullShape, p.outSel);
      t.copy += performance.now() - b;
      t.chunks++;
      t.compressedBytes += bytes.length;
    }
  }
  const total = performance.now() - t0;
  const ms = (x: number) => Math.round(x);
  return {
    totalMs: ms(total), fetchMs: ms(t.fetch), decompressMs: ms(t.decompress), decodeArrayMs: ms(t.decodeArray), copyMs: ms(t.copy),
    otherMs: ms(total - t.fetch - t.decompress - t.decodeArray - t.copy), chunks: t.chunks,
    compressedMB: +(t.compressedBytes / MB).toFixed(1),
  };
}

async function main(): Promise<void> {
  const win = JSON.parse(readFileSync(windowsPath, "utf8")) as Windows;
  // The first `count` windows of the shared list, the same ones the Python side reads.
  if (countArg !== undefined) win.starts = win.starts.slice(0, Number(countArg));
  const pool = poolSize === undefined ? undefined : new DecodePool(poolSize > 0 ? { size: poolSize } : {});
  const h = await ZarrHierarchy.open(new LocalStore(storePath), { decodePool: pool });
  const arr = await h.openArray("");
  const itemBytes = itemSize(arr.dtype) ?? 4; // the write benchmark reads int16 arrays

  let t0 = performance.now();
  const whole = await arr.get();
  const tWhole = (performance.now() - t0) / 1000;
  const wholeData = whole.data as Float32Array;
  const wholeBytes = wholeData.length * itemBytes;
  let wholeSum = 0;
  for (let i = 0; i < wholeData.length; i++) wholeSum += wholeData[i];
  (whole as { data: unknown }).data = undefined;

  let nbytes = 0;
  let checksum = 0;
  t0 = performance.now();
  for (const s of win.starts) {
    const part = await arr.get(windowSel(arr, s, win.rows));
    const d = part.data as Float32Array;
    nbytes += d.length * itemBytes;
    checksum += d[0] + d[d.length - 1];
  }
  const tSlices = (performance.now() - t0) / 1000;

  const fast = await fastCodecs();
  const decoders = fast ? "" : ", WebAssembly decoders";
  const result: Record<string, unknown> = {
    impl: pool ? `ours + DecodePool(${pool.size})${decoders}` : `ours (main thread${decoders})`,
    decoders: fast ? { nativeZstd: fast.nativeZstd ?? null, wasmKernels: wasmKernels() !== undefined } : "numcodecs WebAssembly",
    whole: { seconds: tWhole, bytes: wholeBytes, mbps: wholeBytes / MB / tWhole, checksum: wholeSum },
    slices: { seconds: tSlices, bytes: nbytes, mbps: nbytes / MB / tSlices, count: win.starts.length, checksum },
    maxrss_kb: process.resourceUsage().maxRSS,
  };
  await pool?.close();
  if (breakdown) {
    result.breakdown = {
      whole: await timedPass(arr, [[null, null]]),
      slices: await timedPass(arr, win.starts.map((s) => windowSel(arr, s, win.rows))),
    };
  }
  console.log(JSON.stringify(result));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
