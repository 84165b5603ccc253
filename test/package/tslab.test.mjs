// hdmf-zarr inside tslab cells: compiled by tslab's converter (TS 5.0.4, CommonJS output, Node10
// resolution, type-checked against dist/*.d.ts) and run by tslab's executor with top-level await.
// See tslab-driver.cjs for how the kernel's pieces are driven.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  EXPECTED_VALUES, makeConsumer, parseResult, readArrayMeta, removeConsumer, runNode,
} from "./consumer.mjs";

const DRIVER = fileURLToPath(new URL("./tslab-driver.cjs", import.meta.url));

function cells(store) {
  return [
    // 1: imports, top-level await, writing.
    `import { ZarrIO, GroupBuilder, DatasetBuilder, ZarrDataset } from "hdmf-zarr";
import * as tslab from "tslab";
const store: string = ${JSON.stringify(store)};
const writer = new ZarrIO(store, "w");
await writer.writeBuilder(new GroupBuilder("root", {
  datasets: [new DatasetBuilder("x", [1, 2, 3], { dtype: "int32" })],
}));
await writer.close();
console.log("VERSIONS " + JSON.stringify(tslab.versions));`,
    // 2: reading, using names declared by cell 1 (tslab carries them over); last expression is printed.
    // The cast gets its own statement: tslab 1.0.22 crashes ("Debug Failure ... Paths must either both
    // be absolute or both be relative") on `const v = await (e as T).m()` when v's type is not
    // imported in the cell, for any package.
    `const reader = new ZarrIO(store, "r");
const root = await reader.readBuilder();
const x = root.datasets.get("x");
const ds = x?.data as ZarrDataset;
const arr = await ds.get();
await reader.close();
console.log("READ " + JSON.stringify({ values: Array.from(arr.data as Int32Array), lazy: x?.data instanceof ZarrDataset }));
arr.dtype`,
    // 3: a deliberate type error, to prove cells are checked against the package's declarations.
    `const wrong: number = new ZarrIO(store, "r").path;`,
  ];
}

test("tslab cells import hdmf-zarr, write and read a file, and are type-checked", async () => {
  const dir = await makeConsumer();
  try {
    const store = join(dir, "tiny.zarr");
    await writeFile(join(dir, "cells.json"), JSON.stringify(cells(store)));
    const { stdout } = await runNode([DRIVER, "cells.json"], dir);
    const { cells: results } = parseResult(stdout);

    assert.deepEqual(results[0], { ok: true, errors: [] }, "cell 1 compiles without diagnostics and runs");
    assert.deepEqual(results[1], { ok: true, errors: [] }, "cell 2 compiles without diagnostics and runs");
    const versions = JSON.parse(stdout.match(/^VERSIONS (.*)$/m)[1]);
    assert.equal(versions.typescript, "5.0.4");
    assert.equal(versions.tslab, "1.0.22");
    const read = JSON.parse(stdout.match(/^READ (.*)$/m)[1]);
    assert.deepEqual(read, { values: EXPECTED_VALUES, lazy: true });
    // The last expression of cell 2 is printed by tslab itself with console.log (util.inspect).
    assert.match(stdout, /READ .*\n\{ kind: 'numeric', name: 'int32', endian: 'little' \}\n--- cell 3/);

    assert.equal(results[2].ok, false);
    assert.deepEqual(results[2].errors, ["1:7 - Type 'string' is not assignable to type 'number'."]);

    const meta = await readArrayMeta(store);
    assert.equal(meta.data_type, "int32");
  } finally {
    await removeConsumer(dir);
  }
});
