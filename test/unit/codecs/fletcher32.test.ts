/**
 * numcodecs' fletcher32 (HDF5's checksum filter; LINDI maps it to this codec): our checksums are
 * numcodecs' byte for byte, arrays zarr-python 2 and 3 write with it read to their values, and a
 * damaged chunk is a typed error.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ChunkDecodeError, MetadataError } from "../../../src/errors.js";
import { createCodec } from "../../../src/zarr/codecs/registry.js";
import type { BytesBytesCodec } from "../../../src/zarr/codecs/types.js";
import { LocalStore } from "../../../src/store/local.js";
import { ZarrHierarchy } from "../../../src/zarr/hierarchy.js";
import { NO_BYTECODE, pythonOutput, venvPython } from "../../helpers/python.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const SCRIPT = join(__dirname, "fletcher32_frames.py");
const where = { store: "mem", path: "/a" };
const context = { dtype: { kind: "numeric", name: "uint8", endian: "little" }, chunkShape: [8], zarrFormat: 2, allowPickle: false, where } as const;
const codec = (cfg: Record<string, unknown> = {}) =>
  createCodec({ name: "numcodecs.fletcher32", configuration: cfg }, { ...context, chunkShape: [...context.chunkShape] }) as BytesBytesCodec;
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const tmp = tempFolders("hdmf-zarr-fletcher32");
after(() => tmp.cleanup());

describe("fletcher32", () => {
  it("refuses settings it does not know", () => {
    assert.throws(() => codec({ level: 1 }), (e: unknown) => e instanceof MetadataError && /unknown setting 'level'/.test((e as Error).message));
  });

  it("a damaged chunk is a ChunkDecodeError naming the array", async () => {
    const framed = await codec().encode(new Uint8Array([1, 2, 3, 4, 5, 6]));
    framed[2] ^= 0xff;
    await assert.rejects(codec().decode(framed), (e: unknown) => e instanceof ChunkDecodeError && /fletcher32 checksum mismatch/.test((e as Error).message) && /'\/a'/.test((e as Error).message));
    await assert.rejects(codec().decode(new Uint8Array(3)), ChunkDecodeError);
  });

  for (const [format, venv] of [[2, "v2"], [3, "v3"]] as const) {
    const python = venvPython(venv);
    const skip = existsSync(python) ? false : `SKIP: venv ${venv} missing (bash test/interop/setup-venvs.sh)`;

    it(`encodes as numcodecs does and decodes its frames (numcodecs of zarr-python ${format})`, { skip }, async () => {
      const frames = JSON.parse(pythonOutput(python, [SCRIPT, "frames"], { env: NO_BYTECODE })) as Record<string, string>;
      assert.equal(Object.keys(frames).length, 5);
      for (const [input, framed] of Object.entries(frames)) {
        const data = Buffer.from(input, "hex");
        assert.equal(hex(await codec().encode(new Uint8Array(data))), framed, `input of ${data.length} bytes`);
        assert.equal(hex(await codec().decode(new Uint8Array(Buffer.from(framed, "hex")))), input);
      }
    });

    it(`reads an int16 array zarr-python ${format} wrote with fletcher32`, { skip }, async () => {
      const path = join(tmp.make(), "f.zarr");
      pythonOutput(python, [SCRIPT, "array", path, String(format)], { env: NO_BYTECODE });
      const meta = readFileSync(join(path, format === 2 ? ".zarray" : "zarr.json"), "utf8");
      assert.match(meta, /fletcher32/);
      const h = await ZarrHierarchy.open(new LocalStore(path));
      const got = await (await h.openArray("")).get([]);
      assert.deepEqual(Array.from(got.data as Int16Array), Array.from({ length: 1000 }, (_, i) => i));
      // One flipped byte in a stored chunk is caught.
      const chunk = join(path, format === 2 ? "1" : join("c", "1"));
      const bytes = readFileSync(chunk);
      bytes[bytes.length - 7] ^= 0x01;
      writeFileSync(chunk, bytes);
      const again = await ZarrHierarchy.open(new LocalStore(path));
      await assert.rejects((await again.openArray("")).get([]), ChunkDecodeError);
    });
  }
});
