import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ChunkDecodeError, HdmfZarrError, PickleNotAllowedError, UnsafePickleError, UnsupportedWriteError } from "../../../src/errors.js";
import { CodecPipeline, v2CodecChain } from "../../../src/zarr/codecs/index.js";
import type { DataType } from "../../../src/zarr/dtype.js";
import { OBJECT_ARRAY_BY_PROTOCOL, STRUCT } from "./pickle-streams.js";
import { FIXTURES, WHERE, ctx, hex, pipeline } from "./helpers.js";

const obj: DataType = { kind: "object" };
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

function picklePipeline(shape: number[], allowPickle = true, dtype: DataType = obj) {
  return pipeline([{ name: "numcodecs.pickle", configuration: { protocol: 5 } }], dtype, shape, { zarrFormat: 2, allowPickle });
}

async function decode(bytes: Uint8Array, shape: number[], dtype: DataType = obj) {
  return (await picklePipeline(shape, true, dtype).decode(bytes, { shape, dtype, fillValue: null })).data;
}

describe("pickle codec (safe, allow-listed)", () => {
  it("decodes object arrays pickled with every protocol 0–5", async () => {
    const expected = [
      { source: ".", path: "/acquisition/ts", object_id: "abc", source_object_id: null },
      "é😀", 7, -(2 ** 40), 2n ** 70n, 1.5, null, true, { k: [1, [2, 3]] }, -5, 2.5, "hi", Uint8Array.of(0x72, 0x61, 0x77),
    ];
    for (const [protocol, stream] of OBJECT_ARRAY_BY_PROTOCOL.entries()) {
      const data = await decode(hex(stream), [13]);
      assert.deepEqual(data, expected, `protocol ${protocol}`);
    }
  });

  it("decodes protocol 0 text as latin-1 with raw-unicode escapes, and old-style bytes", async () => {
    const expected = ["\x85€\n\\x", Uint8Array.of(0x80, 0)];
    const p0 = latin1("(lp0\nV\x85\\u20ac\\u000a\\u005cx\np1\nac_codecs\nencode\np2\n(V\x80\\u0000\np3\nVlatin1\np4\ntp5\nRp6\na.");
    assert.deepEqual(await decode(p0, [2]), expected);
    const p2 = hex("80025d7100285808000000c285e282ac0a5c787101635f636f646563730a656e636f64650a71025803000000c28000710358060000006c6174696e317104867105527106652e");
    assert.deepEqual(await decode(p2, [2]), expected);
  });

  it("names structured rows by the pickled dtype's fields", async () => {
    const data = await decode(hex(STRUCT), [2]);
    assert.deepEqual(data, [
      { idx_start: 0, count: 5, timeseries: { source: ".", path: "/acquisition/ts", object_id: null, source_object_id: null } },
      { idx_start: 5, count: 3, timeseries: { source: ".", path: "/acquisition/ts2", object_id: null, source_object_id: null } },
    ]);
  });

  it("reads the pickled electrode-group references of the ecephys tutorial (blosc lz4 + pickle protocol 4)", async () => {
    const dir = join(FIXTURES, "zarr-v2/ecephys_tutorial.nwb.zarr/general/extracellular_ephys/electrodes/group");
    const z = JSON.parse(readFileSync(join(dir, ".zarray"), "utf8"));
    assert.deepEqual(z.filters, [{ id: "pickle", protocol: 4 }]);
    const chain = v2CodecChain({ dtype: obj, order: z.order, filters: z.filters, compressor: z.compressor });
    const chunk = readFileSync(join(dir, "0"));
    const spec = { shape: z.chunks, dtype: obj, fillValue: null };
    const p = CodecPipeline.create(chain, ctx(obj, z.chunks, { zarrFormat: 2, allowPickle: true }));
    const out = await p.decode(chunk, spec);
    const paths = (out.data as { source: string; path: string }[]).map((r) => r.path);
    assert.deepEqual(paths, [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3].map((i) => `/general/extracellular_ephys/shank${i}`));
    assert.ok((out.data as { source: string }[]).every((r) => r.source === "."));

    // Without allowPickle the same chunk is refused, naming the array and the option.
    const refused = CodecPipeline.create(chain, ctx(obj, z.chunks, { zarrFormat: 2, allowPickle: false }));
    await assert.rejects(refused.decode(chunk, spec), (e: unknown) => {
      assert.ok(e instanceof PickleNotAllowedError);
      assert.match(e.message, /allowPickle: true/);
      assert.match(e.message, new RegExp(WHERE.path));
      return true;
    });

    // Every truncation of the unpickled stream is a ChunkDecodeError: no hang, no stray RangeError.
    const raw = await p.decodeBytes(chunk);
    const q = picklePipeline(z.chunks);
    for (let n = 0; n < raw.length; n++) {
      await assert.rejects(q.decodeArray(raw.subarray(0, n), spec), ChunkDecodeError, `cut at ${n}`);
    }
    // Random corruption gives a typed error or (if harmless) a value, never anything else.
    let seed = 7;
    for (let trial = 0; trial < 300; trial++) {
      const bad = raw.slice();
      for (let k = 0; k < 3; k++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        bad[seed % bad.length] = seed & 0xff;
      }
      try {
        await q.decodeArray(bad, spec);
      } catch (e) {
        assert.ok(e instanceof HdmfZarrError, `trial ${trial}: ${(e as Error)?.stack}`);
      }
    }
  });

  it("refuses hostile streams with UnsafePickleError naming the global and the array", async () => {
    const hostile: [string, Uint8Array][] = [
      ["os.system", hex("8002 636f730a73797374656d0a 7100 5802000000 6c73 7101 85 7102 52 7103 2e")], // protocol 2
      ["os.system", latin1("cos\nsystem\n(S'ls'\ntR.")], // protocol 0
      ["posix.system", latin1("cposix\nsystem\n(S'id'\ntR.")],
      ["builtins.eval", latin1("cbuiltins\neval\n(S'1+1'\ntR.")],
      ["builtins.getattr", latin1("cbuiltins\ngetattr\n(cbuiltins\ndict\nS'get'\ntR.")],
      ["subprocess.Popen", new Uint8Array([0x80, 4, 0x8c, 10, ...latin1("subprocess"), 0x94, 0x8c, 5, ...latin1("Popen"), 0x94, 0x93, 0x94, 0x2e])],
      ["os.system", latin1("(S'ls'\nios\nsystem\n.")], // INST
    ];
    for (const [name, stream] of hostile) {
      await assert.rejects(decode(stream, [1]), (e: unknown) => {
        assert.ok(e instanceof UnsafePickleError, `${name}: ${e}`);
        assert.ok(e.message.includes(`'${name}'`), e.message);
        assert.match(e.message, /\/acquisition\/ts\/data/);
        return true;
      });
    }
  });

  it("rejects structural nonsense with ChunkDecodeError", async () => {
    const cases = [
      latin1("."), // STOP on an empty stack
      latin1("(t0R."), // REDUCE of a non-callable
      latin1("N}s."), // SETITEM on the wrong object
      latin1("\x80\x06N."), // unknown protocol
      latin1("h\x05."), // missing memo entry
      latin1("\xffN."), // unknown opcode
      latin1("B\xff\xff\xff\x7f"), // length past the end
      latin1("\x8e\xff\xff\xff\xff\xff\xff\x00\x00"), // huge 64-bit length
      latin1("Vabc"), // line without newline
      latin1("NN."), // a stream that is not an array
    ];
    for (const stream of cases) await assert.rejects(decode(stream, [1]), ChunkDecodeError, JSON.stringify(latin1ToString(stream)));
  });

  it("stops streams that would make the decoder do far more work than their size", async () => {
    // One list of 2000 items, then list(x) over and over: a few bytes of input per 2000 copied items.
    const parts = [latin1("\x80\x02]q\x00("), latin1("N".repeat(2000)), latin1("ecbuiltins\nlist\nq\x01")];
    for (let k = 0; k < 3000; k++) parts.push(latin1("h\x01h\x00\x85R0"));
    parts.push(latin1("h\x00."));
    const stream = Uint8Array.from(parts.flatMap((p) => Array.from(p)));
    const started = Date.now();
    await assert.rejects(decode(stream, [2000]), /expands far beyond/);
    assert.ok(Date.now() - started < 2000);
    // A 2000-byte integer literal.
    const long4 = new Uint8Array([0x80, 2, 0x8b, 0xd0, 0x07, 0, 0, ...new Uint8Array(2000).fill(1), 0x2e]);
    await assert.rejects(decode(long4, [1]), /too large/);
  });

  it("never writes pickle", async () => {
    await assert.rejects(picklePipeline([1]).encode({ dtype: obj, shape: [1], data: [1] }), UnsupportedWriteError);
  });
});

function latin1ToString(b: Uint8Array): string {
  return String.fromCharCode(...b);
}
