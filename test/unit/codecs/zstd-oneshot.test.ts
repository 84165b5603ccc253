/**
 * One-shot Zstandard decoding of frames that state their size (zstd-capped.ts with the `zstdSized`
 * backend of native/): such a frame decodes in one call into one buffer of exactly its size, the
 * buffer is the chunk (no copy after decoding), a size past the cap is refused before anything is
 * allocated, and a frame whose real output differs from its stated size is an error, never a chunk
 * cut short. Values are compared with numcodecs in Python (its frames and their digests in
 * data/numcodecs-frames.json, and, where the interop venv is set up, frames it makes and decodes now).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { after, describe, it } from "node:test";
import { ChunkDecodeError } from "../../../src/errors.js";
import { fastCodecs, setCodecBackend } from "../../../src/zarr/codecs/native/backend.js";
import { createNodeCodecs } from "../../../src/zarr/codecs/native/node-codecs.js";
import { nativeZstd } from "../../../src/zarr/codecs/native/zstd-addon.js";
import { builtinZstd, zlibZstd } from "../../../src/zarr/codecs/native/zstd-builtin.js";
import { numcodecsClass } from "../../../src/zarr/codecs/numcodecs-wasm.js";
import { ZstdCodec } from "../../../src/zarr/codecs/zstd.js";
import { decodeZstdCapped, type CappedDecode, type SizedDecode } from "../../../src/zarr/codecs/zstd-capped.js";
import { frameContentSize, withContentSize, ZstdSizeError } from "../../../src/zarr/codecs/zstd-frame.js";
import { REPO_ROOT } from "../../helpers/repo-paths.js";
import { zstdBlockBomb, zstdRleBomb } from "../bad-input/memory-inputs.js";
import { mixedBytes, skippable } from "./zstd-helpers.js";

const z = zlibZstd();
const noZlib = z ? false : `node:zlib of Node ${process.version} has no zstd`;
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const PYTHON = join(REPO_ROOT, ".venv-interop", "v3", "bin", "python");

const PY_FRAMES = (JSON.parse(readFileSync(join(__dirname, "data", "numcodecs-frames.json"), "utf8")) as { cases: { kind: string; nbytes: number; sha256: string; frame: string }[] }).cases
  .filter((c) => c.kind === "zstd")
  .map((c) => ({ ...c, bytes: new Uint8Array(Buffer.from(c.frame, "base64")) }));

after(() => setCodecBackend(undefined));

/** float32 random walk bytes (seeded), the kind of chunk the benchmark decodes. */
function randomWalk(n: number): Uint8Array {
  const out = new Float32Array(n >> 2);
  let x = 1;
  let level = 0;
  for (let i = 0; i < out.length; i++) {
    x = (x * 48271) % 2147483647;
    out[i] = level += x / 2147483647 - 0.5;
  }
  return new Uint8Array(out.buffer);
}

/** The one-shot decoders of this Node, labelled. */
function oneShots(): [string, SizedDecode][] {
  const out: [string, SizedDecode][] = [];
  if (z) {
    out.push(["node:zlib sync", builtinZstd(z, "sync")!.decodeSized!]);
    out.push(["node:zlib async", builtinZstd(z, "async")!.decodeSized!]);
  }
  return out;
}

/** A codec decode on each backend the codec can be set to here. */
async function withEachBackend(run: (label: string) => Promise<void>): Promise<void> {
  for (const backend of ["auto", "wasm"] as const) {
    setCodecBackend(backend);
    try {
      await run(backend);
    } finally {
      setCodecBackend(undefined);
    }
  }
}

