/**
 * Bad input, metadata: corrupt or hostile `zarr.json`, `.zarray`, `.zgroup`, `.zattrs`,
 * `.zmetadata` and v3 consolidated metadata must give a MetadataError naming the store and the
 * node — in mode `r` (consolidated metadata) and `r-` (each node's own documents).
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { HdmfZarrError, MetadataError } from "../../../src/errors.js";
import { DatasetBuilder, GroupBuilder } from "../../../src/format/builders.js";
import type { ZarrDataset } from "../../../src/format/zarr-dataset.js";
import { ZarrIO } from "../../../src/io/zarr-io.js";
import type { Mode } from "../../../src/io/modes.js";
import type { ZarrFormat } from "../../../src/zarr/metadata-types.js";
import { TIMEOUT, copyStore, editNodeAttributes, expectTyped } from "./helpers.js";
import { FORMATS, editNodeMetadata } from "../../helpers/store-files.js";
import { SAMPLE_VALUES, writeStore } from "../../helpers/sample-tree.js";
import { editJson } from "../../helpers/json-files.js";
import { tempFolder, removeFolder } from "../../helpers/temp-folders.js";
import { readDataset, readEverything, READ_MODES } from "../../helpers/zarr-files.js";

/** Ways to spoil a JSON document's text. */
const TEXT_DAMAGE: [string, (text: string) => string][] = [
  ["cut in half", (s) => s.slice(0, s.length >> 1)],
  ["emptied", () => ""],
  ["binary garbage", () => "\u0000\u00ff\u0013garbage"],
  ["a JSON list", () => "[1, 2]"],
  ["a JSON number", () => "42"],
  ["a JSON string", () => '"zarr"'],
  ["JSON null", () => "null"],
  ["an empty object", () => "{}"],
];

interface Target {
  /** File relative to the store. */
  file: string;
  /** Node the error must name. */
  node: string | string[];
  /** Modes that read this file (the other mode must still read the whole file correctly). */
  modes: Mode[];
}

const TARGETS: Record<ZarrFormat, Target[]> = {
  3: [
    { file: "zarr.json", node: "/", modes: ["r", "r-"] },
    { file: "x/zarr.json", node: "/x", modes: ["r-"] },
    { file: "g/zarr.json", node: "/g", modes: ["r-"] },
    { file: "g/y/zarr.json", node: "/g/y", modes: ["r-"] },
  ],
  2: [
    // A .zmetadata that is no JSON names the root; one of the wrong shape names the document.
    { file: ".zmetadata", node: ["/", "/.zmetadata"], modes: ["r"] },
    { file: ".zgroup", node: "/", modes: ["r-"] },
    { file: ".zattrs", node: "/", modes: ["r-"] },
    { file: "x/.zarray", node: "/x", modes: ["r-"] },
    { file: "x/.zattrs", node: "/x", modes: ["r-"] },
    { file: "g/.zgroup", node: "/g", modes: ["r-"] },
    { file: "g/.zattrs", node: "/g", modes: ["r-"] },
    { file: "g/y/.zarray", node: "/g/y", modes: ["r-"] },
  ],
};

