/**
 * numcodecs bz2, lzma and msgpack2 against zarr-python (numcodecs_compressors.py beside this file):
 * arrays zarr-python 2 writes with Zarr v2 compressors / object codecs and zarr-python 3 writes with
 * `numcodecs.bz2` / `numcodecs.lzma` read here to exactly the values zarr-python reads; the same
 * inputs written here with the same metadata read in zarr-python to the same values; and ZarrDataIO
 * takes these codecs by name for datasets that zarr-python reads.
 */
import assert from "node:assert/strict";
import { cpSync, existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DatasetBuilder, GroupBuilder } from "../../../src/format/builders.js";
import { convert } from "../../../src/io/convert.js";
import { ZarrDataIO } from "../../../src/io/zarr-data-io.js";
import { ZarrIO } from "../../../src/io/zarr-io.js";
import { LocalStore } from "../../../src/store/local.js";
import { dtypeName } from "../../../src/zarr/dtype.js";
import { ZarrHierarchy } from "../../../src/zarr/hierarchy.js";
import { venvPython } from "../../helpers/python.js";
import { REPO_ROOT } from "../../helpers/repo-paths.js";
import { describedArray, printedValues, runCases, type Described } from "./python-cases.js";
import { listFiles } from "../../helpers/store-files.js";
import { removeFolder, tempFolder } from "../../helpers/temp-folders.js";

const SCRIPT = join(REPO_ROOT, "test", "unit", "codecs", "numcodecs_compressors.py");




/** The first chunk file of an array folder. */
function firstChunk(folder: string): Uint8Array {
  const chunk = listFiles(folder).find((f) => !/(^|\/)(zarr\.json|\.zarray|\.zattrs)$/.test(f));
  assert.ok(chunk, `a chunk in ${folder}`);
  return readFileSync(join(folder, chunk));
}

