// `import ... from "hdmf-zarr"` in a consumer ES module: resolves to dist/index.mjs, writes and reads
// a real file, and shares class objects with `require("hdmf-zarr")`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  EXPECTED_VALUES, PACKAGE_ROOT, makeConsumer, parseResult, readArrayMeta, removeConsumer, runNode,
} from "./consumer.mjs";

const SCRIPT = `
import { ZarrIO, GroupBuilder, DatasetBuilder } from "hdmf-zarr";
import * as all from "hdmf-zarr";
import { createRequire } from "node:module";

const store = process.argv[2];
const writer = new ZarrIO(store, "w");
await writer.writeBuilder(new GroupBuilder("root", {
  datasets: [new DatasetBuilder("x", [1, 2, 3], { dtype: "int32" })],
}));
await writer.close();

const reader = new ZarrIO(store, "r");
const root = await reader.readBuilder();
const arr = await root.datasets.get("x").data.get();
await reader.close();

const require = createRequire(import.meta.url);
const cjs = require("hdmf-zarr");
const dynamic = await import("hdmf-zarr");
const cjsNames = Object.keys(cjs).filter((n) => n !== "__esModule" && n !== "default");
console.log("RESULT " + JSON.stringify({
  values: Array.from(arr.data),
  arrayType: arr.data.constructor.name,
  dtype: arr.dtype.name,
  shape: arr.shape,
  importUrl: import.meta.resolve("hdmf-zarr"),
  requirePath: require.resolve("hdmf-zarr"),
  sameZarrIO: dynamic.ZarrIO === cjs.ZarrIO,
  sameGroupBuilder: dynamic.GroupBuilder === cjs.GroupBuilder && all.GroupBuilder === GroupBuilder,
  namespaceIsDynamic: all.ZarrIO === dynamic.ZarrIO && all.DatasetBuilder === DatasetBuilder,
  missingInEsm: cjsNames.filter((n) => !(n in all)),
  exportCount: cjsNames.length,
}));
`;

test("ESM consumer imports hdmf-zarr, writes and reads a file, shares classes with CJS", async () => {
  const dir = await makeConsumer({ "consumer.mjs": SCRIPT });
  try {
    const store = join(dir, "tiny.zarr");
    const { stdout } = await runNode(["consumer.mjs", store], dir);
    const r = parseResult(stdout);
    assert.deepEqual(r.values, EXPECTED_VALUES);
    assert.equal(r.arrayType, "Int32Array");
    assert.equal(r.dtype, "int32");
    assert.deepEqual(r.shape, [3]);
    // The symlink is followed: both conditions land in this package's dist.
    assert.equal(r.importUrl, new URL(`file://${PACKAGE_ROOT}/dist/index.mjs`).href);
    assert.equal(r.requirePath, join(PACKAGE_ROOT, "dist", "index.js"));
    assert.equal(r.sameZarrIO, true);
    assert.equal(r.sameGroupBuilder, true);
    assert.equal(r.namespaceIsDynamic, true);
    assert.deepEqual(r.missingInEsm, [], "every CommonJS export is also an ESM named export");
    assert.ok(r.exportCount > 10);
    const meta = await readArrayMeta(store);
    assert.equal(meta.node_type, "array");
    assert.equal(meta.data_type, "int32");
    assert.deepEqual(meta.shape, [3]);
  } finally {
    await removeConsumer(dir);
  }
});