/** Hostile values in array metadata, as edits of the v3 / v2 document (and why a case is a known bug). */
const ARRAY_DAMAGE: Record<ZarrFormat, [string, (doc: Record<string, any>) => void, string?][]> = {
  3: [
    ["a negative shape", (d) => { d.shape = [-3]; }],
    ["a fractional shape", (d) => { d.shape = [2.5]; }],
    ["a shape that is a string", (d) => { d.shape = "6"; }],
    ["a chunk shape of another rank", (d) => { d.chunk_grid.configuration.chunk_shape = [1, 1]; }],
    ["a zero chunk size", (d) => { d.chunk_grid.configuration.chunk_shape = [0]; }],
    ["an unknown chunk grid", (d) => { d.chunk_grid = { name: "rectilinear" }; }],
    ["an unknown chunk key encoding", (d) => { d.chunk_key_encoding = { name: "nope" }; }],
    ["a bogus node_type", (d) => { d.node_type = "bogus"; }],
    ["zarr_format 2", (d) => { d.zarr_format = 2; }],
    ["codecs that are not a list", (d) => { d.codecs = null; }],
    ["no array→bytes codec", (d) => { d.codecs = []; }],
    ["a codec without a name", (d) => { d.codecs = [{ configuration: {} }]; }],
    ["a text fill value for int32", (d) => { d.fill_value = "abc"; }],
    ["attributes that are a list", (d) => { d.attributes = [1]; }],
    ["a zstd level that is a string", (d) => { d.codecs[1].configuration.level = "x"; }],
  ],
  2: [
    ["a negative shape", (d) => { d.shape = [-1]; }],
    ["no shape", (d) => { delete d.shape; }],
    ["chunks of another rank", (d) => { d.chunks = [1, 1]; }],
    ["a zero chunk size", (d) => { d.chunks = [0]; }],
    ["a bad order", (d) => { d.order = "X"; }],
    ["filters that are a string", (d) => { d.filters = "x"; }],
    ["a compressor that is a number", (d) => { d.compressor = 5; }],
    ["a compressor without an id", (d) => { d.compressor = { level: 1 }; }],
    ["a blosc clevel of 99", (d) => { d.compressor = { id: "blosc", cname: "lz4", clevel: 99, shuffle: 1 }; }],
    ["a blosc cname that does not exist", (d) => { d.compressor = { id: "blosc", cname: "nope", clevel: 5, shuffle: 1 }; }],
    ["a text fill value for int32", (d) => { d.fill_value = "abc"; }],
    ["zarr_format 3", (d) => { d.zarr_format = 3; }],
    ["a filter list holding null", (d) => { d.filters = [null]; }, undefined],
    ["a filter list holding a number", (d) => { d.filters = [7]; }],
  ],
};