for (const [format, venv] of [[2, "v2"], [3, "v3"]] as const) {
  const python = venvPython(venv);
  const skip = existsSync(python) ? false : `SKIP: venv ${venv} missing (bash test/interop/setup-venvs.sh)`;
  const other = venv === "v2" ? "v3" : "v2";
  const run = (...args: string[]) => runCases(python, SCRIPT, ...args);

  describe(`bz2, lzma${format === 2 ? ", msgpack2" : ""} and zarr-python ${format} (Zarr v${format})`, { skip }, () => {
    let tmp: string;
    let theirs: string;
    let inputs: Record<string, Described>;
    let expected: Record<string, Described>;
    before(() => {
      tmp = tempFolder(`hdmf-zarr-numcodecs-compressors-v${format}`);
      theirs = join(tmp, "theirs.zarr");
      inputs = run("write", theirs);
      expected = run("read", theirs);
    });
    after(() => removeFolder(tmp));

    it("every array zarr-python wrote reads to exactly the values zarr-python reads", async () => {
      const h = await ZarrHierarchy.open(new LocalStore(theirs));
      const names = Object.keys(expected);
      assert.equal(names.length, format === 2 ? 13 : 9, names.join(", "));
      for (const name of names) {
        const array = await h.openArray(name);
        const codecs = array.metadata.codecs.map((c) => c.name);
        const codec = name.startsWith("msgpack") ? "numcodecs.msgpack2" : `numcodecs.${name.split("_")[0]}`;
        assert.ok(codecs.includes(codec), `${name}: ${codecs.join(", ")}`);
        const got = await array.get();
        assert.deepEqual(got.shape, expected[name].shape, name);
        assert.deepEqual(printedValues(got.data), expected[name].values, name);
      }
      // The chunks really are what their codec makes (not stored raw): bzip2 and xz magic.
      assert.equal(Buffer.from(firstChunk(join(theirs, "bz2_f8_1")).subarray(0, 3)).toString("latin1"), "BZh");
      assert.deepEqual(Array.from(firstChunk(join(theirs, "lzma_f4_default")).subarray(0, 6)), [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);
      assert.equal(firstChunk(join(theirs, "lzma_i4_sha256_preset0"))[7], 10, "SHA-256 check");
    });

    it("the same inputs written here with the same codecs read in zarr-python to the same values", async () => {
      const ours = join(tmp, "ours.zarr");
      const src = await ZarrHierarchy.open(new LocalStore(theirs));
      const dest = await ZarrHierarchy.create(new LocalStore(ours), format);
      for (const name of Object.keys(inputs)) {
        const meta = (await src.openArray(name)).metadata;
        const array = await dest.createArray(name, { ...meta, attributes: {} });
        await array.set(null, describedArray(meta.dtype, meta.shape, inputs[name].values));
      }
      const read = run("read", ours);
      assert.deepEqual(Object.keys(read).sort(), Object.keys(inputs).sort());
      for (const name of Object.keys(inputs)) assert.deepEqual(read[name], expected[name], name);
      assert.equal(Buffer.from(firstChunk(join(ours, "bz2_i4_9")).subarray(0, 4)).toString("latin1"), "BZh9");
      // lzma honours preset and check: every chunk carries numcodecs' check and is within 2% of its size.
      for (const name of Object.keys(inputs).filter((n) => n.includes("lzma"))) {
        const chunks = listFiles(join(theirs, name)).filter((f) => !/(^|\/)(zarr\.json|\.zarray|\.zattrs)$/.test(f));
        assert.ok(chunks.length > 0, name);
        for (const chunk of chunks) {
          const mine = readFileSync(join(ours, name, chunk));
          const python = readFileSync(join(theirs, name, chunk));
          assert.equal(mine[7] & 0x0f, python[7] & 0x0f, `${name}/${chunk}: check id`);
          assert.ok(Math.abs(mine.length - python.length) <= python.length * 0.02, `${name}/${chunk}: ${mine.length} bytes here, ${python.length} in numcodecs`);
        }
      }
    });

    it("ZarrDataIO takes bz2 and lzma by name; zarr-python reads the datasets to numcodecs' values", async () => {
      const path = join(tmp, "data-io.zarr");
      const src = await ZarrHierarchy.open(new LocalStore(theirs));
      const settings: Record<string, ConstructorParameters<typeof ZarrDataIO>[1]> = format === 3
        ? {
          bz2_f8_1: { compressors: [{ name: "numcodecs.bz2", configuration: { level: 7 } }] },
          lzma_f4_default: { compressors: [{ name: "numcodecs.lzma", configuration: { preset: 3 } }] },
        }
        : {
          bz2_f8_1: { compressor: { id: "bz2", level: 7 } },
          lzma_f4_default: { compressor: { id: "lzma", format: 1, check: -1, preset: null, filters: null } },
        };
      const datasets: DatasetBuilder[] = [];
      for (const [name, options] of Object.entries(settings)) {
        const meta = (await src.openArray(name)).metadata;
        const values = describedArray(meta.dtype, meta.shape, inputs[name].values);
        datasets.push(new DatasetBuilder(name, new ZarrDataIO(values, { chunks: meta.chunkShape, ...options }), { dtype: dtypeName(meta.dtype) }));
      }
      const io = new ZarrIO(path, "w", { zarrFormat: format });
      await io.writeBuilder(new GroupBuilder("root", { datasets }));
      await io.close();
      const read = run("read", path);
      for (const name of Object.keys(settings)) assert.deepEqual(read[name], expected[name], name);
      const meta = readFileSync(join(path, "bz2_f8_1", format === 3 ? "zarr.json" : ".zarray"), "utf8");
      assert.match(meta, format === 3 ? /"numcodecs\.bz2"/ : /"id": "bz2"/);
    });

    it("converted to the other format, bz2 and lzma arrays read in the other zarr-python as before", { skip: existsSync(venvPython(other)) ? false : `SKIP: venv ${other} missing` }, async () => {
      const source = join(tmp, "convert-source.zarr");
      cpSync(theirs, source, { recursive: true });
      // Object arrays are an HDMF file's references or compound rows to the converter, not loose text: left out.
      const objects = Object.keys(expected).filter((n) => n.startsWith("msgpack"));
      for (const name of objects) rmSync(join(source, name), { recursive: true });
      const destination = join(tmp, "converted.zarr");
      await convert(source, destination, { zarrFormat: format === 2 ? 3 : 2 });
      const read = runCases(venvPython(other), SCRIPT, "read", destination);
      const names = Object.keys(expected).filter((n) => !objects.includes(n));
      assert.deepEqual(Object.keys(read).sort(), names.sort());
      for (const name of names) assert.deepEqual(read[name].values, expected[name].values, name);
      const meta = readFileSync(join(destination, "lzma_f4_default", format === 2 ? "zarr.json" : ".zarray"), "utf8");
      assert.match(meta, format === 2 ? /"numcodecs\.lzma"/ : /"id": "lzma"/);
    });
  });
}
