// A bundler keeps what the package entry does when it is loaded (it adds `display()` to containers,
// builders and datasets, and wires `ZarrIO.generateDatasetHtml`): package.json's `sideEffects`
// names the entry files, so a bundler never drops `import "hdmf-zarr"`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { build } from "esbuild";
import { makeConsumer, removeConsumer } from "./consumer.mjs";

// Only the entry's own effect: nothing is imported by name, so a bundler that thinks the entry
// has no side effects drops it.
const ENTRY = `import "hdmf-zarr";\n`;

test("a bundle of `import \"hdmf-zarr\"` keeps the entry's display methods", async () => {
  const dir = await makeConsumer({ "entry.mjs": ENTRY });
  try {
    const result = await build({
      entryPoints: [join(dir, "entry.mjs")],
      bundle: true,
      platform: "node",
      format: "esm",
      outfile: join(dir, "bundle.mjs"),
      external: ["h5wasm", "numcodecs", "pickleparser", "yaml", "@hdmf-zarr/*", "zstd-napi", "tslab"],
      metafile: true,
      logLevel: "silent",
    });
    const warnings = result.warnings.map((w) => w.text);
    assert.ok(!warnings.some((w) => /no side effects/.test(w)), `esbuild dropped the entry: ${warnings.join("; ")}`);
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(inputs.some((f) => /(^|\/)dist\/index\.mjs$/.test(f)), `bundle inputs: ${inputs.slice(0, 5).join(", ")}`);
  } finally {
    await removeConsumer(dir);
  }
});