for (const format of FORMATS) {
  describe(`corrupt metadata documents, Zarr v${format}`, () => {
    let tmp: string;
    let base: string;
    let n = 0;
    before(async () => {
      tmp = tempFolder(`hdmf-zarr-bad-meta-v${format}`);
      base = await writeStore(join(tmp, "base.zarr"), format);
    });
    after(() => removeFolder(tmp));
    const work = () => copyStore(base, join(tmp, `work-${n++}.zarr`));

    for (const target of TARGETS[format]) {
      for (const [label, damage] of TEXT_DAMAGE) {
        const isAttrs = target.file.endsWith(".zattrs");
        // `{}` is a valid attribute document (no attributes).
        if (isAttrs && label === "an empty object") continue;
        it(`${target.file} ${label} is a MetadataError naming the node (${target.modes.join(", ")})`, { timeout: TIMEOUT }, async () => {
          const dir = work();
          const file = join(dir, target.file);
          writeFileSync(file, damage(readFileSync(file, "utf8")));
          for (const mode of READ_MODES) {
            if (target.modes.includes(mode)) {
              await expectTyped(() => readEverything(dir, mode), MetadataError, { store: dir, path: target.node });
            } else {
              // This mode does not read the damaged file: the whole file still reads correctly.
              const values = await readEverything(dir, mode);
              for (const [path, expected] of Object.entries(SAMPLE_VALUES)) assert.deepEqual(values.get(path), expected, `${mode} ${path}`);
            }
          }
        });
      }
    }

    for (const [label, damage, todo] of ARRAY_DAMAGE[format]) {
      it(`array metadata with ${label} is a MetadataError naming the array, in both modes`, { timeout: TIMEOUT, todo }, async () => {
        const dir = work();
        editNodeMetadata(dir, format, "x", damage);
        for (const mode of READ_MODES) {
          await expectTyped(() => readEverything(dir, mode), MetadataError, { store: dir, path: "/x" });
        }
      });
    }

    it("a link list that is not a list is a MetadataError naming the group", { timeout: TIMEOUT }, async () => {
      const dir = work();
      editNodeAttributes(dir, format, "g", (a) => { a[format === 3 ? "_LINKS" : "zarr_link"] = "nope"; });
      for (const mode of READ_MODES) await expectTyped(() => readEverything(dir, mode), MetadataError, { store: dir, path: "/g" });
    });

    if (format === 2) {
      for (const [label, marker, todo] of [
        ["a compound marker whose field is null", [null], undefined],
        ["a compound marker whose field is a number", [0], undefined],
        ["a compound marker whose field has no name", [{ dtype: "int32" }], undefined],
      ] as const) {
        it(`a legacy zarr_dtype with ${label} is a MetadataError naming the dataset`, { timeout: TIMEOUT, todo }, async () => {
          const dir = work();
          editNodeAttributes(dir, 2, "x", (a) => { a.zarr_dtype = marker; });
          for (const mode of READ_MODES) await expectTyped(() => readEverything(dir, mode), MetadataError, { store: dir, path: "/x" });
        });
      }
    }

    it("a link entry without a name is a MetadataError naming the group", { timeout: TIMEOUT }, async () => {
      const dir = work();
      editNodeAttributes(dir, format, "g", (a) => { a[format === 3 ? "_LINKS" : "zarr_link"] = [{ source: ".", path: "/x" }]; });
      for (const mode of READ_MODES) await expectTyped(() => readEverything(dir, mode), MetadataError, { store: dir, path: "/g" });
    });

    it(
      "an array whose shape has 2**40 elements opens, reads a slice, and refuses a whole read with a typed error",
      { timeout: TIMEOUT },
      async () => {
        const dir = work();
        editNodeMetadata(dir, format, "x", (d) => { d.shape = [2 ** 40]; });
        const io = new ZarrIO(dir, "r");
        const data = ((await io.getBuilder("/x")) as DatasetBuilder).data as ZarrDataset;
        assert.deepEqual(data.shape, [2 ** 40]);
        assert.deepEqual(Array.from((await data.get([{ start: 0, stop: 6 }])).data), [1, 2, 3, 4, 5, 6]);
        await expectTyped(() => data.get(), HdmfZarrError, { store: dir, path: "/x" });
      },
    );

    it(
      "a text array of 1.5e9 elements refuses a whole read with a typed error instead of running out of memory",
      { timeout: TIMEOUT },
      async () => {
        const dir = work();
        editNodeMetadata(dir, format, "s", (d) => { d.shape = [1_537_739_910]; });
        const io = new ZarrIO(dir, "r");
        const data = ((await io.getBuilder("/s")) as DatasetBuilder).data as ZarrDataset;
        assert.deepEqual(Array.from((await data.get([{ start: 0, stop: 2 }])).data), ["alpha", "beta"]);
        await expectTyped(() => data.get(), HdmfZarrError, { store: dir, path: "/s" });
      },
    );

    it(
      "an array whose shape is 1e300 (not a safe integer) is refused with a typed error",
      { timeout: TIMEOUT },
      async () => {
        const dir = work();
        editNodeMetadata(dir, format, "x", (d) => { d.shape = [1e300]; });
        await expectTyped(() => readDataset(dir, "/x"), HdmfZarrError, { store: dir, path: "/x" });
      },
    );
  });
}

