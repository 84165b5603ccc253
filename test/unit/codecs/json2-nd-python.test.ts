/**
 * numcodecs' JSON codec (`json2`) with chunks of two dimensions: numcodecs stores numpy's
 * `tolist()`, so a 2-D chunk holds nested rows (`[["a","b"],["c","d"],"|O",[2,2]]`), and its
 * decoder cannot take flat items. zarr-python 2 writes such an array and we read it value for
 * value; we write the same values and zarr-python 2 reads them, a whole chunk byte for byte as its own.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ZarrHierarchy } from "../../../src/zarr/hierarchy.js";
import { parseV2Array } from "../../../src/zarr/metadata-v2.js";
import { LocalStore } from "../../../src/store/local.js";
import { NO_BYTECODE, pythonOutput, venvPython } from "../../helpers/python.js";
import { REPO_ROOT } from "../../helpers/repo-paths.js";
import { removeFolder, tempFolder } from "../../helpers/temp-folders.js";

const SCRIPT = join(REPO_ROOT, "test", "unit", "codecs", "json2_nd.py");
const python = venvPython("v2");
const skip = existsSync(python) ? false : "SKIP: venv v2 missing (bash test/interop/setup-venvs.sh)";
const tmp = tempFolder("hdmf-zarr-json2-nd");
after(() => removeFolder(tmp));

const VALUES = [["a", "b"], ["c", "é"], ["e", "f"]];

describe("json2 chunks of two dimensions, with zarr-python 2", { skip }, () => {
  it("read what zarr-python 2 writes, nested rows and a 0-d array", async () => {
    const dir = join(tmp, "theirs.zarr");
    pythonOutput(python, [SCRIPT, "write", dir], { env: NO_BYTECODE });
    assert.match(readFileSync(join(dir, "strings", "0.0"), "latin1"), /^\[\["a","b"\],\["c","\\u00e9"\],"\|O",\[2,2\]\]$/);
    const h = await ZarrHierarchy.open(new LocalStore(dir));
    const strings = await (await h.openArray("strings")).get();
    assert.deepEqual(strings.shape, [3, 2]);
    assert.deepEqual(strings.data, VALUES.flat());
    assert.deepEqual((await (await h.openArray("scalar")).get()).data, ["only"]);
  });

  it("write nested rows that zarr-python 2 reads, a whole chunk byte for byte as it writes it", async () => {
    const theirs = join(tmp, "theirs.zarr");
    const ours = join(tmp, "ours.zarr");
    const h = await ZarrHierarchy.create(new LocalStore(ours), 2);
    // The same metadata zarr-python wrote: object dtype, the JSON codec as its filter, no compressor.
    const meta = parseV2Array(JSON.parse(readFileSync(join(theirs, "strings", ".zarray"), "utf8")), {}, { path: "/strings" });
    const arr = await h.createArray("strings", meta);
    await arr.set(null, { dtype: { kind: "object" }, shape: [3, 2], data: VALUES.flat() });
    // The whole chunk; the edge chunk's padding differs (zarr-python pads with the fill value 0, we with null).
    assert.deepEqual(readFileSync(join(ours, "strings", "0.0")), readFileSync(join(theirs, "strings", "0.0")));
    assert.deepEqual(readdirSync(join(ours, "strings")).sort(), readdirSync(join(theirs, "strings")).sort());
    const back = JSON.parse(pythonOutput(python, [SCRIPT, "read", ours], { env: NO_BYTECODE }));
    assert.deepEqual(back.strings, { shape: [3, 2], values: VALUES });
  });
});
