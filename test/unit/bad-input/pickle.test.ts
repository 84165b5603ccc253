/**
 * Bad input, pickle: a legacy v2 object array whose chunk is a hostile pickle stream (asking for
 * `os.system` and friends) must never run anything. With `allowPickle: true` the safe unpickler
 * refuses it with an UnsafePickleError; without it, a PickleNotAllowedError names the array and
 * the option. Malformed and resource-hungry streams give a ChunkDecodeError.
 */
import assert from "node:assert/strict";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ChunkDecodeError, HdmfZarrError, PickleNotAllowedError, UnsafePickleError } from "../../../src/errors.js";
import { DatasetBuilder, GroupBuilder } from "../../../src/format/builders.js";
import type { ZarrDataset } from "../../../src/format/zarr-dataset.js";
import { ZarrIO } from "../../../src/io/zarr-io.js";
import { OBJECT_ARRAY_BY_PROTOCOL } from "../codecs/pickle-streams.js";
import { TIMEOUT, copyStore, expectTyped } from "./helpers.js";
import { chunkFile, editNodeMetadata } from "../../helpers/store-files.js";
import { tempFolder, removeFolder } from "../../helpers/temp-folders.js";
import { readDataset } from "../../helpers/zarr-files.js";
import { writeStore } from "../../helpers/sample-tree.js";