describe("zstd frames that state their size, decoded in one call", () => {
  it("node:zlib is this Node's one-shot decoder where it has zstd; WebAssembly when forced", async () => {
    const fast = await fastCodecs();
    assert.equal(fast?.sizedZstd, z ? "node:zlib" : undefined);
    setCodecBackend("wasm");
    try {
      assert.equal(await fastCodecs(), undefined);
    } finally {
      setCodecBackend(undefined);
    }
    // No native zstd asked for: no one-shot decoder either.
    assert.equal(createNodeCodecs({ zstd: null }).zstdSized, undefined);
  });

  it("decodes numcodecs (Python) frames exactly, into a buffer of the stated size that is the chunk itself", { skip: noZlib }, async () => {
    for (const [label, sized] of oneShots()) {
      for (const c of PY_FRAMES) {
        assert.equal(frameContentSize(c.bytes), c.nbytes);
        const out = await sized(c.bytes, c.nbytes);
        assert.equal(out.length, c.nbytes, label);
        assert.equal(sha(out), c.sha256, `${label}, ${c.nbytes} bytes`);
      }
      // A chunk past Buffer's pool size gets a buffer of its own, allocated once at the stated
      // size (and a byte to spare), and that buffer is the result, not a copy of it.
      const input = mixedBytes(1 << 20);
      const out = await sized(await (await numcodecsClass("zstd")).fromConfig({ id: "zstd", level: 3 }).encode(input), input.length);
      assert.equal(sha(out), sha(input), label);
      assert.deepEqual([out.byteOffset, out.buffer.byteLength], [0, input.length + 1], label);
    }
  });

  it("the codec decodes those frames to Python's bytes on every backend, in one call when it can", async () => {
    await withEachBackend(async (backend) => {
      for (const c of PY_FRAMES) {
        const out = await new ZstdCodec(0, {}).decode(c.bytes, { bytes: c.nbytes });
        assert.equal(sha(out), c.sha256, `${backend}, ${c.nbytes} bytes`);
      }
    });
  });

  it("decodes frames numcodecs in Python writes now, at levels 0 and 3, as Python decodes them", { skip: existsSync(PYTHON) ? false : "no interop venv (.venv-interop/v3)" }, async () => {
    const raw = randomWalk(1 << 20);
    const script = [
      "import sys, json, base64, hashlib",
      "from numcodecs import Zstd",
      "raw = sys.stdin.buffer.read()",
      "out = []",
      "for level in (0, 3):",
      "    frame = Zstd(level=level).encode(raw)",
      "    out.append({'level': level, 'frame': base64.b64encode(frame).decode(), 'sha256': hashlib.sha256(Zstd().decode(frame)).hexdigest()})",
      "print(json.dumps(out))",
    ].join("\n");
    const r = spawnSync(PYTHON, ["-c", script], { input: raw, encoding: "utf8", maxBuffer: 16 << 20 });
    assert.equal(r.status, 0, r.stderr);
    const frames = (JSON.parse(r.stdout) as { level: number; frame: string; sha256: string }[]).map((f) => ({ ...f, bytes: new Uint8Array(Buffer.from(f.frame, "base64")) }));
    assert.equal(frames.length, 2);
    for (const f of frames) {
      assert.equal(f.sha256, sha(raw), `Python, level ${f.level}`);
      assert.equal(frameContentSize(f.bytes), raw.length, "numcodecs states the size");
      for (const [label, sized] of oneShots()) assert.equal(sha(await sized(f.bytes, raw.length)), f.sha256, `${label}, level ${f.level}`);
      await withEachBackend(async (backend) => {
        const out = await new ZstdCodec(f.level, {}).decode(f.bytes, { bytes: raw.length });
        assert.equal(sha(out), f.sha256, `codec (${backend}), level ${f.level}`);
        if (backend === "auto" && z) assert.ok(out.byteOffset === 0 && out.buffer.byteLength <= raw.length + 1, "the decoder's buffer is the chunk");
      });
    }
  });

  it("a frame between skippable frames, and a frame without a size, decode the same (one-shot and streamed)", async () => {
    const input = mixedBytes(300_000);
    const Wasm = await numcodecsClass("zstd");
    const sizedFrame = await Wasm.fromConfig({ id: "zstd", level: 3 }).encode(input);
    const s = skippable(0x184d2a50, 9);
    const streams: [string, Uint8Array][] = [["skippable frames around", Buffer.concat([s, sizedFrame, s])]];
    const addon = nativeZstd();
    if (addon) streams.push(["no size stated", await addon.encode(input, 3)]);
    await withEachBackend(async (backend) => {
      for (const [label, stream] of streams) {
        assert.equal(sha(await new ZstdCodec(0, {}).decode(stream, { bytes: input.length })), sha(input), `${backend}: ${label}`);
        assert.equal(sha(await new ZstdCodec(0, {}).decode(stream)), sha(input), `${backend}: ${label}, no limit`);
      }
    });
  });

  it("a stated size past the cap is refused before the one-shot decoder allocates anything", async () => {
    const input = mixedBytes(200_000);
    const Wasm = await numcodecsClass("zstd");
    const frame = await Wasm.fromConfig({ id: "zstd", level: 3 }).encode(input);
    let calls = 0;
    const spy: SizedDecode = () => (calls++, assert.fail("allocated"));
    const never = async (): Promise<Uint8Array> => assert.fail("decoded");
    const tooLarge = (declared?: number) => new Error(`too large (${declared})`);
    await assert.rejects(decodeZstdCapped(frame, input.length - 1, never, tooLarge, spy), /too large \(200000\)/);
    // A header claiming a terabyte, in front of the same blocks.
    const huge = withContentSize((await nativeZstd()?.encode(input, 3)) ?? frame, 2 ** 40);
    if (frameContentSize(huge) === 2 ** 40) await assert.rejects(decodeZstdCapped(huge, 1 << 20, never, tooLarge, spy), /too large \(1099511627776\)/);
    assert.equal(calls, 0);
    await withEachBackend(async (backend) => {
      await assert.rejects(new ZstdCodec(0, {}).decode(frame, { bytes: input.length - 1 }), (err: Error) => {
        assert.ok(err instanceof ChunkDecodeError, `${backend}: ${err.name}`);
        assert.match(err.message, /decodes to 200000 bytes, more than 199999 bytes/);
        return true;
      });
    });
  });

  it("a frame stating less than it decodes to is an error on every decoder, never a chunk cut short", async () => {
    const input = mixedBytes(400_000);
    const Wasm = await numcodecsClass("zstd");
    // A one-shot frame (single segment, 4-byte size after the descriptor) with its size lowered,
    // and a streamed frame (window stated) given a size that is too small.
    const oneShot = await Wasm.fromConfig({ id: "zstd", level: 3 }).encode(input);
    assert.equal(oneShot[4] & 0x20, 0x20);
    const lies: [string, Uint8Array, number][] = [];
    const lowered = oneShot.slice();
    new DataView(lowered.buffer).setUint32(5, input.length - 1000, true);
    lies.push(["single segment", lowered, input.length - 1000]);
    const addon = nativeZstd();
    const streamed = addon ? await addon.encode(input, 3) : undefined;
    if (streamed) lies.push(["streamed, window stated", withContentSize(streamed, input.length - 70_000), input.length - 70_000]);
    for (const [label, frame, stated] of lies) {
      assert.equal(frameContentSize(frame), stated, label);
      for (const [name, sized] of oneShots()) {
        await assert.rejects(Promise.resolve().then(() => sized(frame, stated)), `${name}: ${label}`);
      }
      for (const [name, sized] of oneShots()) {
        // Under the cap of the real size too: the size check, not the cap, refuses it.
        await assert.rejects(decodeZstdCapped(frame, input.length, async () => assert.fail("streamed"), () => new Error("cap"), sized), (err: Error) => {
          assert.notEqual(err.message, "cap", `${name}: ${label}`);
          return true;
        });
      }
      await withEachBackend(async (backend) => {
        for (const limit of [{ bytes: input.length }, undefined]) {
          await assert.rejects(new ZstdCodec(0, {}).decode(frame, limit), ChunkDecodeError, `${backend}: ${label}, limit ${limit?.bytes}`);
        }
      });
    }
  });

  it("a frame stating more than it decodes to is an error too (ZstdSizeError when no decoder notices)", async () => {
    const input = mixedBytes(100_000);
    const Wasm = await numcodecsClass("zstd");
    const frame = (await nativeZstd()?.encode(input, 3)) ?? z?.zstdCompressSync(input, {});
    if (!frame) return;
    const raised = frameContentSize(frame) === undefined ? withContentSize(frame, input.length + 5000) : undefined;
    if (!raised) return;
    for (const [name, sized] of oneShots()) {
      await assert.rejects(decodeZstdCapped(raised, 1 << 20, async () => assert.fail("streamed"), () => new Error("cap"), sized), `${name}`);
    }
    // A decoder that returns what it found is still held to the stated size.
    const streaming = async (b: Uint8Array) => Wasm.fromConfig({ id: "zstd" }).decode(b);
    const lenient = async () => input;
    await assert.rejects(decodeZstdCapped(raised, 1 << 20, streaming, () => new Error("cap"), lenient), ZstdSizeError);
    await withEachBackend(async (backend) => {
      await assert.rejects(new ZstdCodec(0, {}).decode(raised, { bytes: 1 << 20 }), ChunkDecodeError, backend);
    });
  });

  it("a frame without a size decodes in one call that stops at the cap (node:zlib), exactly, and a bomb stops there", { skip: noZlib }, async () => {
    const input = mixedBytes(700_000);
    // Streamed in small pieces: no size stated, blocks that produce less than they could.
    const frame = await new Promise<Uint8Array>((res, rej) => z!.zstdCompress(input, { chunkSize: 1024 }, (e, b) => (e ? rej(e) : res(b))));
    assert.equal(frameContentSize(frame), undefined);
    const never = async (): Promise<Uint8Array> => assert.fail("streamed");
    const tooLarge = () => new Error("too large");
    for (const mode of ["sync", "async"] as const) {
      const builtin = builtinZstd(z, mode)!;
      let calls = 0;
      const capped: CappedDecode = (f, max, bound) => (calls++, builtin.decodeCapped!(f, max, bound));
      assert.equal(sha(await decodeZstdCapped(frame, input.length, never, tooLarge, undefined, capped)), sha(input), mode);
      assert.equal(calls, 1, `${mode}: one call`);
      await assert.rejects(decodeZstdCapped(frame, input.length - 1, never, tooLarge, undefined, capped), /too large/, mode);
      // A gigabyte of RLE blocks and 1.2 GiB of compressed blocks: the output buffer is the cap's.
      for (const bomb of [zstdRleBomb(1 << 30), zstdBlockBomb(10_000)]) {
        let buffer = 0;
        const watched: CappedDecode = async (f, max, bound) => {
          assert.ok(Math.min(max, bound) <= 4096, `${mode}: buffer of ${Math.min(max, bound)}`);
          const out = await builtin.decodeCapped!(f, max, bound);
          buffer = out?.buffer.byteLength ?? 0;
          return out;
        };
        await assert.rejects(decodeZstdCapped(bomb, 4096, never, tooLarge, undefined, watched), /too large/, mode);
        assert.equal(buffer, 0);
      }
    }
    // The codec takes that path wherever node:zlib has zstd.
    assert.ok((await fastCodecs())?.zstdCapped);
    assert.equal(sha(await new ZstdCodec(0, {}).decode(frame, { bytes: input.length })), sha(input));
    await assert.rejects(new ZstdCodec(0, {}).decode(zstdRleBomb(1 << 30), { bytes: 4096 }), /decodes to more than 4096 bytes/);
  });

  it("decode-pool workers use node:zlib's one-shot decoder synchronously, the main thread on libuv's pool", { skip: noZlib }, async () => {
    const backend = require.resolve("../../../src/zarr/codecs/native/backend.ts");
    const code = `require(${JSON.stringify(require.resolve("tsx/cjs"))});
      const { parentPort } = require("node:worker_threads");
      require(${JSON.stringify(backend)}).fastCodecs().then((f) => {
        const frame = require("node:zlib").zstdCompressSync(Buffer.alloc(100000, 7), {});
        const out = f.zstdSized(frame, 100000);
        parentPort.postMessage({ name: f.sizedZstd, sync: out instanceof Uint8Array, length: out.length });
      });`;
    const worker = new Worker(code, { eval: true, execArgv: ["--import", "tsx"] });
    const answer = await new Promise((resolve, reject) => worker.once("message", resolve).once("error", reject));
    await worker.terminate();
    assert.deepEqual(answer, { name: "node:zlib", sync: true, length: 100000 });
    // The main thread decodes several chunks at once, on libuv's pool.
    const main = (await fastCodecs())!;
    assert.equal(main.sizedZstd, "node:zlib");
    const out = main.zstdSized!(z!.zstdCompressSync(Buffer.alloc(1000, 7), {}), 1000);
    assert.ok(out instanceof Promise);
    assert.deepEqual(await out, new Uint8Array(1000).fill(7));
    // In place when asked for.
    const inPlace = createNodeCodecs({ oneShot: "sync" }).zstdSized!(z!.zstdCompressSync(Buffer.alloc(1000, 7), {}), 1000);
    assert.ok(inPlace instanceof Uint8Array && inPlace.length === 1000);
  });
});
