/**
 * Bad input, memory: small hostile inputs that decode or download to gigabytes (decompression
 * bombs for every codec, huge or transfer-encoded HTTP bodies, zip entries) must end in a typed
 * error that names the file, the object and the limit, while the reading process stays small.
 * Each read runs in a child process (bad-input-memory-child.ts) that reports its peak resident
 * memory; the inputs are built in milliseconds (bad-input-memory-inputs.ts).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { after, before, describe, it, type TestContext } from "node:test";
import { crc32c } from "../../../src/zarr/codecs/crc32c.js";
import type { CodecJSON } from "../../../src/zarr/codecs/types.js";
import { ChunkDecodeError, InvalidArgumentError, StoreError } from "../../../src/errors.js";
import { MemoryStore } from "../../../src/store/memory.js";
import { DatasetBuilder, GroupBuilder } from "../../../src/format/builders.js";
import { ZarrDataIO } from "../../../src/io/zarr-data-io.js";
import type { MemoryResult, MemoryTask } from "./memory-child.js";
import {
  GiB, MiB, bloscBomb, bloscZstdStreamBomb, deflateRawBomb, gzipBomb, zlibBomb, lz4Bomb, pickleHugeInt, pickleIntCall, zipFile, zstdBlockBomb, zstdRleBomb,
  type ZipEntrySpec,
} from "./memory-inputs.js";
import { startMemoryServer, type MemoryServer } from "./memory-server.js";
import { editNodeMetadata } from "../../helpers/store-files.js";
import { tempFolder, removeFolder } from "../../helpers/temp-folders.js";
import { readDataset } from "../../helpers/zarr-files.js";
import { writeStore } from "../../helpers/sample-tree.js";

/** Peak resident memory allowed to a child that reads one hostile input (it idles at about 110 MiB). */
const RSS_BOUND_MIB = 300;
/** A child that has not answered by then is stuck; good runs take seconds. */
const CHILD_TIMEOUT_MS = 120_000;
/** Huge integers must be refused, not parsed: far less than this (start-up included). */
const PICKLE_TIMEOUT_MS = 20_000;

/** Run `task` in a child process; its result, or a failure naming how the child ended. */
function runChild(task: MemoryTask, env: Record<string, string> = {}, timeout = CHILD_TIMEOUT_MS): Promise<MemoryResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", join(__dirname, "memory-child.ts"), JSON.stringify(task)],
      { env: { ...process.env, ...env }, timeout, maxBuffer: 1 << 20, killSignal: "SIGKILL" },
      (err, stdout, stderr) => {
        const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
        if (line) return resolve(JSON.parse(line.slice(7)) as MemoryResult);
        reject(new Error(`child ended without a result (${err?.signal ?? err?.code ?? "exit 0"}): ${stderr.slice(-1500)}`));
      },
    );
  });
}

interface Expected {
  error: string;
  store: string;
  path: string;
  mentions: string[];
  rssMiB?: number;
}

/** The child failed with the expected typed error, and its memory stayed under the bound (reported as a diagnostic). */
function assertBounded(t: TestContext, result: MemoryResult, expected: Expected): void {
  const o = result.outcome;
  t.diagnostic(`peak RSS ${result.rssMiB} MiB, ${result.ms} ms: ${o.kind === "ok" ? "no error" : `${o.name}: ${o.message}`}`);
  assert.equal(o.kind, "typed", `expected ${expected.error}, got ${JSON.stringify(o)}`);
  if (o.kind !== "typed") return;
  assert.equal(o.name, expected.error, o.message);
  assert.equal(o.store, expected.store, o.message);
  assert.equal(o.path, expected.path, o.message);
  for (const m of expected.mentions) assert.ok(o.message.includes(m), `message mentions '${m}': ${o.message}`);
  const bound = expected.rssMiB ?? RSS_BOUND_MIB;
  assert.ok(result.rssMiB < bound, `peak RSS ${result.rssMiB} MiB, bound ${bound} MiB (${o.message})`);
}

const N = 1024; // one 4 KiB int32 chunk
const INTS = Array.from({ length: N }, (_, i) => i);
const TEXT = ["alpha", "beta", "gamma"];
const GZIP: CodecJSON[] = [{ name: "gzip", configuration: { level: 1 } }];
const ZSTD: CodecJSON[] = [{ name: "zstd", configuration: { level: 3, checksum: false } }];

