/**
 * Interop with the Python reference, both conventions, both directions:
 *  - hdmf-zarr (0.14 for Zarr v3, 0.13 for Zarr v2) writes every case; our reader's dump must equal Python's dump;
 *  - we write every case; Python dumps our files and they must match the case (check_dumps.py), and our own
 *    dump of our files must equal Python's;
 *  - the external NWB fixtures: our dump equals hdmf-zarr 0.13's dump.
 * Needs the venvs of setup-venvs.sh; without Python >= 3.12 every test is skipped with the reason.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { dumpStore } from "./ts/dump.js";
import { loadCases, writeCase } from "./ts/cli.js";
import { ZarrIO } from "../../src/index.js";
import { FIXTURES_DIR } from "../helpers/fixture-paths.js";
import { venvPython } from "../helpers/python.js";
import { REPO_ROOT as root } from "../helpers/repo-paths.js";

const out = join(root, "test-output", "interop");
const casesDir = join(__dirname, "cases");
const fixtures = FIXTURES_DIR;
const conventions = ["v3", "v2"] as const;
const format = { v2: 2, v3: 3 } as const;

function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", env: { ...process.env, INTEROP_OUT: out, ...env }, maxBuffer: 64 << 20 });
  return { status: r.status ?? 1, output: `${r.stdout}\n${r.stderr}` };
}

const ready = existsSync(venvPython("v3")) && existsSync(venvPython("v2"));
const skip = ready ? false : "SKIP interop: Python venvs missing (no Python >= 3.12; see test/interop/setup-venvs.sh)";
const cases = loadCases(casesDir);

/** check_dumps.py output → per-case verdicts. */
function parseChecks(text: string): Map<string, string> {
  const verdicts = new Map<string, string>();
  let current: string | undefined;
  for (const line of text.split("\n")) {
    const m = /^(OK|MISMATCH)\s+(\S+) \((v[23])\)/.exec(line);
    if (m) {
      current = `${m[2]} ${m[3]}`;
      verdicts.set(current, m[1] === "OK" ? "OK" : "");
    } else if (current && line.startsWith("    ") && verdicts.get(current) !== "OK") {
      verdicts.set(current, `${verdicts.get(current)}\n${line.trim()}`);
    }
  }
  return verdicts;
}

function readDump(file: string): unknown {
  return JSON.parse(readFileSync(file, "utf8"));
}

describe("interop with Python hdmf-zarr", { skip }, () => {
  const pyChecks = new Map<string, string>();
  before(() => {
    const gen = run("bash", ["test/interop/generate.sh"]);
    if (gen.status !== 0) throw new Error(`Python side failed:\n${gen.output.slice(-4000)}`);
  }, { timeout: 15 * 60_000 });

  for (const conv of conventions) {
    describe(`Python writes, we read (${conv})`, () => {
      for (const c of cases) {
        test(`${c.name}`, { skip: c.conventions && !c.conventions.includes(conv) ? `case is for ${c.conventions.join(", ")} only` : false }, async (t) => {
          const store = join(out, `py-${conv}`, `${c.name}.zarr`);
          if (!existsSync(store)) return t.skip(`hdmf-zarr (${conv}) does not write this case`);
          assert.deepStrictEqual(await dumpStore(store), readDump(`${store}.dump.json`));
        });
      }
      test("hdmf-common container file with spec cache", async () => {
        const store = join(out, `py-${conv}`, "hdmf_common.zarr");
        assert.deepStrictEqual(await dumpStore(store), readDump(`${store}.dump.json`));
      });
    });

    describe(`we write, Python reads (${conv})`, () => {
      const dir = join(out, `ts-${conv}`);
      const ours = new Map<string, unknown>();
      before(async () => {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        for (const c of cases) {
          try {
            await writeCase(c, dir, format[conv]);
          } catch (e) {
            ours.set(c.name, e);
          }
        }
        const check = run("bash", ["test/interop/check_dir.sh", dir, "--convention", conv]);
        for (const [k, v] of parseChecks(check.output)) pyChecks.set(k, v);
      }, { timeout: 10 * 60_000 });
      for (const c of cases) {
        test(`${c.name}`, { skip: c.conventions && !c.conventions.includes(conv) ? `case is for ${c.conventions.join(", ")} only` : false }, async () => {
          if (ours.has(c.name)) throw ours.get(c.name);
          const verdict = pyChecks.get(`${c.name} ${conv}`);
          assert.equal(verdict, "OK", `Python's read of our ${conv} file differs from the case:${verdict}`);
          const store = join(dir, `${c.name}.zarr`);
          assert.deepStrictEqual(await dumpStore(store), readDump(`${store}.dump.json`), "our read of our file differs from Python's");
        });
      }
    });
  }

  describe("copy of a Python file, spec cache included, reads the same in Python", () => {
    for (const conv of conventions) {
      test(`hdmf-common container file (${conv})`, async () => {
        const source = join(out, `py-${conv}`, "hdmf_common.zarr");
        const target = join(out, `copy-${conv}`, "hdmf_common.zarr");
        rmSync(join(out, `copy-${conv}`), { recursive: true, force: true });
        const src = new ZarrIO(source, "r");
        const root = await src.readBuilder();
        const spec = await src.readSpecCache();
        const cacheSpec = [...spec].flatMap(([name, versions]) => [...versions].map(([version, documents]) => ({ name, version, documents })));
        const dst = new ZarrIO(target, "w", { zarrFormat: format[conv] });
        await dst.writeBuilder(root, { linkData: false, cacheSpec });
        await dst.close();
        const dump = run("bash", ["test/interop/dump_dir.sh", join(out, `copy-${conv}`), "--convention", conv]);
        assert.equal(dump.status, 0, dump.output);
        const withoutZarrFacts = (doc: unknown): unknown => JSON.parse(JSON.stringify(doc, (k, v) => (k === "zarr" ? undefined : v)));
        const pyOfCopy = withoutZarrFacts(readDump(`${target}.dump.json`)) as Record<string, unknown>;
        const pyOfSource = withoutZarrFacts(readDump(`${source}.dump.json`)) as Record<string, unknown>;
        assert.deepStrictEqual(pyOfCopy.root, pyOfSource.root);
        assert.deepStrictEqual(pyOfCopy.specifications, pyOfSource.specifications);
        assert.deepStrictEqual((await ZarrIO.loadNamespaces(target)).map((n) => `${n.name}/${n.version}`).sort(),
          (await src.loadNamespaces()).map((n) => `${n.name}/${n.version}`).sort());
      });
    }
  });

  describe("external fixtures read like hdmf-zarr 0.13 reads them", () => {
    const dir = join(out, "fixtures");
    before(() => {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      for (const name of readdirSync(join(fixtures, "zarr-v2"))) cpSync(join(fixtures, "zarr-v2", name), join(dir, name), { recursive: true });
      const dump = run("bash", ["test/interop/dump_dir.sh", dir, "--convention", "v2"]);
      if (dump.status !== 0) throw new Error(dump.output.slice(-3000));
    }, { timeout: 5 * 60_000 });
    for (const name of ["ecephys_tutorial.nwb.zarr", "zarr_tutorial.nwb.zarr"]) {
      test(name, async () => {
        const store = join(dir, name);
        assert.deepStrictEqual(await dumpStore(store, true), readDump(`${store}.dump.json`));
      });
    }
  });

  after(() => undefined);
});
