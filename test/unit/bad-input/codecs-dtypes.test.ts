/**
 * Bad input, codecs and data types: an unknown codec must not stop a file from opening (metadata
 * only) and must give an UnknownCodecError naming the codec and the array when values are read;
 * an unsupported data type must not stop it either, and must give an UnsupportedDtypeError naming
 * the type and the array when values are read or written, exported or converted.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { existsSync, readFileSync } from "node:fs";
import { IncompleteConversionError, MetadataError, UnknownCodecError, UnsupportedDtypeError } from "../../../src/errors.js";
import type { DatasetBuilder, GroupBuilder } from "../../../src/format/builders.js";
import type { ZarrDataset } from "../../../src/format/zarr-dataset.js";
import { convert } from "../../../src/io/convert.js";
import { ZarrIO } from "../../../src/io/zarr-io.js";
import { dtypeName } from "../../../src/zarr/dtype.js";
import type { ArrayMetadata, ZarrFormat } from "../../../src/zarr/metadata-types.js";
import { parseV2Array, v2ArrayDocument } from "../../../src/zarr/metadata-v2.js";
import { parseV3Node, v3NodeDocument } from "../../../src/zarr/metadata-v3.js";
import { TIMEOUT, copyStore, expectTyped } from "./helpers.js";
import { FORMATS, chunkFile, editNodeMetadata } from "../../helpers/store-files.js";
import { SAMPLE_VALUES, writeStore } from "../../helpers/sample-tree.js";
import { tempFolder, removeFolder } from "../../helpers/temp-folders.js";
import { plainValues, readDataset, readEverything, READ_MODES } from "../../helpers/zarr-files.js";

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

/**
 * Data types the reader does not support, as metadata edits, and the text the error must say.
 * (complex64/128, datetime64/timedelta64 in numpy's units and raw bytes are supported: dtypes-extended.test.ts.)
 */
const UNSUPPORTED_DTYPES: Record<ZarrFormat, [string, (doc: Record<string, any>) => void][]> = {
  3: [
    ["float128", (d) => { d.data_type = "float128"; }],
    ["complex256", (d) => { d.data_type = "complex256"; }],
    ["numpy.datetime64", (d) => { d.data_type = { name: "numpy.datetime64", configuration: { unit: "fortnight", scale_factor: 1 } }; }],
  ],
  2: [
    ["<f16", (d) => { d.dtype = "<f16"; }],
    ["<c32", (d) => { d.dtype = "<c32"; }],
    ["<M8[fortnight]", (d) => { d.dtype = "<M8[fortnight]"; }],
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

    for (const mode of READ_MODES) {
      it(`an array of an unsupported data type does not stop the rest of the file from opening (mode '${mode}')`, { timeout: TIMEOUT }, async () => {
        const dir = work();
        const [text, edit] = UNSUPPORTED_DTYPES[format][0];
        editNodeMetadata(dir, format, "x", edit);
        const shown = "float128"; // numpy's name, for v2's '<f16' too, as zarr-python shows it
        const io = new ZarrIO(dir, mode);
        try {
          const root = await io.readBuilder();
          const x = root.get("x") as DatasetBuilder;
          const data = x.data as ZarrDataset;
          // Visible in the tree with its shape and the type as the file writes it.
          assert.deepEqual(data.shape, [6]);
          assert.equal(data.dtype, shown);
          assert.equal(x.dtype, shown);
          assert.equal(dtypeName(data.array.dtype), shown);
          // Every other value reads.
          for (const path of ["/s", "/g/y"]) {
            const ds = (await io.getBuilder(path)) as DatasetBuilder;
            assert.deepEqual(plainValues((await (ds.data as ZarrDataset).get()).data), SAMPLE_VALUES[path]);
          }
          // A link to it resolves (metadata only).
          assert.equal((root.get("g") as GroupBuilder).links.get("lnk")?.builder, x);
          // Every way to its values is the typed error naming the type, the array and the store.
          const expected = { store: dir, path: "/x", mentions: [text, shown] };
          await expectTyped(() => data.get(), UnsupportedDtypeError, expected);
          await expectTyped(() => data.get([{ start: 1, stop: 3 }]), UnsupportedDtypeError, expected);
          await expectTyped(() => data.read(), UnsupportedDtypeError, expected);
          await expectTyped(() => data.array.getScalar([0]), UnsupportedDtypeError, expected);
          for (const coords of data.array.chunkCoords()) {
            await expectTyped(() => data.array.getChunk(coords), UnsupportedDtypeError, expected);
            await expectTyped(() => data.array.getStoredChunk(coords), UnsupportedDtypeError, expected);
          }
        } finally {
          await io.close();
        }
      });
    }

    it("writing into an array of an unsupported data type is refused and leaves its chunks as they were", { timeout: TIMEOUT }, async () => {
      const dir = work();
      const [text, edit] = UNSUPPORTED_DTYPES[format][0];
      editNodeMetadata(dir, format, "x", edit);
      const before = readFileSync(chunkFile(dir, "x", format));
      const io = new ZarrIO(dir, "r+");
      try {
        const x = ((await io.getBuilder("/x")) as DatasetBuilder).data as ZarrDataset;
        const expected = { store: dir, path: "/x", mentions: [text] };
        await expectTyped(() => x.array.set(null, 1), UnsupportedDtypeError, expected);
        await expectTyped(() => x.array.setChunk([0], { dtype: { kind: "numeric", name: "int32", endian: "little" }, shape: [4], data: new Int32Array(4) }), UnsupportedDtypeError, expected);
      } finally {
        await io.close();
      }
      assert.deepEqual(readFileSync(chunkFile(dir, "x", format)), before);
    });

    it("export refuses a file with an array of an unsupported data type before writing anything", { timeout: TIMEOUT }, async () => {
      const dir = work();
      const [text, edit] = UNSUPPORTED_DTYPES[format][0];
      editNodeMetadata(dir, format, "x", edit);
      const destPath = join(tmp, `export-${n++}.zarr`);
      const src = new ZarrIO(dir, "r");
      const dest = new ZarrIO(destPath, "w", { zarrFormat: format });
      try {
        await expectTyped(() => dest.export(src), UnsupportedDtypeError, { store: dir, path: "/x", mentions: [text] });
      } finally {
        await dest.close();
        await src.close();
      }
      assert.equal(existsSync(destPath), false);
    });

    it("convert refuses a file with an array of an unsupported data type, naming it, before writing anything", { timeout: TIMEOUT }, async () => {
      const dir = work();
      const [text, edit] = UNSUPPORTED_DTYPES[format][0];
      editNodeMetadata(dir, format, "x", edit);
      const destPath = join(tmp, `convert-${n++}.zarr`);
      await assert.rejects(convert(dir, destPath), (e: unknown) => {
        assert.ok(e instanceof IncompleteConversionError);
        assert.deepEqual(e.entries.map((p) => p.path), ["/x"]);
        assert.ok(e.entries[0].reason.includes(text) && e.entries[0].reason.includes("float128"), e.entries[0].reason);
        return true;
      });
      assert.equal(existsSync(destPath), false);
    });
  });
}

