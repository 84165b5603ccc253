#!/usr/bin/env node
// Writes schema-bundle/bundled-namespaces.json: the bundled namespaces parsed from their YAML by the
// package's own loader, so opening a file reads one JSON instead of parsing the YAML. Run by
// scripts/update-schemas.sh after it refreshes the YAML; test/unit/nwb/schema-json.test.ts checks the
// two never drift. Needs the dev dependency tsx (the loader is TypeScript source).
// Usage: node scripts/write-schema-json.mjs
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { register } from "tsx/cjs/api";

// The package compiles to CommonJS, so its sources are loaded through tsx's require hook.
register();
const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundle = join(root, "schema-bundle");
const { BUNDLED_JSON_FILE, bundleJsonOf, readBundledYaml } = require("../src/spec/loading/bundled.ts");
const { fileSpecReader } = require("../src/spec/loading/node-loader.ts");

const loaded = await readBundledYaml(fileSpecReader(bundle));
const text = JSON.stringify(bundleJsonOf(loaded));
writeFileSync(join(bundle, BUNDLED_JSON_FILE), text + "\n");
console.log(`${join("schema-bundle", BUNDLED_JSON_FILE)}: ${loaded.map((n) => `${n.namespace.name} ${n.namespace.version}`).join(", ")} (${text.length} bytes)`);