/** `/zstd`, `/gzip`, `/zlib`, `/blosc`, `/lz4` (1024 int32, one chunk each) and `/text` (gzip), `/text-zstd`. */
function sampleStore(): GroupBuilder {
  const ints = (name: string, compressors: CodecJSON[]) => new DatasetBuilder(name, new ZarrDataIO(INTS, { chunks: [N], compressors }), { dtype: "int32" });
  return new GroupBuilder("root", {
    datasets: [
      ints("zstd", ZSTD),
      ints("gzip", GZIP),
      ints("zlib", [{ name: "numcodecs.zlib", configuration: { level: 1 } }]),
      ints("blosc", [{ name: "blosc", configuration: { cname: "zstd", clevel: 5, shuffle: "shuffle", typesize: 4, blocksize: 0 } }]),
      ints("lz4", [{ name: "numcodecs.lz4", configuration: { acceleration: 1 } }]),
      new DatasetBuilder("text", new ZarrDataIO(TEXT, { compressors: GZIP }), { dtype: "text" }),
      new DatasetBuilder("text-zstd", new ZarrDataIO(TEXT, { compressors: ZSTD }), { dtype: "text" }),
    ],
  });
}

/** Every file of a folder, by store key. */
function storeFiles(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p).split("\\").join("/"), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** A v3 shard of four 256-element inner chunks: the first one `inner`, the others absent; index (with crc32c) at the end. */
function shardWith(inner: Buffer): Buffer {
  const index = Buffer.alloc(4 * 16 + 4, 0xff);
  index.writeBigUInt64LE(0n, 0);
  index.writeBigUInt64LE(BigInt(inner.length), 8);
  index.writeUInt32LE(crc32c(index.subarray(0, 64)), 64);
  return Buffer.concat([inner, index]);
}

