/**
 * The accelerated decoders of src/zarr/codecs/native against numcodecs: chunks that numcodecs
 * (Python) compressed (data/numcodecs-frames.json, see make_numcodecs_frames.py) must decode to
 * the original data, byte for byte the same as numcodecs' WebAssembly, on every path: WebAssembly
 * kernels on and off, native zstd present or not, and the codec classes forced to WebAssembly.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { after, describe, it } from "node:test";
import { ChunkDecodeError } from "../../../src/errors.js";
import { createCodec } from "../../../src/zarr/codecs/index.js";
import { codecBackend, CODECS_ENV, fastCodecs, setCodecBackend } from "../../../src/zarr/codecs/native/backend.js";
import { BloscFormatError, readBloscHeader } from "../../../src/zarr/codecs/native/blosc-frame.js";
import { KERNELS_WASM } from "../../../src/zarr/codecs/native/kernels-wasm.js";
import { createNodeCodecs } from "../../../src/zarr/codecs/native/node-codecs.js";
import { setWasmKernels, wasmKernels } from "../../../src/zarr/codecs/native/wasm-kernels.js";
import { nativeZstd } from "../../../src/zarr/codecs/native/zstd-addon.js";
import { frameContentSize, withContentSize } from "../../../src/zarr/codecs/zstd-frame.js";
import { numcodecsClass } from "../../../src/zarr/codecs/numcodecs-wasm.js";
import type { BytesBytesCodec } from "../../../src/zarr/codecs/types.js";
import { atOffset, ctx, f64 } from "./helpers.js";

interface FrameCase {
  kind: "blosc" | "zstd" | "lz4";
  cname?: string;
  shuffle?: number;
  typesize?: number;
  blocksize?: number;
  clevel?: number;
  nbytes: number;
  sha256: string;
  frame: string;
}

const FRAMES = JSON.parse(readFileSync(join(__dirname, "data", "numcodecs-frames.json"), "utf8")) as { cases: FrameCase[] };
const cases = FRAMES.cases.map((c) => ({ ...c, bytes: new Uint8Array(Buffer.from(c.frame, "base64")) }));
const label = (c: FrameCase) => `${c.kind} ${c.cname ?? ""} shuffle=${c.shuffle ?? "-"} typesize=${c.typesize ?? "-"} blocksize=${c.blocksize ?? "-"} nbytes=${c.nbytes}`;
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

async function wasmDecode(c: FrameCase & { bytes: Uint8Array }): Promise<Uint8Array> {
  const Codec = await numcodecsClass(c.kind);
  return Codec.fromConfig({ id: c.kind }).decode(c.bytes);
}

after(() => {
  setWasmKernels(true);
  setCodecBackend(undefined);
});

describe("native decoders on numcodecs (Python) chunks", () => {
  it("the native zstd addon is installed here (an optional dependency)", () => {
    assert.equal(nativeZstd()?.name, "@toondepauw/node-zstd");
  });

  it("native zstd frames decode in numcodecs' WebAssembly build to the original bytes, at every level used", async () => {
    const native = nativeZstd();
    assert.ok(native);
    const Zstd = await numcodecsClass("zstd");
    const input = new Uint8Array(300_000);
    for (let i = 0; i < input.length; i++) input[i] = (i * 7919) % 251 < 120 ? i & 0xff : 0;
    for (const level of [-5, 0, 1, 3, 19]) {
      const frame = await native.encode(input, level);
      assert.ok(frame.length < input.length / 2, `level ${level} compressed ${input.length} to ${frame.length}`);
      const back = await Zstd.fromConfig({ id: "zstd" }).decode(frame);
      assert.equal(sha(back), sha(input), `level ${level}`);
      // Older numcodecs needs the size in the header; the codec adds it to the native frame.
      const stated = withContentSize(frame, input.length);
      assert.equal(frameContentSize(stated), input.length);
      assert.equal(sha(await Zstd.fromConfig({ id: "zstd" }).decode(stated)), sha(input), `level ${level}, size stated`);
    }
  });

  for (const kernels of [true, false]) {
    it(`decode every chunk to the original bytes, as WebAssembly does (WebAssembly kernels ${kernels ? "on" : "off"})`, async () => {
      setWasmKernels(kernels);
      assert.equal(wasmKernels() !== undefined, kernels);
      const fast = createNodeCodecs();
      const noZstd = createNodeCodecs({ zstd: null });
      let handled = 0;
      for (const c of cases) {
        const reference = await wasmDecode(c);
        assert.equal(sha(reference), c.sha256, `WebAssembly: ${label(c)}`);
        let out: Uint8Array | undefined;
        if (c.kind === "blosc") {
          out = await fast.blosc(atOffset(c.bytes, 3));
          const stored = (readBloscHeader(c.bytes).flags & 2) !== 0;
          // BloscLZ is left to c-blosc, unless the frame is stored (no codec involved).
          if (c.cname === "blosclz" && !stored) assert.equal(out, undefined, label(c));
          // Without a native zstd, Blosc-zstd frames go to c-blosc too.
          const withoutZstd = noZstd.blosc(c.bytes);
          assert.equal(withoutZstd === undefined, (c.cname === "zstd" || c.cname === "blosclz") && !stored, label(c));
          if (withoutZstd) assert.equal(sha(await withoutZstd), c.sha256, `no zstd: ${label(c)}`);
        } else if (c.kind === "zstd") {
          out = await fast.zstd!(atOffset(c.bytes, 1));
        } else {
          out = fast.lz4(atOffset(c.bytes, 5));
        }
        if (out === undefined) continue;
        handled++;
        assert.equal(out.length, c.nbytes, label(c));
        assert.equal(sha(out), c.sha256, label(c));
        assert.deepEqual(out, reference, label(c));
      }
      assert.ok(handled >= cases.length - 6, `${handled} of ${cases.length} decoded natively`);
    });
  }

  it("the codec classes give the same bytes with the accelerated and the WebAssembly backend", async () => {
    const some = cases.filter((_, i) => i % 3 === 0);
    for (const backend of ["auto", "wasm"] as const) {
      setCodecBackend(backend);
      assert.equal((await fastCodecs()) === undefined, backend === "wasm");
      for (const c of some) {
        const name = c.kind === "blosc" ? "numcodecs.blosc" : `numcodecs.${c.kind}`;
        const codec = createCodec({ name, configuration: {} }, ctx(f64, [8])) as BytesBytesCodec;
        assert.equal(sha(await codec.decode(c.bytes)), c.sha256, `${backend}: ${label(c)}`);
      }
    }
    setCodecBackend(undefined);
  });

  it(`${CODECS_ENV}=wasm forces WebAssembly, here and in child processes`, async () => {
    const before = process.env[CODECS_ENV];
    try {
      process.env[CODECS_ENV] = "wasm";
      assert.equal(codecBackend(), "wasm");
      assert.equal(await fastCodecs(), undefined);
      setCodecBackend("auto");
      assert.equal(codecBackend(), "auto", "setCodecBackend wins over the environment");
      setCodecBackend(undefined);
      delete process.env[CODECS_ENV];
      assert.equal(codecBackend(), "auto");
      assert.ok(await fastCodecs());
    } finally {
      if (before === undefined) delete process.env[CODECS_ENV];
      else process.env[CODECS_ENV] = before;
    }
  });
});

describe("decode-pool workers", () => {
  it("get the accelerated decoders too (a worker started from the sources, as DecodePool starts one)", async () => {
    const backend = require.resolve("../../../src/zarr/codecs/native/backend.ts");
    const code = `require(${JSON.stringify(require.resolve("tsx/cjs"))});
      const { parentPort } = require("node:worker_threads");
      require(${JSON.stringify(backend)}).fastCodecs().then((f) => parentPort.postMessage(f ? f.nativeZstd ?? "no zstd" : "wasm"));`;
    const worker = new Worker(code, { eval: true, execArgv: ["--import", "tsx"] });
    const answer = await new Promise((resolve, reject) => worker.once("message", resolve).once("error", reject));
    await worker.terminate();
    assert.equal(answer, "@toondepauw/node-zstd");
  });
});

describe("broken input to the accelerated decoders", () => {
  const lz4Case = cases.find((c) => c.kind === "blosc" && c.cname === "lz4" && c.shuffle === 1 && c.typesize === 4 && c.nbytes > 1000)!;
  const zstdCase = cases.find((c) => c.kind === "blosc" && c.cname === "zstd" && c.shuffle === 1 && c.typesize === 4 && c.nbytes > 1000)!;

  /** Offset of the length field of the first block's first compressed (not stored) stream. */
  function compressedStream(frame: Uint8Array): number {
    const h = readBloscHeader(frame);
    const view = new DataView(frame.buffer, frame.byteOffset);
    const split = (h.flags & 0x10) === 0 && h.typesize <= 16 && h.blocksize / h.typesize >= 128;
    const neblock = split ? h.blocksize / h.typesize : h.blocksize;
    let at = view.getInt32(16, true);
    while (view.getInt32(at, true) === neblock) at += 4 + neblock;
    return at;
  }

  for (const kernels of [true, false]) {
    it(`damaged Blosc frames fail with a format error, never a crash (kernels ${kernels ? "on" : "off"})`, async () => {
      setWasmKernels(kernels);
      const fast = createNodeCodecs();
      for (const c of [lz4Case, zstdCase]) {
        const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset);
        const damaged: [string, Uint8Array][] = [];
        const trunc = c.bytes.slice(0, c.bytes.length - 10);
        damaged.push(["truncated (header still claims the full size)", trunc]);
        let b = c.bytes.slice();
        view(b).setInt32(16, c.bytes.length + 5, true);
        damaged.push(["block start past the end", b]);
        b = c.bytes.slice();
        view(b).setInt32(16, -4, true);
        damaged.push(["negative block start", b]);
        b = c.bytes.slice();
        view(b).setInt32(view(b).getInt32(16, true), 1 << 30, true);
        damaged.push(["stream length past the end", b]);
        b = c.bytes.slice();
        view(b).setInt32(8, 0, true);
        damaged.push(["zero block size", b]);
        b = c.bytes.slice();
        view(b).setInt32(4, 1 << 20, true);
        damaged.push(["more blocks than offsets", b]);
        b = c.bytes.slice();
        view(b).setInt32(4, 1 << 30, true);
        view(b).setInt32(8, 1 << 30, true);
        damaged.push(["a gigabyte claimed from a few streams (refused before allocating it)", b]);
        b = c.bytes.slice();
        const at = compressedStream(b);
        view(b).setInt32(at, view(b).getInt32(at, true) - 1, true);
        damaged.push(["a compressed stream one byte short", b]);
        for (const [what, bytes] of damaged) {
          // BloscFormatError, Lz4FormatError, or the zstd addon's error: the codec makes each a ChunkDecodeError.
          await assert.rejects(async () => fast.blosc(bytes), Error, `${c.cname}: ${what}`);
        }
      }
      assert.throws(() => fast.blosc(new Uint8Array(10)), BloscFormatError);
    });
  }

  it("through the codec, a damaged chunk is a ChunkDecodeError", async () => {
    const codec = createCodec({ name: "numcodecs.blosc", configuration: {} }, ctx(f64, [8])) as BytesBytesCodec;
    const bad = lz4Case.bytes.slice();
    const at = compressedStream(bad);
    new DataView(bad.buffer).setInt32(at, new DataView(bad.buffer).getInt32(at, true) - 1, true);
    // (numcodecs' WebAssembly does not notice this one: it returns wrong bytes of the right length.)
    await assert.rejects(codec.decode(bad), ChunkDecodeError);
    const zstd = createCodec({ name: "zstd", configuration: {} }, ctx(f64, [8])) as BytesBytesCodec;
    const z = cases.find((c) => c.kind === "zstd" && c.nbytes > 1000)!.bytes;
    await assert.rejects(zstd.decode(z.subarray(0, z.length - 20)), ChunkDecodeError);
  });
});

describe("kernels-wasm.ts is kernels.wat compiled", () => {
  const wat2wasm = spawnSync("wat2wasm", ["--version"], { encoding: "utf8" });
  it("matches wat2wasm's output", { skip: wat2wasm.status !== 0 ? "wat2wasm (Debian package wabt) is not installed" : false }, () => {
    const wat = join(__dirname, "../../../src/zarr/codecs/native/kernels.wat");
    const out = spawnSync("wat2wasm", [wat, "--output=-"], { maxBuffer: 1 << 20 });
    assert.equal(out.status, 0, String(out.stderr));
    assert.equal(Buffer.from(out.stdout).toString("base64"), KERNELS_WASM);
  });
});
