/**
 * Bad input, codecs and data types: an unknown codec must not stop a file from opening (metadata
 * only) and must give an UnknownCodecError naming the codec and the array when values are read;
 * an unsupported data type must give an UnsupportedDtypeError naming the type and the array.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { UnknownCodecError, UnsupportedDtypeError } from "../../../src/errors.js";
import type { DatasetBuilder } from "../../../src/format/builders.js";
import type { ZarrDataset } from "../../../src/format/zarr-dataset.js";
import { ZarrIO } from "../../../src/io/zarr-io.js";
import type { ZarrFormat } from "../../../src/zarr/metadata-types.js";
import { TIMEOUT, copyStore, expectTyped } from "./helpers.js";
import { FORMATS, editNodeMetadata } from "../../helpers/store-files.js";
import { SAMPLE_VALUES, writeStore } from "../../helpers/sample-tree.js";
import { tempFolder, removeFolder } from "../../helpers/temp-folders.js";
import { readDataset, readEverything, READ_MODES } from "../../helpers/zarr-files.js";

/** Metadata edits that name a codec nobody knows, and the name the error must say. */
const UNKNOWN_CODECS: Record<ZarrFormat, [string, string, (doc: Record<string, any>) => void][]> = {
  3: [
    ["an unknown compressor", "frobnicate", (d) => { d.codecs[1] = { name: "frobnicate", configuration: {} }; }],
    ["an unknown serializer", "mystery-bytes", (d) => { d.codecs[0] = { name: "mystery-bytes", configuration: {} }; }],
    ["an unknown numcodecs.* wrapper", "numcodecs.frob", (d) => { d.codecs[1] = { name: "numcodecs.frob", configuration: {} }; }],
    ["an unknown codec after the known ones", "zfp", (d) => { d.codecs.push({ name: "zfp", configuration: { mode: 1 } }); }],
  ],
  2: [
    ["an unknown compressor", "frobnicate", (d) => { d.compressor = { id: "frobnicate", level: 1 }; }],
    ["an unknown filter", "frobnicate", (d) => { d.filters = [{ id: "frobnicate" }]; }],
    ["an unknown filter before a known one", "quantize-ish", (d) => { d.filters = [{ id: "quantize-ish", digits: 3 }, { id: "delta", dtype: "<i4" }]; }],
  ],
};

/** Data types the reader does not support, as metadata edits, and the text the error must say. */
const UNSUPPORTED_DTYPES: Record<ZarrFormat, [string, (doc: Record<string, any>) => void][]> = {
  3: [
    ["complex128", (d) => { d.data_type = "complex128"; }],
    ["complex64", (d) => { d.data_type = "complex64"; }],
    ["numpy.datetime64", (d) => { d.data_type = { name: "numpy.datetime64", configuration: { unit: "ns", scale_factor: 1 } }; }],
    ["float128", (d) => { d.data_type = "float128"; }],
  ],
  2: [
    ["<c16", (d) => { d.dtype = "<c16"; }],
    ["<c8", (d) => { d.dtype = "<c8"; }],
    ["<M8[ns]", (d) => { d.dtype = "<M8[ns]"; }],
    ["<m8[s]", (d) => { d.dtype = "<m8[s]"; }],
    ["|V8", (d) => { d.dtype = "|V8"; }],
    ["<x9", (d) => { d.dtype = "<x9"; }],
  ],
};

for (const format of FORMATS) {
  describe(`unknown codecs and unsupported data types, Zarr v${format}`, () => {
    let tmp: string;
    let base: string;
    let n = 0;
    before(async () => {
      tmp = tempFolder(`hdmf-zarr-bad-codecs-v${format}`);
      base = await writeStore(join(tmp, "base.zarr"), format);
    });
    after(() => removeFolder(tmp));
    const work = () => copyStore(base, join(tmp, `work-${n++}.zarr`));

    for (const [label, codec, edit] of UNKNOWN_CODECS[format]) {
      it(`${label}: the tree opens (metadata only), values give UnknownCodecError naming '${codec}' and the array`, { timeout: TIMEOUT }, async () => {
        const dir = work();
        editNodeMetadata(dir, format, "x", edit);
        for (const mode of READ_MODES) {
          const io = new ZarrIO(dir, mode);
          const root = await io.readBuilder();
          const x = root.get("x") as DatasetBuilder;
          const data = x.data as ZarrDataset;
          assert.deepEqual(data.shape, [6], "shape is known without reading values");
          assert.equal(data.dtype, "int32");
          await expectTyped(() => data.get(), UnknownCodecError, { store: dir, path: "/x", mentions: [codec] });
          // Only that array is affected.
          assert.deepEqual(await readDataset(dir, "/g/y", mode), SAMPLE_VALUES["/g/y"]);
          // A reference to the array still resolves (references need metadata only).
          assert.equal(root.attributes.ref !== undefined, true);
          await io.close();
        }
      });
    }

    for (const [dtype, edit] of UNSUPPORTED_DTYPES[format]) {
      it(`data type '${dtype}' is an UnsupportedDtypeError naming the type and the array`, { timeout: TIMEOUT }, async () => {
        const dir = work();
        editNodeMetadata(dir, format, "x", edit);
        for (const mode of READ_MODES) {
          await expectTyped(() => readEverything(dir, mode), UnsupportedDtypeError, { store: dir, path: "/x", mentions: [dtype] });
        }
      });
    }

    it(
      "an array of an unsupported data type does not stop the rest of the file from opening",
      {
        timeout: TIMEOUT,
        todo: "design question: parseV2Array / parseV3Node throw UnsupportedDtypeError while the tree is read, so one complex or datetime array makes the whole file unreadable; deferring the error to value reads (as for unknown codecs) would keep the file usable",
      },
      async () => {
        const dir = work();
        editNodeMetadata(dir, format, "x", UNSUPPORTED_DTYPES[format][0][1]);
        const io = new ZarrIO(dir, "r");
        const root = await io.readBuilder();
        assert.deepEqual(await readDataset(dir, "/g/y"), SAMPLE_VALUES["/g/y"]);
        await expectTyped(() => ((root.get("x") as DatasetBuilder).data as ZarrDataset).get(), UnsupportedDtypeError, { store: dir, path: "/x" });
      },
    );
  });
}