describe("bad input, memory: hostile inputs end in a typed error with bounded memory", () => {
  let tmp: string;
  let base: string;
  let cases = 0;
  /** A fresh copy of the sample store, with `files` (store key → bytes) replaced. */
  const storeWith = (files: Record<string, Buffer>): string => {
    const dir = join(tmp, `case-${cases++}.zarr`);
    cpSync(base, dir, { recursive: true });
    for (const [key, bytes] of Object.entries(files)) writeFileSync(join(dir, key), bytes);
    return dir;
  };

  before(async () => {
    tmp = tempFolder("hdmf-zarr-bad-memory");
    base = await writeStore(join(tmp, "base.zarr"), 3, sampleStore());
  });
  after(() => removeFolder(tmp));

  describe("codecs: a chunk of 1024 int32 (4 KiB) stops at 4 KiB", { concurrency: 2 }, () => {
    for (const backend of ["native", "wasm"]) {
      const env: Record<string, string> = backend === "wasm" ? { HDMF_ZARR_CODECS: "wasm" } : {};
      it(`zstd (${backend}): a 33 KB frame of RLE blocks that does not state its size (1 GiB)`, async (t) => {
        const dir = storeWith({ "zstd/c/0": zstdRleBomb(GiB) });
        assertBounded(t, await runChild({ kind: "dataset", target: dir, path: "/zstd" }, env), {
          error: "ChunkDecodeError", store: dir, path: "/zstd", mentions: ["'zstd/c/0'", "zstd chunk of 32774 bytes", "4096 bytes"],
        });
      });

      it(`zstd (${backend}): a 120 KB frame of compressed blocks that does not state its size (1.2 GiB)`, async (t) => {
        const dir = storeWith({ "zstd/c/0": zstdBlockBomb(10_000) });
        assertBounded(t, await runChild({ kind: "dataset", target: dir, path: "/zstd" }, env), {
          error: "ChunkDecodeError", store: dir, path: "/zstd", mentions: ["'zstd/c/0'", "4096 bytes"],
        });
      });
    }

    it("zstd in a decode-pool worker: the limit goes with the chunk", async (t) => {
      const dir = storeWith({ "zstd/c/0": zstdRleBomb(GiB) });
      assertBounded(t, await runChild({ kind: "dataset", target: dir, path: "/zstd", pool: true }), {
        error: "ChunkDecodeError", store: dir, path: "/zstd", mentions: ["'zstd/c/0'", "4096 bytes"],
      });
    });

    it("gzip: 1 MB that inflates to 1 GiB", async (t) => {
      const dir = storeWith({ "gzip/c/0": gzipBomb(GiB) });
      assertBounded(t, await runChild({ kind: "dataset", target: dir, path: "/gzip" }), {
        error: "ChunkDecodeError", store: dir, path: "/gzip", mentions: ["'gzip/c/0'", "inflates to more than 4096 bytes"],
      });
    });

    it("zlib: 1 MB that inflates to 1 GiB", async (t) => {
      const dir = storeWith({ "zlib/c/0": zlibBomb(GiB) });
      assertBounded(t, await runChild({ kind: "dataset", target: dir, path: "/zlib" }), {
        error: "ChunkDecodeError", store: dir, path: "/zlib", mentions: ["'zlib/c/0'", "inflates to more than 4096 bytes"],
      });
    });

    it("blosc: a 25 KB frame whose header says 1.5 GiB, every block the same 256 KiB of zeros", async (t) => {
      const dir = storeWith({ "blosc/c/0": bloscBomb(1.5 * GiB) });
      assertBounded(t, await runChild({ kind: "dataset", target: dir, path: "/blosc" }), {
        error: "ChunkDecodeError", store: dir, path: "/blosc", mentions: ["'blosc/c/0'", "1610612736 bytes", "4096 bytes"],
      });
    });

    it("blosc: a 4 KiB frame whose zstd stream decodes to 1 GiB", async (t) => {
      const dir = storeWith({ "blosc/c/0": bloscZstdStreamBomb(GiB) });
      assertBounded(t, await runChild({ kind: "dataset", target: dir, path: "/blosc" }), {
        error: "ChunkDecodeError", store: dir, path: "/blosc", mentions: ["'blosc/c/0'"],
      });
    });

    it("lz4: 1 MB whose block really decodes to 255 MB", async (t) => {
      const dir = storeWith({ "lz4/c/0": lz4Bomb(255 * MiB) });
      assertBounded(t, await runChild({ kind: "dataset", target: dir, path: "/lz4" }), {
        error: "ChunkDecodeError", store: dir, path: "/lz4", mentions: ["'lz4/c/0'", "4096 bytes"],
      });
    });

    it("sharding: an inner gzip chunk of a shard stops at the inner chunk's 1 KiB", async (t) => {
      const dir = storeWith({ "gzip/c/0": shardWith(gzipBomb(GiB)) });
      editNodeMetadata(dir, 3, "gzip", (doc) => {
        doc.codecs = [{
          name: "sharding_indexed",
          configuration: {
            chunk_shape: [256], codecs: [{ name: "bytes", configuration: { endian: "little" } }, ...GZIP],
            index_codecs: [{ name: "bytes", configuration: { endian: "little" } }, { name: "crc32c" }], index_location: "end",
          },
        }];
      });
      assertBounded(t, await runChild({ kind: "dataset", target: dir, path: "/gzip" }), {
        error: "ChunkDecodeError", store: dir, path: "/gzip", mentions: ["'gzip/c/0'", "inflates to more than 1024 bytes"],
      });
    });
  });

  describe("codecs: a chunk of text stops at maxChunkBytes", { concurrency: 2 }, () => {
    it("gzip: a 1 MB chunk of a vlen-utf8 array that inflates to 1 GiB", async (t) => {
      const dir = storeWith({ "text/c/0": gzipBomb(GiB) });
      assertBounded(t, await runChild({ kind: "dataset", target: dir, path: "/text" }), {
        error: "ChunkDecodeError", store: dir, path: "/text", mentions: ["'text/c/0'", "128 MiB", "maxChunkBytes"],
      });
    });

    it("zstd: a frame that does not state its size, past a lowered maxChunkBytes", async (t) => {
      const dir = storeWith({ "text-zstd/c/0": zstdRleBomb(GiB) });
      const task: MemoryTask = { kind: "dataset", target: dir, path: "/text-zstd", options: { maxChunkBytes: 16 * MiB } };
      assertBounded(t, await runChild(task), {
        error: "ChunkDecodeError", store: dir, path: "/text-zstd", mentions: ["'text-zstd/c/0'", "16 MiB", "maxChunkBytes"],
      });
    });
  });

  describe("HTTP", { concurrency: 2 }, () => {
    let server: MemoryServer;
    let served: string;
    before(async () => {
      served = join(tmp, "served");
      mkdirSync(served);
      cpSync(base, join(served, "store"), { recursive: true });
      server = await startMemoryServer(served, {
        "/gz/zarr.json": { data: gzipBomb(1.5 * GiB), headers: { "content-encoding": "gzip", "content-type": "application/json" } },
        "/big/zarr.json": { zeros: 1.5 * GiB },
        "/chunked/zarr.json": { zeros: 1.5 * GiB, withLength: false },
        "/store/zstd/c/0": { zeros: 1.5 * GiB, withLength: false },
        "/raw/blob": { zeros: 1.5 * GiB, withLength: false },
        "/raw/no-range": { zeros: 1.5 * GiB, ignoreRange: true },
      });
    });
    after(() => server?.close());

    it("a zarr.json of 1.5 MB sent with Content-Encoding: gzip (1.5 GiB): refused at maxMetadataBytes, not retried", async (t) => {
      const url = `${server.url}/gz`;
      assertBounded(t, await runChild({ kind: "open", target: url }), {
        error: "StoreError", store: url, path: "zarr.json", mentions: ["64 MiB", "maxMetadataBytes", `${url}/zarr.json`],
      });
      assert.equal(server.count("/gz/zarr.json"), 1);
    });

    for (const [name, route] of [["with a Content-Length", "big"], ["streamed without a length", "chunked"]]) {
      it(`a zarr.json of 1.5 GiB ${name}: refused at maxMetadataBytes`, async (t) => {
        const url = `${server.url}/${route}`;
        assertBounded(t, await runChild({ kind: "open", target: url }), {
          error: "StoreError", store: url, path: "zarr.json", mentions: ["maxMetadataBytes"],
        });
        assert.equal(server.count(`/${route}/zarr.json`), 1);
      });
    }

    it("a chunk of 1.5 GiB for a 4 KiB chunk: refused at what the chunk can take", async (t) => {
      const url = `${server.url}/store`;
      assertBounded(t, await runChild({ kind: "dataset", target: url, path: "/zstd" }), {
        error: "StoreError", store: url, path: "zstd/c/0", mentions: [`${url}/zstd/c/0`, "all a chunk of this array can hold"],
      });
      assert.equal(server.count("/store/zstd/c/0"), 1);
    });

    it("HttpStore.get of a 1.5 GiB body: refused at maxResponseBytes", async (t) => {
      const url = `${server.url}/raw`;
      assertBounded(t, await runChild({ kind: "http-get", url, key: "blob", options: { maxResponseBytes: 16 * MiB } }), {
        error: "StoreError", store: url, path: "blob", mentions: ["16 MiB", "maxResponseBytes"],
      });
    });

    it("a byte range from a server that ignores Range: only the asked bytes are kept", async (t) => {
      const result = await runChild({ kind: "http-range", url: `${server.url}/raw`, key: "no-range", offset: GiB, length: 16 });
      t.diagnostic(`peak RSS ${result.rssMiB} MiB, ${result.ms} ms`);
      assert.deepEqual(result.outcome, { kind: "ok", value: 16 });
      assert.ok(result.rssMiB < RSS_BOUND_MIB, `peak RSS ${result.rssMiB} MiB`);
    });
  });

  describe("zip", { concurrency: 2 }, () => {
    /** The sample store as a zip (stored entries), with `bombs` (deflated, stating their real size) added. */
    const zipWith = (name: string, bombs: Record<string, number>): string => {
      const entries: ZipEntrySpec[] = [...storeFiles(base)]
        .filter(([key]) => !(key in bombs))
        .map(([key, data]) => ({ name: key, data, method: 0, size: data.length }));
      for (const [key, size] of Object.entries(bombs)) entries.push({ name: key, data: deflateRawBomb(size), method: 8, size });
      const file = join(tmp, name);
      writeFileSync(file, zipFile(entries));
      return file;
    };

    it("a zarr.json entry that inflates to 1.5 GiB: refused from the directory at maxMetadataBytes", async (t) => {
      const file = zipWith("meta.zip", { "zarr.json": 1.5 * GiB });
      assertBounded(t, await runChild({ kind: "open", target: file }), {
        error: "StoreError", store: file, path: "zarr.json", mentions: ["1.5 GiB", "maxMetadataBytes"],
      });
    });

    it("a chunk entry that inflates to 1.5 GiB: refused from the directory", async (t) => {
      const file = zipWith("chunk.zip", { "zstd/c/0": 1.5 * GiB });
      assertBounded(t, await runChild({ kind: "dataset", target: file, path: "/zstd" }), {
        error: "StoreError", store: file, path: "zstd/c/0", mentions: ["1.5 GiB", "all a chunk of this array can hold"],
      });
    });

    it("ZipStore.get of an entry of 1.5 GiB: refused at maxEntryBytes", async (t) => {
      const file = zipWith("blob.zip", { blob: 1.5 * GiB });
      assertBounded(t, await runChild({ kind: "zip-get", file, key: "blob" }), {
        error: "StoreError", store: file, path: "blob", mentions: ["1 GiB", "maxEntryBytes"],
      });
    });

    it("an entry whose directory understates its size stops inflating one byte past it (stream inflater)", async (t) => {
      const file = join(tmp, "liar.zip");
      writeFileSync(file, zipFile([{ name: "blob", data: deflateRawBomb(1.5 * GiB), method: 8, size: 100 }]));
      assertBounded(t, await runChild({ kind: "zip-get", file, key: "blob", streams: true }), {
        error: "StoreError", store: file, path: "blob", mentions: ["inflated to 101 bytes", "says 100"],
      });
    });
  });

  describe("pickle: huge integers are refused before parsing, in well under the time limit", { concurrency: 2 }, () => {
    const cases: [string, Buffer][] = [
      ["int() of a 2,000,000-digit string", pickleIntCall(2_000_000)],
      ["an INT opcode of 2,000,000 digits", pickleHugeInt("INT", 2_000_000)],
      ["a LONG opcode of 2,000,000 digits", pickleHugeInt("LONG", 2_000_000)],
      ["a LONG4 opcode of 2,000,000 bytes", pickleHugeInt("LONG4", 2_000_000)],
    ];
    for (const [name, stream] of cases) {
      it(name, async (t) => {
        const file = join(tmp, `pickle-${cases.findIndex((c) => c[0] === name)}.bin`);
        writeFileSync(file, stream);
        const result = await runChild({ kind: "pickle", file, items: 1 }, {}, PICKLE_TIMEOUT_MS);
        assertBounded(t, result, { error: "ChunkDecodeError", store: file, path: "/objects", mentions: ["too large"] });
      });
    }
  });

  it("maxChunkBytes and maxMetadataBytes are checked, and raising them reads what they refused", async () => {
    for (const bad of [0, -1, 2.5]) {
      await assert.rejects(readDataset(base, "/text", "r", { maxChunkBytes: bad }), InvalidArgumentError);
      await assert.rejects(readDataset(base, "/text", "r", { maxMetadataBytes: bad }), InvalidArgumentError);
    }
    await assert.rejects(readDataset(base, "/text", "r", { maxChunkBytes: 10 }), (e: unknown) =>
      e instanceof ChunkDecodeError && e.message.includes("'text/c/0'") && e.message.includes("10 bytes (the limit set by maxChunkBytes"));
    assert.deepEqual(await readDataset(base, "/text", "r", { maxChunkBytes: 1000 }), TEXT);
    await assert.rejects(readDataset(base, "/text", "r", { maxMetadataBytes: 100 }), (e: unknown) =>
      e instanceof StoreError && e.message.includes("'zarr.json' holds") && e.message.includes("the limit set by maxMetadataBytes"));
  });

  it("MemoryStore.get refuses a value over the asked limit", async () => {
    const store = new MemoryStore([["k", new Uint8Array(100)]]);
    await assert.rejects(store.get("k", { limit: { bytes: 10, option: "maxThings" } }), (e: unknown) =>
      e instanceof StoreError && /'k' holds 100 bytes, more than 10 bytes \(the limit set by maxThings; pass a larger maxThings/.test(e.message));
    assert.equal((await store.get("k", { limit: { bytes: 100 } }))?.length, 100);
  });
});
