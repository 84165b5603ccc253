/**
 * The pre-parsed bundle (schema-bundle/bundled-namespaces.json) is exactly what parsing the bundled
 * YAML gives, so the two never drift (regenerate with `node scripts/write-schema-json.mjs`, which
 * scripts/update-schemas.sh runs); loading reads the JSON, falls back to the YAML without it, and a
 * broken JSON is a typed error naming the file.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { BUNDLED_JSON_FILE, readBundleJson, readBundledNamespaces, readBundledYaml } from "../../../src/spec/loading/bundled.js";
import { SpecSyntaxError } from "../../../src/spec/errors.js";
import { bundledSchemaDir, fileSpecReader, loadBundledNamespaces } from "../../../src/spec/loading/node-loader.js";
import type { SpecFileReader } from "../../../src/spec/loading/spec-reader.js";

const dir = bundledSchemaDir();
const label = (p: string) => join(dir, p);

describe("the pre-parsed schema bundle", () => {
  it("equals what parsing the YAML gives: namespaces, documents, origins and source locations", async () => {
    const fromYaml = await readBundledYaml(fileSpecReader(dir), label);
    const fromJson = readBundleJson(await readFile(join(dir, BUNDLED_JSON_FILE), "utf8"), label);
    assert.deepEqual(fromJson.map((n) => `${n.namespace.name} ${n.namespace.version}`), ["hdmf-common 1.10.0", "hdmf-experimental 0.6.0", "core 2.11.0"]);
    assert.deepEqual(fromJson, fromYaml);
    assert.equal(Object.keys(fromJson[2].documents).length, 13, "core has 13 sources");
  });

  it("is what loading reads (and the YAML is not read at all)", async () => {
    const asked: string[] = [];
    const disk = fileSpecReader(dir);
    const spy: SpecFileReader = (p) => (asked.push(p), disk(p));
    const loaded = await readBundledNamespaces(spy, label);
    assert.deepEqual(asked, [BUNDLED_JSON_FILE]);
    assert.equal(loaded[2].origin, join(dir, "core/nwb.namespace.yaml"));
    const catalog = await loadBundledNamespaces();
    assert.ok(catalog.getSpec("core", "ElectrodesTable"));
  });

  it("falls back to the YAML when the bundle has no JSON, with the same result", async () => {
    const disk = fileSpecReader(dir);
    const withoutJson: SpecFileReader = (p) => (p === BUNDLED_JSON_FILE ? Promise.resolve(undefined) : disk(p));
    assert.deepEqual(await readBundledNamespaces(withoutJson), await readBundledYaml(disk));
  });

  it("refuses a broken JSON with a typed error naming the file", () => {
    assert.throws(() => readBundleJson("{\"namespaces\": [", label), (e: unknown) => e instanceof SpecSyntaxError && /not valid JSON/.test(e.message) && e.store === label(BUNDLED_JSON_FILE));
    assert.throws(() => readBundleJson("{\"namespaces\": [{\"file\": 3}]}", label), SpecSyntaxError);
  });
});
