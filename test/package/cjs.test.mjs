// `require("hdmf-zarr")` in a consumer CommonJS file: resolves to dist/index.js, writes and reads a real file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  EXPECTED_VALUES, PACKAGE_ROOT, makeConsumer, parseResult, readArrayMeta, removeConsumer, runNode,
} from "./consumer.mjs";

const SCRIPT = `
const { ZarrIO, GroupBuilder, DatasetBuilder, ZarrDataset, HdmfZarrError } = require("hdmf-zarr");

async function main() {
  const store = process.argv[2];
  const writer = new ZarrIO(store, "w");
  await writer.writeBuilder(new GroupBuilder("root", {
    datasets: [new DatasetBuilder("x", [1, 2, 3], { dtype: "int32" })],
  }));
  await writer.close();

  const reader = new ZarrIO(store, "r");
  const root = await reader.readBuilder();
  const x = root.datasets.get("x");
  const arr = await x.data.get();
  await reader.close();

  // A missing store must fail with the package's own error class.
  let errorName = null;
  try { await new ZarrIO(store + "-missing", "r").readBuilder(); } catch (e) { errorName = e instanceof HdmfZarrError ? e.constructor.name : "foreign:" + e; }

  console.log("RESULT " + JSON.stringify({
    values: Array.from(arr.data),
    arrayType: arr.data.constructor.name,
    lazy: x.data instanceof ZarrDataset,
    requirePath: require.resolve("hdmf-zarr"),
    errorName,
  }));
}
main().catch((e) => { console.error(e); process.exit(1); });
`;

test("CommonJS consumer requires hdmf-zarr, writes and reads a file", async () => {
  const dir = await makeConsumer({ "consumer.cjs": SCRIPT });
  try {
    const store = join(dir, "tiny.zarr");
    const { stdout } = await runNode(["consumer.cjs", store], dir);
    const r = parseResult(stdout);
    assert.deepEqual(r.values, EXPECTED_VALUES);
    assert.equal(r.arrayType, "Int32Array");
    assert.equal(r.lazy, true, "read datasets are lazy ZarrDataset objects");
    assert.equal(r.requirePath, join(PACKAGE_ROOT, "dist", "index.js"));
    assert.ok(r.errorName && !r.errorName.startsWith("foreign:"), `typed error expected, got ${r.errorName}`);
    const meta = await readArrayMeta(store);
    assert.equal(meta.data_type, "int32");
  } finally {
    await removeConsumer(dir);
  }
});
