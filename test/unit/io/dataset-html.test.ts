/**
 * `ZarrIO.generateDatasetHtml`: the I/O layer does not import the display layer; the package entry
 * installs it. Through the entry it gives the display layer's table; without it, a typed error.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { ZarrIO, type DatasetBuilder } from "../../../src/index.js";
import { generateDatasetHtml } from "../../../src/repr/index.js";
import { ZARR_TUTORIAL_FIXTURE } from "../../helpers/fixture-paths.js";

test("through the package entry, ZarrIO.generateDatasetHtml is the display layer's table", async () => {
  const io = new ZarrIO(ZARR_TUTORIAL_FIXTURE, "r");
  try {
    const root = await io.readBuilder();
    const data = (root.get("acquisition/synthetic_timeseries/data") as DatasetBuilder).data;
    const html = await ZarrIO.generateDatasetHtml(data);
    assert.match(html, /class="data-info"/);
    assert.equal(html, await generateDatasetHtml(data));
  } finally {
    await io.close();
  }
});

test("without the package entry, ZarrIO.generateDatasetHtml rejects with DisplayNotLoadedError", () => {
  const zarrIo = resolve(__dirname, "../../../src/io/zarr-io.ts");
  const script = `const { ZarrIO } = require(${JSON.stringify(zarrIo)});
ZarrIO.generateDatasetHtml({}).then(() => console.log("rendered"), (e) => console.log(e.name + ": " + e.message));`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--eval", script], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout.trim(), /^DisplayNotLoadedError: ZarrIO\.generateDatasetHtml needs the display layer, which is not loaded/);
});