/** The file a successful attack would create. */
const MARKER = `/tmp/pwned-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const COMMAND = `touch ${MARKER}`;

const latin1 = (s: string) => Buffer.from(s, "latin1");
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};

/** Hostile streams: [label, protocol in .zarray, bytes, the global the error must name]. */
const HOSTILE: [string, number, Buffer, string][] = [
  ["protocol 0 GLOBAL os.system + REDUCE", 0, latin1(`cos\nsystem\n(S'${COMMAND}'\ntR.`), "os.system"],
  ["protocol 2 GLOBAL os.system + BINUNICODE + TUPLE1 + REDUCE", 2,
    Buffer.concat([Buffer.from([0x80, 2]), latin1("cos\nsystem\n"), latin1("X"), u32(COMMAND.length), latin1(COMMAND), Buffer.from([0x85]), latin1("R.")]),
    "os.system"],
  ["protocol 4 STACK_GLOBAL posix.system", 4,
    Buffer.concat([Buffer.from([0x80, 4, 0x8c, 5]), latin1("posix"), Buffer.from([0x8c, 6]), latin1("system"), Buffer.from([0x93, 0x8c, COMMAND.length]), latin1(COMMAND), Buffer.from([0x85]), latin1("R.")]),
    "posix.system"],
  ["protocol 0 INST os.system", 0, latin1(`(S'${COMMAND}'\nios\nsystem\n.`), "os.system"],
  ["protocol 2 OBJ os.system", 2,
    Buffer.concat([Buffer.from([0x80, 2]), latin1("(cos\nsystem\n"), latin1("X"), u32(COMMAND.length), latin1(COMMAND), latin1("o.")]),
    "os.system"],
  ["builtins.eval of an import", 0, latin1(`cbuiltins\neval\n(S'__import__("os").system("${COMMAND}")'\ntR.`), "builtins.eval"],
  ["subprocess.check_call", 0, latin1(`csubprocess\ncheck_call\n((S'touch'\nS'${MARKER}'\nltR.`), "subprocess.check_call"],
  ["os.system hidden inside an allowed copy_reg._reconstructor call", 0,
    latin1(`ccopy_reg\n_reconstructor\n(cos\nsystem\nc__builtin__\nobject\nNtR.`), "os.system"],
];

/** Malformed or resource-hungry streams. */
const MALFORMED: [string, Buffer][] = [
  ["a stream cut short", latin1("cnumpy.core.multiarray\n_reconst")],
  ["bytes that are no pickle", Buffer.from([0xde, 0xad, 0xbe, 0xef])],
  ["an empty chunk", Buffer.alloc(0)],
  ["a list nested 100 000 deep", latin1("(" + "(l".repeat(100_000) + "a".repeat(99_999) + "(ll.")],
  ["an integer of 100 000 digits", latin1("(L" + "9".repeat(100_000) + "L\nI1\nl.")],
  ["a BINSTRING that claims 2 GiB", Buffer.concat([Buffer.from([0x80, 2, 0x28, 0x54]), u32(0x7fffffff), latin1("abc")])],
];

describe("hostile pickle in a legacy object array", () => {
  let tmp: string;
  let base: string;
  let n = 0;
  before(async () => {
    rmSync(MARKER, { force: true });
    tmp = tempFolder("hdmf-zarr-bad-pickle");
    // 13 strings, so that the real 13-item stream of the control test fits the shape.
    const names = Array.from({ length: 13 }, (_, i) => `s${i}`);
    base = await writeStore(join(tmp, "base.zarr"), 2, new GroupBuilder("root", {
      groups: [new GroupBuilder("g", { datasets: [new DatasetBuilder("obj", names, { dtype: "text" })] })],
      datasets: [new DatasetBuilder("x", [1, 2, 3], { dtype: "int32" })],
    }));
  });
  after(() => {
    removeFolder(tmp);
    rmSync(MARKER, { force: true });
  });

  /** A copy of the base file whose /g/obj is pickle-coded with `stream` as its only chunk. */
  const withPickle = (stream: Uint8Array, protocol: number) => {
    const dir = copyStore(base, join(tmp, `work-${n++}.zarr`));
    editNodeMetadata(dir, 2, "g/obj", (d) => {
      d.filters = [{ id: "pickle", protocol }];
      d.compressor = null;
    });
    writeFileSync(chunkFile(dir, "g/obj", 2), stream);
    return dir;
  };

  it("control: a real pickled object array decodes with allowPickle (the pickle path is exercised)", { timeout: TIMEOUT }, async () => {
    const dir = withPickle(Buffer.from(OBJECT_ARRAY_BY_PROTOCOL[2], "hex"), 2);
    const values = await readDataset(dir, "/g/obj", "r", { allowPickle: true });
    assert.equal(values.length, 13);
    assert.equal(values[1], "é😀");
    assert.equal(values[2], 7);
  });

  for (const [label, protocol, stream, global] of HOSTILE) {
    it(`${label}: allowPickle gives UnsafePickleError naming '${global}', nothing runs`, { timeout: TIMEOUT }, async () => {
      const dir = withPickle(stream, protocol);
      for (const mode of ["r", "r-"] as const) {
        // Opening reads metadata only.
        const io = new ZarrIO(dir, mode, { allowPickle: true });
        const ds = (await io.getBuilder("/g/obj")) as DatasetBuilder;
        await expectTyped(() => (ds.data as ZarrDataset).get(), UnsafePickleError, { store: dir, path: "/g/obj", mentions: [global] });
        await io.close();
      }
      assert.equal(existsSync(MARKER), false, `${MARKER} was created`);
    });

    it(`${label}: without allowPickle gives PickleNotAllowedError naming the array and the option`, { timeout: TIMEOUT }, async () => {
      const dir = withPickle(stream, protocol);
      for (const mode of ["r", "r-"] as const) {
        const io = new ZarrIO(dir, mode);
        const ds = (await io.getBuilder("/g/obj")) as DatasetBuilder;
        await expectTyped(() => (ds.data as ZarrDataset).get(), PickleNotAllowedError, { store: dir, path: "/g/obj", mentions: ["allowPickle"] });
        await io.close();
      }
      assert.equal(existsSync(MARKER), false, `${MARKER} was created`);
    });
  }

  for (const [label, stream] of MALFORMED) {
    it(`${label} is a ChunkDecodeError with allowPickle`, { timeout: TIMEOUT }, async () => {
      const dir = withPickle(stream, 2);
      await expectTyped(() => readDataset(dir, "/g/obj", "r", { allowPickle: true }), ChunkDecodeError, { store: dir, path: "/g/obj" });
      await expectTyped(() => readDataset(dir, "/g/obj", "r"), PickleNotAllowedError, { store: dir, path: "/g/obj" });
    });
  }

  it("self-referencing and exponentially shared pickled values decode (or fail typed) without hanging", { timeout: TIMEOUT }, async () => {
    let bomb = "(lp0\n";
    for (let i = 1; i <= 40; i++) bomb += `(g${i - 1}\ng${i - 1}\nlp${i}\n`;
    for (const stream of [latin1("((lp0\ng0\nag0\nl."), latin1(`((dp0\nS'k'\ng0\nsg0\nl.`), latin1(bomb + "(g40\ng40\nl.")]) {
      const dir = withPickle(stream, 0);
      editNodeMetadata(dir, 2, "g/obj", (d) => {
        d.shape = [2];
        d.chunks = [2];
      });
      try {
        const values = await readDataset(dir, "/g/obj", "r", { allowPickle: true });
        assert.equal(values.length, 2);
      } catch (e) {
        assert.ok(e instanceof HdmfZarrError, `typed error, got ${(e as Error).constructor.name}: ${(e as Error).message}`);
      }
    }
  });
});
