/**
 * The layer rules of docs/architecture.md (`.dependency-cruiser.cjs`): the sources break none of
 * them, and each rule catches the import it forbids (a tree written here breaks every rule once, so
 * a rule that matches nothing fails this test too).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { tempFolder } from "../../helpers/temp-folders.js";
import { REPO_ROOT } from "../../helpers/repo-paths.js";

const CONFIG = join(REPO_ROOT, ".dependency-cruiser.cjs");

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: { name: string }[];
  via?: { name: string }[];
}

/** Cruise `folders` under `baseDir` with the project's rules; the violations found. */
async function violations(baseDir: string, folders: string[]): Promise<Violation[]> {
  const { cruise } = await import("dependency-cruiser");
  const { default: extractOptions } = await import("dependency-cruiser/config-utl/extract-depcruise-options");
  const { default: extractTsConfig } = await import("dependency-cruiser/config-utl/extract-ts-config");
  const options = await extractOptions(CONFIG);
  const tsConfigFile = join(baseDir, "tsconfig.json");
  const result = await cruise(
    folders,
    { ...options, validate: true, baseDir, tsConfig: { fileName: tsConfigFile } },
    {},
    { tsConfig: extractTsConfig(tsConfigFile) },
  );
  const output = result.output as { summary: { violations: Violation[] } };
  return output.summary.violations;
}

function describe(v: Violation): string {
  const path = v.cycle ?? v.via;
  return `${v.rule.name}: ${v.from} → ${path ? path.map((p) => p.name).join(" → ") : v.to}`;
}

test("the sources follow every layer rule and have no import loop", async () => {
  const found = await violations(REPO_ROOT, ["src"]);
  assert.deepEqual(found.map(describe), []);
});

/** One import per rule that breaks it: [rule, importing file, what it imports]. */
const BREAKS: [string, string, string][] = [
  ["store-knows-no-zarr", "src/store/a.ts", "../zarr/ok.js"],
  ["zarr-knows-no-hdmf", "src/zarr/a.ts", "../format/ok.js"],
  ["data-below-format", "src/data/a.ts", "../format/ok.js"],
  ["spec-is-storage-free", "src/spec/a.ts", "../store/ok.js"],
  ["format-knows-no-containers", "src/format/a.ts", "../build/ok.js"],
  ["validate-below-build", "src/validate/a.ts", "../build/ok.js"],
  ["build-below-io", "src/build/a.ts", "../io/ok.js"],
  ["io-below-nwb", "src/io/a.ts", "../nwb/ok.js"],
  ["nwb-below-repr", "src/nwb/a.ts", "../cli/ok.js"],
  ["repr-below-cli", "src/repr/a.ts", "../cli/ok.js"],
  ["cli-not-extension", "src/cli/a.ts", "../extension/ok.js"],
  ["no-display-in-data-path", "src/format/b.ts", "../repr/ok.js"],
  ["no-import-of-the-entry", "src/build/b.ts", "../index.js"],
  ["browser-bundle-has-no-node-code", "src/extension/a.ts", "../store/node-only.js"],
  ["no-circular", "src/zarr/loop-a.ts", "./loop-b.js"],
];

test("each rule catches the import it forbids", async () => {
  const dir = tempFolder("hdmf-zarr-layers");
  try {
    const write = (file: string, text: string) => {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    };
    write("tsconfig.json", JSON.stringify({ compilerOptions: { module: "Node16", moduleResolution: "Node16", strict: true } }));
    for (const layer of ["store", "zarr", "data", "spec", "format", "validate", "build", "io", "nwb", "repr", "cli", "extension"]) {
      write(`src/${layer}/ok.ts`, "export const ok = 1;\n");
    }
    write("src/index.ts", "export const entry = 1;\n");
    write("src/store/node-only.ts", 'import { readFileSync } from "node:fs";\nexport const read = readFileSync;\n');
    write("src/zarr/loop-b.ts", 'import { a } from "./loop-a.js";\nexport const b = () => a;\n');
    BREAKS.forEach(([, file, target], i) => {
      write(file, `import * as m${i} from ${JSON.stringify(target)};\nexport const a = m${i};\n`);
    });

    const found = await violations(dir, ["src"]);
    const rulesHit = new Map<string, string[]>();
    for (const v of found) rulesHit.set(v.rule.name, [...(rulesHit.get(v.rule.name) ?? []), describe(v)]);
    for (const [rule, file, target] of BREAKS) {
      assert.ok(rulesHit.has(rule), `${rule} did not catch ${file} importing ${target}; found: ${found.map(describe).join("; ")}`);
    }
    // Every rule of the configuration is exercised above.
    const { default: extractOptions } = await import("dependency-cruiser/config-utl/extract-depcruise-options");
    const ruleNames = ((await extractOptions(CONFIG)).ruleSet?.forbidden ?? []).map((r) => r.name);
    assert.deepEqual([...new Set(BREAKS.map(([rule]) => rule))].sort(), [...ruleNames].sort());
    // The allowed direction is not reported: store/ok, zarr/ok … import nothing; format → zarr is fine.
    assert.ok(!found.some((v) => v.from === "src/zarr/ok.ts"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Where each value-model and tree function is defined: once, in the layer that owns it. */
const OWNERS: Record<string, string> = {
  isNdArray: "src/zarr/dtype.ts", // beside the NdArray type the chunk engine returns; src/data re-exports it
  cStrides: "src/zarr/indexing.ts",
  isTypedArray: "src/data/guards.ts",
  typedArrayDtype: "src/data/guards.ts",
  shapeOf: "src/data/shape-of.ts",
  flatten: "src/data/flatten.ts",
  nest: "src/zarr/nested.ts", // the pickle decoder needs it too; src/data re-exports it
  dtypeOf: "src/data/dtype-of.ts",
  unwrapData: "src/data/data-io.ts",
  isBlockSource: "src/data/block-source.ts",
  isLazyArray: "src/data/lazy-array.ts",
  walkBuilders: "src/format/walk-builders.ts",
};
/** Names the old copies had: none may come back under them. */
const RETIRED = ["shapeOfData", "listShape", "dataShape", "memoryShape", "flatValues"];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(`${dir}/${e.name}`) : e.name.endsWith(".ts") ? [`${dir}/${e.name}`] : []);
}

test("each value-model function is defined once, by its owner", () => {
  const defined = new Map<string, string[]>();
  const definition = /(?:function\*?\s+|(?:const|let)\s+)([A-Za-z_$][\w$]*)\s*(?:<[^>]*>)?\s*[(=]/g;
  for (const file of sourceFiles("src")) {
    for (const m of readFileSync(join(REPO_ROOT, file), "utf8").matchAll(definition)) {
      defined.set(m[1], [...(defined.get(m[1]) ?? []), file]);
    }
  }
  for (const [name, owner] of Object.entries(OWNERS)) assert.deepEqual(defined.get(name), [owner], `${name}`);
  for (const name of RETIRED) assert.equal(defined.get(name), undefined, `${name} is defined again in ${defined.get(name)}`);
});