describe("metadata of an array of an unsupported data type", () => {
  const where = { store: "mem", path: "/a" };
  it("v3: parses, and is written back with its data_type and fill_value as they were", () => {
    const dataType = { name: "numpy.datetime64", configuration: { unit: "fortnight", scale_factor: 1 } };
    const doc = {
      zarr_format: 3, node_type: "array", shape: [3], data_type: dataType,
      chunk_grid: { name: "regular", configuration: { chunk_shape: [3] } },
      chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
      fill_value: -9223372036854775808n, codecs: [{ name: "bytes", configuration: { endian: "little" } }], attributes: {},
    };
    const meta = parseV3Node(doc, where) as ArrayMetadata;
    assert.equal(meta.dtype.kind, "unsupported");
    assert.equal(dtypeName(meta.dtype), "numpy.datetime64");
    const back = v3NodeDocument(meta, where);
    assert.deepEqual(back.data_type, dataType);
    assert.equal(back.fill_value, -9223372036854775808n);
  });
  it("v2: parses, and is written back with its dtype and fill_value as they were", () => {
    const meta = parseV2Array({ zarr_format: 2, shape: [2], chunks: [2], dtype: "<c32", fill_value: [0, 0], compressor: null, filters: null, order: "C" }, {}, where);
    assert.equal(dtypeName(meta.dtype), "complex256");
    assert.match((meta.dtype as { reason: string }).reason, /unsupported dtype '<c32'/);
    const back = v2ArrayDocument(meta, where);
    assert.equal(back.dtype, "<c32");
    assert.deepEqual(back.fill_value, [0, 0]);
  });
  it("v2 types show by numpy's names where numpy has one", () => {
    const shown = (dtype: unknown) => dtypeName(parseV2Array({ zarr_format: 2, shape: [2], chunks: [2], dtype, fill_value: null, compressor: null, filters: null }, {}, where).dtype);
    assert.deepEqual(
      ["<c32", ">c32", "<M8[fortnight]", "<m8[3xs]", "|V0", "<f16", "<x9", "|O", [["a", "<c32"]]].map(shown),
      ["complex256", "complex256", "datetime64[fortnight]", "timedelta64[3xs]", "void0", "float128", "<x9", "|O", '[["a","<c32"]]'],
    );
    // Supported types show by their own names (a big-endian one with its order).
    assert.deepEqual(
      ["<c8", ">c16", "<M8[ns]", "<m8[s]", "|V8", [["a", "<c8"]]].map(shown),
      ["complex64", ">complex128", "datetime64[ns]", "timedelta64[s]", "void64", "struct{a:complex64}"],
    );
  });

  it("other metadata errors are not deferred", () => {
    assert.throws(() => parseV2Array({ zarr_format: 2, shape: [2], chunks: [2, 1], dtype: "<c16", fill_value: 0, compressor: null, filters: null }, {}, where), MetadataError);
  });
});
