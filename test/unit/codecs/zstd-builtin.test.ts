/**
 * Zstandard through node:zlib (src/zarr/codecs/native/zstd-builtin.ts), the native zstd where the
 * addon is not installed. Runs where this Node has zstd in node:zlib (≥ 22.15, ≥ 23.8); skipped,
 * saying so, on older releases.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { numcodecsClass } from "../../../src/zarr/codecs/numcodecs-wasm.js";
import { createNodeCodecs } from "../../../src/zarr/codecs/native/node-codecs.js";
import { nativeZstd } from "../../../src/zarr/codecs/native/zstd-addon.js";
import { builtinZstd, zlibZstd } from "../../../src/zarr/codecs/native/zstd-builtin.js";
import { frameContentSize, withContentSize } from "../../../src/zarr/codecs/zstd-frame.js";
import { mixedBytes, skippable } from "./zstd-helpers.js";

const z = zlibZstd();
const skip = z ? false : `node:zlib of Node ${process.version} has no zstd`;
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

interface FrameCase { kind: string; cname?: string; nbytes: number; sha256: string; frame: string }
const CASES = (JSON.parse(readFileSync(join(__dirname, "data", "numcodecs-frames.json"), "utf8")) as { cases: FrameCase[] }).cases
  .map((c) => ({ ...c, bytes: new Uint8Array(Buffer.from(c.frame, "base64")) }));

describe("zstd through node:zlib", { skip }, () => {
  const builtin = builtinZstd()!;

  it("decodes numcodecs (Python) frames to the original bytes", async () => {
    const zstd = CASES.filter((c) => c.kind === "zstd");
    assert.equal(zstd.length, 5);
    for (const c of zstd) {
      const out = await builtin.decode(c.bytes);
      assert.equal(out.length, c.nbytes);
      assert.equal(sha(out), c.sha256);
    }
  });

  it("decodes frames of every encoder here, with and without a stated size, with a checksum, empty", async () => {
    const Wasm = await numcodecsClass("zstd");
    const addon = nativeZstd();
    for (const input of [mixedBytes(1 << 20), mixedBytes(50_000, 7), new Uint8Array(200_000), new Uint8Array(0)]) {
      const frames: [string, Uint8Array][] = [
        ["numcodecs WebAssembly", await Wasm.fromConfig({ id: "zstd", level: 3 }).encode(input)],
        ["node:zlib streamed (no size stated)", await new Promise((res, rej) => z!.zstdCompress(input, { chunkSize: 1024 }, (e, b) => (e ? rej(e) : res(b))))],
        ["node:zlib with checksum", z!.zstdCompressSync(input, { params: { [z!.constants.ZSTD_c_checksumFlag]: 1 } })],
      ];
      if (addon) frames.push(["addon", await addon.encode(input, 0)]);
      for (const [label, frame] of frames) {
        assert.equal(sha(await builtin.decode(frame)), sha(input), `${label}, ${input.length} bytes`);
      }
    }
  });

  it("decodes every data frame and skips skippable ones, before, between and after (node:zlib alone stops at either)", async () => {
    const a = mixedBytes(300_000);
    const b = mixedBytes(70_000, 3);
    const fa = z!.zstdCompressSync(a, {});
    const fb = await builtin.encode(b, 1);
    const s = skippable(0x184d2a50, 16);
    const both = Buffer.concat([a, b]);
    for (const [label, stream, want] of [
      ["leading", Buffer.concat([s, fa]), a],
      ["between", Buffer.concat([fa, s, fb]), both],
      ["before, between and after", Buffer.concat([s, fa, skippable(0x184d2a5a, 0), fb, s]), both],
      ["no data frame", Buffer.concat([s, s]), new Uint8Array(0)],
    ] as const) {
      assert.equal(sha(await builtin.decode(stream)), sha(want), label);
    }
    // What decoding frame by frame prevents: node:zlib's own answer for a leading skippable frame
    // is nothing, and for two frames the first (300,000 bytes does not end a 16 KiB buffer).
    assert.equal(z!.zstdDecompressSync(Buffer.concat([s, fa]), {}).length, 0);
    assert.equal(z!.zstdDecompressSync(Buffer.concat([fa, fb]), {}).length, a.length);
  });

  it("a frame whose stated size is wrong, a cut frame and trailing junk are errors, not short output", async () => {
    const input = mixedBytes(200_000);
    const frame = z!.zstdCompressSync(input, {});
    assert.equal(frameContentSize(frame), input.length);
    // One-shot frames are single segment with a 4-byte size right after the descriptor.
    assert.equal(frame[4], 0b1010_0000);
    const lie = Buffer.from(frame);
    lie.writeUInt32LE(input.length - 1000, 5);
    assert.equal(frameContentSize(lie), input.length - 1000);
    await assert.rejects(builtin.decode(lie));
    await assert.rejects(builtin.decode(frame.subarray(0, frame.length - 100)), /past the end|cut short/);
    await assert.rejects(builtin.decode(Buffer.concat([frame, Buffer.from("junk")])), /no Zstandard frame at byte/);
  });

  it("encodes frames that state their size (as older numcodecs needs), at the level asked, readable by numcodecs and the addon", async () => {
    const Wasm = await numcodecsClass("zstd");
    const addon = nativeZstd();
    const input = mixedBytes(1 << 20);
    const sizes = new Map<number, number>();
    for (const level of [-5, 0, 3, 19]) {
      const frame = await builtin.encode(input, level);
      sizes.set(level, frame.length);
      assert.equal(frameContentSize(frame), input.length, `level ${level}`);
      assert.equal(withContentSize(frame, input.length), frame, "nothing to add");
      assert.equal(sha(await Wasm.fromConfig({ id: "zstd" }).decode(frame)), sha(input), `numcodecs, level ${level}`);
      if (addon) assert.equal(sha(await addon.decode(frame)), sha(input), `addon, level ${level}`);
    }
    // Level 0 is zstd's default (3), as in numcodecs (Python); -5 trades size for speed.
    assert.equal(sizes.get(0), sizes.get(3));
    assert.ok(sizes.get(-5)! > sizes.get(3)! && sizes.get(3)! > sizes.get(19)!, JSON.stringify([...sizes]));
  });

  it("decodes Blosc frames with zstd streams (numcodecs, Python) as the Blosc decoder's stream decoder", async () => {
    const fast = createNodeCodecs({ zstd: builtin });
    assert.equal(fast.nativeZstd, "node:zlib");
    const blosc = CASES.filter((c) => c.kind === "blosc" && c.cname === "zstd");
    assert.ok(blosc.length >= 4);
    for (const c of blosc) {
      const out = await fast.blosc(c.bytes);
      assert.ok(out, "handled here, not by c-blosc");
      assert.equal(sha(out), c.sha256);
    }
  });

  it("is the codecs' zstd when the addon is not installed: a write and read of a zstd array in a process without it", () => {
    // The optional dependency left out (npm install --omit=optional): its require() fails.
    const hide = `const M = require("node:module"); const r = M._resolveFilename;
      M._resolveFilename = function (id, ...a) { if (id === "@toondepauw/node-zstd") throw new Error("not installed"); return r.call(this, id, ...a); };`;
    const script = `
      const { ZarrIO, GroupBuilder, DatasetBuilder, ZarrDataIO } = require(${JSON.stringify(require.resolve("../../../src/index.ts"))});
      const { fastCodecs } = require(${JSON.stringify(require.resolve("../../../src/zarr/codecs/native/backend.ts"))});
      const { mkdtempSync, rmSync } = require("node:fs");
      const { join } = require("node:path");
      (async () => {
        const dir = mkdtempSync(join(require("node:os").tmpdir(), "zstd-builtin-"));
        try {
          const values = Int16Array.from({ length: 50000 }, (_, i) => Math.round(300 * Math.sin(i / 40)));
          const store = join(dir, "a.zarr");
          const w = new ZarrIO(store, "w");
          const data = new ZarrDataIO(values, { chunks: [20000], compressors: [{ name: "zstd", configuration: { level: 0, checksum: false } }] });
          await w.writeBuilder(new GroupBuilder("root", { datasets: [new DatasetBuilder("x", data, { dtype: "int16" })] }));
          await w.close();
          const r = new ZarrIO(store, "r");
          const arr = await (await r.readBuilder()).datasets.get("x").data.get();
          await r.close();
          const same = arr.data.length === values.length && arr.data.every((v, i) => v === values[i]);
          console.log(JSON.stringify({ zstd: (await fastCodecs()).nativeZstd, same }));
        } finally { rmSync(dir, { recursive: true, force: true }); }
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e", `${hide}\n${script}`], { encoding: "utf8", timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout.trim().split("\n").pop()!), { zstd: "node:zlib", same: true });
  });
});
