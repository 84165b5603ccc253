/**
 * The README's TypeScript examples run as written: every ```ts block, in order, as one module
 * (their `hdmf-zarr` imports merged), in a folder holding the files they name. A README example
 * that stops working fails here.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, describe, it } from "node:test";
import { NWBZarrIO, slice, type TimeSeries } from "../../../src/index.js";
import { FIXTURES_DIR } from "../../helpers/fixture-paths.js";
import { tempFolder } from "../../helpers/temp-folders.js";
import { REPO_ROOT as ROOT } from "../../helpers/repo-paths.js";

const FIXTURES = FIXTURES_DIR;
/** The files the examples open, by the names they use. */
const FILES: Record<string, string> = {
  "ecephys_tutorial.nwb.zarr": join(FIXTURES, "zarr-v2", "ecephys_tutorial.nwb.zarr"),
  "zarr_tutorial.nwb.zarr": join(FIXTURES, "zarr-v2", "zarr_tutorial.nwb.zarr"),
  "old.nwb.zarr": join(FIXTURES, "zarr-v2", "zarr_tutorial.nwb.zarr"),
  "session.nwb": join(FIXTURES, "hdf5", "2.2.0_subject_no_age__reference.nwb"),
};

/**
 * The README's ts blocks as one CommonJS module (as tslab runs cells): imports from "hdmf-zarr"
 * merged into one, pointing at `entry`, the bodies in one async function (top-level await).
 */
export function readmeModule(readme: string, entry: string): string {
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  const names = new Set<string>();
  const bodies = blocks.map((b) =>
    b.replace(/^import \{([^}]*)\} from "hdmf-zarr";\n/gm, (_, list: string) => {
      for (const n of list.split(",")) if (n.trim()) names.add(n.trim());
      return "";
    }),
  );
  return `import { ${[...names].join(", ")} } from ${JSON.stringify(entry)};\n` +
    `async function main(): Promise<void> {\n${bodies.join("\n")}\n}\n` +
    `main().then(() => console.log("README examples done"), (e) => { console.error(e); process.exitCode = 1; });\n`;
}

const work = tempFolder("hdmf-zarr-readme");
after(() => rmSync(work, { recursive: true, force: true }));

describe("README examples", () => {
  it("run as written on the files they name", { timeout: 180_000 }, async () => {
    for (const [name, source] of Object.entries(FILES)) cpSync(source, join(work, name), { recursive: true });
    const code = readmeModule(readFileSync(join(ROOT, "README.md"), "utf8"), join(ROOT, "src", "index.js"));
    assert.match(code, /import \{ [^}]*NWBZarrIO[^}]*\}/, "the README has examples that import from hdmf-zarr");
    // The module lives in the project (git-ignored test-output/) so tsx compiles it and the sources
    // as it compiles the tests; it runs in the folder of the example files.
    const script = join(ROOT, "test-output", "readme-examples.ts");
    mkdirSync(dirname(script), { recursive: true });
    writeFileSync(script, code);
    const tsx = pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;
    const r = spawnSync(process.execPath, ["--import", tsx, script], { cwd: work, encoding: "utf8", timeout: 170_000 });
    assert.equal(r.status, 0, `the README examples failed:\n${r.stderr.slice(-4000)}\n--- module ---\n${code}`);
    assert.match(r.stdout, /README examples done/);
    // What the examples write is there and holds what they put in.
    for (const made of ["new.zarr", "demo.nwb.zarr", "big.nwb.zarr", "session.nwb.zarr", "new.nwb.zarr"]) {
      assert.ok(existsSync(join(work, made)), `${made} written`);
    }
    // The iterator example's rows: value (t + c) % 100 at row t, column c.
    const big = await NWBZarrIO.readNwb(join(work, "big.nwb.zarr"));
    const raw = (big.acquisition.get("raw") as TimeSeries).data!;
    assert.deepEqual(raw.shape, [100_000, 64]);
    const block = await raw.get([slice(54_321, 54_323), slice(5, 8)]);
    assert.deepEqual(Array.from(block.data as Int16Array), [26, 27, 28, 27, 28, 29]);
  });
});
