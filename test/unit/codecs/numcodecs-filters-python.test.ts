/**
 * numcodecs filters against zarr-python (numcodecs_filters.py beside this file): arrays that
 * zarr-python 2 writes with Zarr v2 filters and zarr-python 3 writes with `numcodecs.*` codecs
 * read here to exactly the values zarr-python reads; the same inputs written here with the same
 * metadata read in zarr-python to the same values, from the same chunk bytes where nothing
 * compresses them; and a file converted to the other format reads in the other zarr-python as before.
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
import { toV2Codec } from "../../../src/zarr/codecs/v2-chain.js";
import { dtypeName } from "../../../src/zarr/dtype.js";
import { ZarrHierarchy } from "../../../src/zarr/hierarchy.js";
import { venvPython } from "../../helpers/python.js";
import { REPO_ROOT } from "../../helpers/repo-paths.js";
import { describedArray, printedValues, runCases, type Described } from "./python-cases.js";
import { listFiles } from "../../helpers/store-files.js";
import { removeFolder, tempFolder } from "../../helpers/temp-folders.js";

const SCRIPT = join(REPO_ROOT, "test", "unit", "codecs", "numcodecs_filters.py");




for (const [format, venv] of [[2, "v2"], [3, "v3"]] as const) {
  const python = venvPython(venv);
  const skip = existsSync(python) ? false : `SKIP: venv ${venv} missing (bash test/interop/setup-venvs.sh)`;
  const other = venv === "v2" ? "v3" : "v2";
  const run = (...args: string[]) => runCases(python, SCRIPT, ...args);

  describe(`numcodecs filters and zarr-python ${format} (Zarr v${format})`, { skip }, () => {
    let tmp: string;
    let theirs: string;
    let inputs: Record<string, Described>;
    let expected: Record<string, Described>;
    before(() => {
      tmp = tempFolder(`hdmf-zarr-numcodecs-filters-v${format}`);
      theirs = join(tmp, "theirs.zarr");
      inputs = run("write", theirs);
      expected = run("read", theirs);
    });
    after(() => removeFolder(tmp));

    it("every array zarr-python wrote reads to exactly the values zarr-python reads", async () => {
      const h = await ZarrHierarchy.open(new LocalStore(theirs));
      const names = Object.keys(expected);
      assert.ok(names.length >= (format === 2 ? 23 : 19), names.join(", "));
      for (const name of names) {
        const array = await h.openArray(name);
        const got = await array.get();
        assert.deepEqual(got.shape, expected[name].shape, name);
        assert.deepEqual(printedValues(got.data), expected[name].values, name);
      }
      // The lossy filters did change the inputs: the comparison above is not of untouched data.
      assert.notDeepEqual(expected.quantize_f8_1.values, inputs.quantize_f8_1.values);
      assert.notDeepEqual(expected.bitround_f4_5.values, inputs.bitround_f4_5.values);
    });

    it("the same inputs written here read in zarr-python to the same values, from the same chunk bytes", async () => {
      const ours = join(tmp, "ours.zarr");
      const src = await ZarrHierarchy.open(new LocalStore(theirs));
      const dest = await ZarrHierarchy.create(new LocalStore(ours), format);
      // Compressed chunks may differ byte for byte (zlib versions): those compare by value only.
      const compressed = new Set<string>();
      for (const name of Object.keys(inputs)) {
        const meta = (await src.openArray(name)).metadata;
        if (meta.codecs.some((c) => c.name === "numcodecs.zlib")) compressed.add(name);
        const array = await dest.createArray(name, { ...meta, attributes: {} });
        await array.set(null, describedArray(meta.dtype, meta.shape, inputs[name].values));
      }
      const read = run("read", ours);
      for (const name of Object.keys(inputs)) {
        assert.deepEqual(read[name], expected[name], name);
        if (compressed.has(name)) continue;
        const chunks = listFiles(join(theirs, name)).filter((f) => !/(^|\/)(zarr\.json|\.zarray|\.zattrs)$/.test(f));
        assert.deepEqual(listFiles(join(ours, name)).filter((f) => chunks.includes(f)), chunks, `${name}: the same chunks`);
        for (const chunk of chunks) {
          assert.deepEqual(readFileSync(join(ours, name, chunk)), readFileSync(join(theirs, name, chunk)), `${name}/${chunk}`);
        }
      }
    });

    it("ZarrDataIO filters write datasets that zarr-python reads to numcodecs' values", async () => {
      const path = join(tmp, "data-io.zarr");
      const src = await ZarrHierarchy.open(new LocalStore(theirs));
      const names = ["fso_f8_u1", "fso_f4_u2", "quantize_f8_1", "bitround_f4_5", "packbits_1d", "astype_i8_i2"];
      const datasets: DatasetBuilder[] = [];
      for (const name of names) {
        const meta = (await src.openArray(name)).metadata;
        // The numcodecs form of the filters: v2 `filters`, or the `numcodecs.*` codecs of a v3 chain.
        const filters = meta.v2?.filters ?? meta.codecs.filter((c) => c.name.startsWith("numcodecs.")).map(toV2Codec);
        const values = describedArray(meta.dtype, meta.shape, inputs[name].values);
        datasets.push(new DatasetBuilder(name, new ZarrDataIO(values, { chunks: meta.chunkShape, filters: filters as never }), { dtype: dtypeName(meta.dtype) }));
      }
      const io = new ZarrIO(path, "w", { zarrFormat: format });
      await io.writeBuilder(new GroupBuilder("root", { datasets }));
      await io.close();
      const read = run("read", path);
      for (const name of names) assert.deepEqual(read[name], expected[name], name);
    });

    it("converted to the other format, every value reads in the other zarr-python as before", { skip: existsSync(venvPython(other)) ? false : `SKIP: venv ${other} missing` }, async () => {
      const source = join(tmp, "convert-source.zarr");
      cpSync(theirs, source, { recursive: true });
      // hdmf has no float16 type: conversion refuses such a dataset (and so the file).
      const float16 = Object.keys(expected).filter((n) => expected[n].dtype === "float16");
      for (const name of float16) rmSync(join(source, name), { recursive: true });
      const destination = join(tmp, "converted.zarr");
      await convert(source, destination, { zarrFormat: format === 2 ? 3 : 2 });
      const read = runCases(venvPython(other), SCRIPT, "read", destination);
      const names = Object.keys(expected).filter((n) => !float16.includes(n));
      assert.deepEqual(Object.keys(read).sort(), names.sort());
      for (const name of names) assert.deepEqual(read[name].values, expected[name].values, name);
    });
  });
}