describe("corrupt consolidated metadata", () => {
  let tmp: string;
  let base3: string;
  let base2: string;
  let n = 0;
  before(async () => {
    tmp = tempFolder("hdmf-zarr-bad-consolidated");
    base3 = await writeStore(join(tmp, "base3.zarr"), 3);
    base2 = await writeStore(join(tmp, "base2.zarr"), 2);
  });
  after(() => removeFolder(tmp));
  const work = (format: ZarrFormat) => copyStore(format === 3 ? base3 : base2, join(tmp, `work-${n++}.zarr`));

  const V3_ROOT: [string, (root: Record<string, any>) => void][] = [
    ["consolidated_metadata that is a string", (r) => { r.consolidated_metadata = "x"; }],
    ["consolidated metadata without 'metadata'", (r) => { r.consolidated_metadata.metadata = null; }],
  ];
  for (const [label, damage] of V3_ROOT) {
    it(`v3: ${label} in the root zarr.json is a MetadataError naming the root`, { timeout: TIMEOUT }, async () => {
      const dir = work(3);
      editJson(join(dir, "zarr.json"), damage);
      await expectTyped(() => readEverything(dir, "r"), MetadataError, { store: dir, path: "/" });
      // r- does not look at consolidated metadata.
      assert.deepEqual((await readEverything(dir, "r-")).get("/x"), SAMPLE_VALUES["/x"]);
    });
  }

  const V3_ENTRY: [string, unknown][] = [
    ["a string", "garbage"],
    ["null", null],
    ["a list", [1, 2]],
    ["an empty object", {}],
  ];
  for (const [label, value] of V3_ENTRY) {
    it(`v3: the consolidated entry of /x being ${label} is a MetadataError naming /x`, { timeout: TIMEOUT }, async () => {
      const dir = work(3);
      editJson(join(dir, "zarr.json"), (r) => { r.consolidated_metadata.metadata.x = value; });
      await expectTyped(() => readEverything(dir, "r"), MetadataError, { store: dir, path: "/x" });
      assert.deepEqual((await readEverything(dir, "r-")).get("/x"), SAMPLE_VALUES["/x"]);
    });
  }

  it(
    "v3: consolidated 'metadata' that is a list is a MetadataError, not an empty file",
    { timeout: TIMEOUT },
    async () => {
      const dir = work(3);
      editJson(join(dir, "zarr.json"), (r) => { r.consolidated_metadata.metadata = []; });
      await expectTyped(() => readEverything(dir, "r"), MetadataError, { store: dir, path: "/" });
    },
  );

  it(
    "v3: consolidated metadata of an unknown kind is a MetadataError",
    { timeout: TIMEOUT },
    async () => {
      const dir = work(3);
      editJson(join(dir, "zarr.json"), (r) => { r.consolidated_metadata.kind = "by-reference"; });
      await expectTyped(() => readEverything(dir, "r"), MetadataError, { store: dir, path: "/" });
    },
  );

  const V2_ENTRY: [string, string, unknown][] = [
    ["x/.zarray", "a string", "garbage"],
    ["x/.zarray", "a list", [1]],
    ["x/.zarray", "an empty object", {}],
    ["x/.zattrs", "a list", [1]],
    ["x/.zattrs", "a string", "garbage"],
    ["g/.zgroup", "a number", 7],
  ];
  for (const [key, label, value] of V2_ENTRY) {
    const node = "/" + key.slice(0, key.lastIndexOf("/"));
    it(`v2: .zmetadata entry '${key}' being ${label} is a MetadataError naming ${node}`, { timeout: TIMEOUT }, async () => {
      const dir = work(2);
      editJson(join(dir, ".zmetadata"), (z) => { z.metadata[key] = value; });
      await expectTyped(() => readEverything(dir, "r"), MetadataError, { store: dir, path: node });
      assert.deepEqual((await readEverything(dir, "r-")).get("/x"), SAMPLE_VALUES["/x"]);
    });
  }

  it("v2: a .zmetadata whose 'metadata' is not an object is a MetadataError", { timeout: TIMEOUT }, async () => {
    const dir = work(2);
    editJson(join(dir, ".zmetadata"), (z) => { z.metadata = "none"; });
    await expectTyped(() => readEverything(dir, "r"), MetadataError, { store: dir, path: ["/", "/.zmetadata"] });
  });
});

describe("hostile metadata text", () => {
  let tmp: string;
  before(() => {
    tmp = tempFolder("hdmf-zarr-bad-meta-text");
  });
  after(() => removeFolder(tmp));

  for (const format of FORMATS) {
    it(`v${format}: attributes nested 100 000 levels deep parse without a stack overflow`, { timeout: TIMEOUT }, async () => {
      const dir = await writeStore(join(tmp, `deep-${format}.zarr`), format, new GroupBuilder("root", {
        datasets: [new DatasetBuilder("x", [1, 2], { dtype: "int32" })], attributes: { deep: "PLACEHOLDER" },
      }));
      const depth = 100_000;
      const deep = "[".repeat(depth) + "]".repeat(depth);
      for (const file of format === 3 ? ["zarr.json"] : [".zattrs", ".zmetadata"]) {
        const path = join(dir, file);
        writeFileSync(path, readFileSync(path, "utf8").replace('"PLACEHOLDER"', deep));
      }
      for (const mode of READ_MODES) {
        try {
          const values = await readEverything(dir, mode);
          assert.deepEqual(values.get("/x"), [1, 2]);
        } catch (e) {
          // Refusing such a document is fine, as long as it is said with a typed error.
          assert.ok(e instanceof MetadataError, `${mode}: ${(e as Error).constructor.name}: ${(e as Error).message}`);
        }
      }
    });
  }
});
