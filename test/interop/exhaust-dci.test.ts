/**
 * `exhaustDci: false` against hdmf-zarr 0.14's `exhaust_dci=False`: the same tree written by both
 * (two GenericDataChunkIterators, a DataChunkIterator in a subgroup, a plain dataset after the
 * iterators), the buffers read in the same order with every dataset created first, and hdmf-zarr
 * 0.14 reads the same values, shapes and dtypes from our file as from its own.
 */
import assert from "node:assert/strict";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DatasetBuilder, GroupBuilder, ZarrIO } from "../../src/index.js";
import { DataChunkIterator } from "../../src/io/data-chunk-iterator.js";
import { tempFolder } from "../helpers/temp-folders.js";
import { pythonOutput, venvPython } from "../helpers/python.js";
import { REPO_ROOT } from "../helpers/repo-paths.js";
import { LoggedRamp } from "../helpers/logged-iterator.js";

const tmp = tempFolder("interop-exhaust-dci");
after(() => rmSync(tmp, { recursive: true, force: true }));

const python = venvPython("v3");
const script = join(REPO_ROOT, "test", "interop", "python", "exhaust_dci.py");
const skip = existsSync(python) ? false : "SKIP: venv v3 missing (bash test/interop/setup-venvs.sh)";

describe("exhaustDci: false against hdmf-zarr 0.14's exhaust_dci=False", () => {
  it("the same read order, and 0.14 reads the same datasets from both files", { skip }, async () => {
    const ours = join(tmp, "ours.zarr");
    const theirs = join(tmp, "theirs.zarr");
    const log: string[] = [];
    let zExisted: boolean | undefined;
    const seen = () => (zExisted ??= existsSync(join(ours, "z", "zarr.json")));
    const io = new ZarrIO(ours, "w");
    await io.writeBuilder(new GroupBuilder("root", {
      groups: [new GroupBuilder("g", { datasets: [new DatasetBuilder("c", new DataChunkIterator({ data: [1, 2, 3], bufferSize: 1 }))] })],
      datasets: [
        new DatasetBuilder("a", new LoggedRamp("a", 5, 0, 2, log, seen)),
        new DatasetBuilder("b", new LoggedRamp("b", 4, 100, 2, log, seen)),
        new DatasetBuilder("z", [7, 8, 9]),
      ],
    }), { exhaustDci: false });
    await io.close();

    const written = JSON.parse(pythonOutput(python, [script, "write", theirs]));
    assert.deepEqual(written, { log: ["a:0", "b:0", "a:2", "b:2", "a:4"], z_existed: true });
    assert.deepEqual({ log, z_existed: zExisted }, written);

    const readOurs = JSON.parse(pythonOutput(python, [script, "read", ours]));
    const readTheirs = JSON.parse(pythonOutput(python, [script, "read", theirs]));
    assert.deepEqual(readOurs["/a"], { dtype: "float64", shape: [5], values: [0, 1, 2, 3, 4] });
    assert.deepEqual(readOurs["/b"], { dtype: "float64", shape: [4], values: [100, 101, 102, 103] });
    assert.deepEqual(readOurs["/g/c"].values, [1, 2, 3]);
    assert.deepEqual(readOurs, readTheirs);
  });
});
