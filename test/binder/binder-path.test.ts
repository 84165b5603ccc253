/**
 * The Binder path without Binder, and `npm run demo`.
 *
 * A clean copy of the repository (the files git would commit: tracked and untracked-but-not-ignored,
 * so dist/, .venv-*, demo/data and the like do not help) gets a fresh venv with JupyterLab standing
 * in for Binder's conda env, HOME set to a temp folder and the venv first on PATH, and runs
 * `binder/postBuild` from the copy's root as repo2docker would. The copy is made a git work tree
 * first, so that what the setup leaves behind shows in its git status. node_modules is not
 * installed again (that is npm ci's job, 2 minutes): the copy's node_modules is a folder of links
 * to this tree's packages, and postBuild is told to skip `npm ci` by HDMF_ZARR_SKIP_NPM_CI=1.
 * Everything else — build, kernelspec, extension, demo store — happens in the copy and the venv.
 *
 * Then: the kernelspec is the one in the prefix and its tslab runs; `jupyter labextension list`
 * shows the extension; the prefix's jupyter_server_config.json serves dot files (Zarr v2
 * metadata) and its settings overrides turn off JupyterLab's news; the demo notebooks run on that
 * kernel (test/notebooks/execute.py) and print the values the library reads here;
 * `scripts/demo.sh --no-start` prepares a venv without advice to restart anything, and started,
 * the server answers /api/status with its token and serves a v2 store's .zmetadata; and git sees
 * nothing left behind. Skips visibly when no Python >= 3.12 is around.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync, type SpawnOptions } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, beforeEach, describe, it, type TestContext } from "node:test";
import { DynamicTable, NWBZarrIO, Subject, TimeSeries, Units, slice } from "../../src/index.js";
import { DEMO } from "../../scripts/write-demo-store.js";
import { cellProblems, payloadOf, readNotebook, stdoutOf, type Notebook } from "./notebook-outputs.js";
import { isolatedEnv, stopGroup } from "../browser/lab.js";
import { tempFolder } from "../helpers/temp-folders.js";
import { REPO_ROOT as ROOT } from "../helpers/repo-paths.js";

const KEEP = process.env.BINDER_TEST_KEEP === "1"; // keep the temp folder to look at it

interface Run {
  code: number | null;
  out: string;
}

/** Run a command to its end, stdout and stderr together (the order a person would see). */
function run(cmd: string, args: string[], opts: SpawnOptions & { timeoutMs?: number }): Promise<Run> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { ...opts, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 600_000);
    child.on("error", fail);
    child.on("close", (code) => {
      clearTimeout(timer);
      ok({ code, out });
    });
  });
}

const tail = (s: string, n = 60) => s.split("\n").slice(-n).join("\n");

/** The files git would commit, copied; node_modules as a folder of links to this tree's packages. */
function cleanCopy(target: string): void {
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" });
  assert.equal(listed.status, 0, `git ls-files: ${listed.stderr}`);
  for (const rel of listed.stdout.split("\0").filter(Boolean)) {
    const from = join(ROOT, rel);
    if (!existsSync(from)) continue; // deleted in the work tree, not yet in the index
    mkdirSync(dirname(join(target, rel)), { recursive: true });
    cpSync(from, join(target, rel), { verbatimSymlinks: true });
  }
  // A real folder (not one link), so that the setup's node_modules/hdmf-zarr -> .. lands in the copy.
  mkdirSync(join(target, "node_modules"));
  for (const name of readdirSync(join(ROOT, "node_modules"))) {
    if (name === "hdmf-zarr") continue;
    symlinkSync(join(ROOT, "node_modules", name), join(target, "node_modules", name));
  }
}

/** The copy as a git work tree with everything committed: what the setup leaves shows as untracked. */
function commitCopy(dir: string): void {
  const git = (...args: string[]) => {
    const r = spawnSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.invalid", ...args], { cwd: dir, encoding: "utf8" });
    assert.equal(r.status, 0, `git ${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
  };
  git("init", "-q");
  git("add", "-A");
  git("commit", "-q", "-m", "the clean copy");
}

const tmp = tempFolder("hdmf-zarr-binder");
const copy = join(tmp, "repo");
const prefix = join(tmp, "env");
const home = join(tmp, "home");
const executed = join(tmp, "executed");
let skip: string | false = false;
let postBuild: Run;
let binderEnv: NodeJS.ProcessEnv;

/** Make a lab venv with the repo's script; false (and the reason in `skip`) when there is no Python. */
async function labVenv(dir: string): Promise<boolean> {
  const r = await run("bash", [join(ROOT, "scripts", "make-lab-venv.sh"), dir], { cwd: ROOT });
  if (r.code === 3) {
    skip = (r.out.split("\n").find((l) => l.startsWith("SKIP ")) ?? "SKIP no Python >= 3.12").slice(5);
    return false;
  }
  assert.equal(r.code, 0, `make-lab-venv.sh failed:\n${tail(r.out)}`);
  return true;
}

function skipped(t: TestContext): boolean {
  if (skip) t.skip(skip);
  return skip !== false;
}

before(async () => {
  mkdirSync(home);
  cleanCopy(copy);
  commitCopy(copy);
  if (!(await labVenv(prefix))) return;
  binderEnv = isolatedEnv(home, { PATH: `${join(prefix, "bin")}:${process.env.PATH}`, HDMF_ZARR_SKIP_NPM_CI: "1" });
  const started = Date.now();
  postBuild = await run("bash", ["binder/postBuild"], { cwd: copy, env: binderEnv, timeoutMs: 900_000 });
  console.log(`# postBuild exit ${postBuild.code} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, { timeout: 1_200_000 });

after(() => {
  if (!KEEP) rmSync(tmp, { recursive: true, force: true });
  else console.log(`# kept ${tmp}`);
});

describe("binder/postBuild in a clean prefix", () => {
  it("exits 0", (t) => {
    if (skipped(t)) return;
    assert.equal(postBuild.code, 0, `postBuild failed:\n${tail(postBuild.out)}`);
  });

  it("registers the tslab kernel in the prefix, pointing at the copy's tslab, which runs", async (t) => {
    if (skipped(t)) return;
    const file = join(prefix, "share", "jupyter", "kernels", "tslab", "kernel.json");
    assert.ok(existsSync(file), `no ${file}:\n${tail(postBuild.out)}`);
    const spec = JSON.parse(readFileSync(file, "utf8")) as { argv: string[]; language: string };
    const tslab = join(copy, "node_modules", ".bin", "tslab");
    assert.deepEqual(spec.argv, [tslab, "kernel", "--config-path", "{connection_file}"]);
    assert.equal(spec.language, "typescript");
    // Jupyter in the prefix finds exactly this spec.
    const listed = await run(join(prefix, "bin", "jupyter"), ["kernelspec", "list", "--json"], { cwd: copy, env: binderEnv });
    assert.equal(listed.code, 0, listed.out);
    const specs = (JSON.parse(listed.out.slice(listed.out.indexOf("{"))) as { kernelspecs: Record<string, { resource_dir: string }> }).kernelspecs;
    assert.equal(specs.tslab?.resource_dir, dirname(file));
    const version = await run(tslab, ["--version"], { cwd: copy, env: binderEnv });
    assert.equal(version.code, 0, version.out);
    assert.match(version.out, /^tslab 1\.\d+\.\d+/m);
  });

  it("installs the JupyterLab extension: `jupyter labextension list` in the prefix shows it enabled", async (t) => {
    if (skipped(t)) return;
    const dir = join(prefix, "share", "jupyter", "labextensions", "hdmf-zarr");
    assert.ok(existsSync(join(dir, "package.json")),
      `the extension is not in ${dir}: dist/labextension was not built or 'hdmf-zarr install-lab' failed. postBuild said:\n${tail(postBuild.out, 25)}`);
    const listed = await run(join(prefix, "bin", "jupyter"), ["labextension", "list"], { cwd: copy, env: binderEnv });
    assert.equal(listed.code, 0, listed.out);
    const line = listed.out.split("\n").find((l) => /^\s*hdmf-zarr v/.test(l));
    assert.ok(line, `hdmf-zarr not listed:\n${listed.out}`);
    assert.match(line, /enabled/);
    assert.match(line, /OK/);
    assert.ok(listed.out.includes(join(prefix, "share", "jupyter", "labextensions")), "listed from the prefix's labextensions folder");
  });

  it("makes the server serve Zarr v2 metadata (dot files) and turns off JupyterLab's news, through files in the prefix", (t) => {
    if (skipped(t)) return;
    const config = JSON.parse(readFileSync(join(prefix, "etc", "jupyter", "jupyter_server_config.json"), "utf8"));
    assert.equal(config.ContentsManager?.allow_hidden, true);
    assert.ok(!existsSync(join(prefix, "etc", "jupyter", "jupyter_server_config.d", "hdmf-zarr.json")), "nothing in the folder the server reads only extension switches from");
    const overrides = JSON.parse(readFileSync(join(prefix, "share", "jupyter", "lab", "settings", "overrides.d", "hdmf-zarr-demo.json"), "utf8"));
    assert.deepEqual(overrides["@jupyterlab/apputils-extension:notification"], { fetchNews: "false", checkForUpdates: false });
  });

  it("writes the demo store with the demo's values", async (t) => {
    if (skipped(t)) return;
    const store = join(copy, "demo", "data", "demo.nwb.zarr");
    assert.ok(existsSync(join(store, "zarr.json")), `no Zarr v3 store at ${store}`);
    const f = await NWBZarrIO.readNwb(store);
    assert.equal(f.identifier, DEMO.identifier);
    assert.equal(f.sessionStartTime!.toISOString(), DEMO.sessionStartTime);
    const es = f.acquisition.get("ElectricalSeries") as TimeSeries;
    assert.deepEqual(await es.data!.toList(), DEMO.voltages);
    assert.deepEqual((await (f.electrodes as DynamicTable).toRecords()).map((r) => r.location), DEMO.locations);
    const units = f.units as Units;
    for (let i = 0; i < DEMO.spikeTimes.length; i++) assert.deepEqual(await units.spikeTimes(i), DEMO.spikeTimes[i]);
  });
});

describe("the demo notebooks on the registered kernel", () => {
  let runOut = "";
  const notebooks = () => readdirSync(join(copy, "demo")).filter((n) => n.endsWith(".ipynb")).sort();
  before(async () => {
    if (skip || postBuild.code === null) return;
    // The prefix's own Python and Jupyter paths; HOME is the temp one: only the prefix's kernelspec.
    const r = await run(join(prefix, "bin", "python"), [
      join(copy, "test", "notebooks", "execute.py"), "--out", executed, "--timeout", "180",
      ...notebooks().map((n) => join(copy, "demo", n)),
    ], { cwd: copy, env: binderEnv, timeoutMs: 900_000 });
    runOut = r.out;
  }, { timeout: 900_000 });

  /**
   * The executed copy of a notebook, read once for the tests of the enclosing describe, whose first
   * test is that every code cell ran cleanly.
   */
  function executedNotebook(name: string): Notebook {
    const holder = {} as Notebook;
    before(() => {
      if (!skip && existsSync(join(executed, name))) Object.assign(holder, readNotebook(join(executed, name)));
    });
    beforeEach(() => assert.ok(skip || holder.cells, `${name} was not executed:\n${tail(runOut || postBuild.out)}`));
    it("ran every cell without an error", (t) => {
      if (skipped(t)) return;
      assert.deepEqual(cellProblems(holder), [], runOut);
    });
    return holder;
  }

  it("are kept without outputs in the repository and use the tslab kernel", (t) => {
    if (skipped(t)) return;
    assert.deepEqual(notebooks(), ["convert.ipynb", "demo.ipynb"]);
    for (const name of notebooks()) {
      const nb = readNotebook(join(ROOT, "demo", name));
      assert.equal(nb.metadata.kernelspec?.name, "tslab");
      for (const c of nb.cells) assert.deepEqual(c.outputs ?? [], [], `${name} ${c.id}: outputs committed`);
    }
  });

  describe("demo.ipynb", () => {
    const nb = executedNotebook("demo.ipynb");

    it("prints the fixture's facts: the shape is the one in the array's metadata", async (t) => {
      if (skipped(t)) return;
      const fixture = join(ROOT, "demo", "fixtures", "zarr_tutorial.nwb.zarr");
      const meta = JSON.parse(readFileSync(join(fixture, "acquisition", "synthetic_timeseries", "data", ".zarray"), "utf8")) as { shape: number[] };
      const f = await NWBZarrIO.readNwb(fixture);
      const ts = f.acquisition.get("synthetic_timeseries") as TimeSeries;
      assert.deepEqual(stdoutOf(nb, "read-fixture"), [
        `fixtures/zarr_tutorial.nwb.zarr: NWB ${f.nwbVersion}, identifier ${f.identifier}`,
        `acquisition: synthetic_timeseries`,
        `synthetic_timeseries data: shape ${JSON.stringify(meta.shape)}, rate ${ts.rate} Hz, unit ${ts.unit}`,
      ]);
      const corner = await ts.data!.toList([slice(0, 2), slice(0, 3)]);
      assert.deepEqual(stdoutOf(nb, "slice"), [`first 2 rows, first 3 columns: ${JSON.stringify(corner)}`]);
    });

    it("displays the fixture as a store with the hdmf-zarr MIME type", (t) => {
      if (skipped(t)) return;
      const { payload, html } = payloadOf(nb, "display-fixture");
      assert.equal(payload.kind, "store");
      assert.equal(payload.name, "zarr_tutorial.nwb.zarr");
      assert.deepEqual(payload.type, { name: "NWBFile", namespace: "core" });
      assert.equal(payload.store.zarrFormat, 2);
      assert.ok(html.includes("synthetic_timeseries"), "the HTML shows the acquisition");
    });

    it("writes an NWB file from TypeScript, reads it back and displays it", async (t) => {
      if (skipped(t)) return;
      const written = await NWBZarrIO.readNwb(join(copy, "demo", "data", "notebook.nwb.zarr"));
      const speed = written.acquisition.get("speed") as TimeSeries;
      const values = await speed.data!.toList();
      assert.deepEqual(values, [0.1, 0.4, 0.9, 1.3, 1.1, 0.6]);
      assert.deepEqual(stdoutOf(nb, "write"), [
        `${written.identifier}: ${written.sessionDescription}`,
        `speed in m/s at 2 Hz: ${JSON.stringify(values)}`,
      ]);
      const { payload } = payloadOf(nb, "display-written");
      assert.deepEqual(payload.type, { name: "NWBFile", namespace: "core" });
      assert.equal(payload.store.zarrFormat, 3);
      assert.ok(payload.store.location?.endsWith("/demo/data/notebook.nwb.zarr"), `location ${payload.store.location}`);
    });

    it("reads the demo store's electrodes and units", (t) => {
      if (skipped(t)) return;
      assert.deepEqual(stdoutOf(nb, "demo-store"), [
        `${DEMO.identifier}: ${DEMO.locations.length} electrodes (location, group, group_name, x, y, z, label)`,
        `acquisition: ElectricalSeries, temperature`,
        `unit 0 spike times: ${JSON.stringify(DEMO.spikeTimes[0])}`,
      ]);
      const { payload } = payloadOf(nb, "display-units");
      assert.deepEqual(payload.type, { name: "Units", namespace: "core" });
      assert.equal(payload.path, "/units");
    });
  });

  describe("convert.ipynb (HDF5 → Zarr)", () => {
    const nb = executedNotebook("convert.ipynb");

    it("converts the pynwb HDF5 file into Zarr v3 and prints its subject", async (t) => {
      if (skipped(t)) return;
      const converted = join(copy, "demo", "data", "converted.nwb.zarr");
      assert.ok(existsSync(join(converted, "zarr.json")), "the converted store is Zarr v3");
      const f = await NWBZarrIO.readNwb(converted);
      const subject = f.subject as Subject;
      // Values of the source file (pynwb's back-compat suite), as h5py shows them.
      assert.equal(f.identifier, "ADDME");
      assert.equal(subject.subjectId, "RAT123");
      assert.equal(subject.description, "A rat");
      assert.equal(subject.age, "P90D");
      assert.deepEqual(stdoutOf(nb, "read"), [
        `identifier ADDME, started ${f.sessionStartTime!.toISOString()}`,
        `subject RAT123: A rat, age P90D`,
      ]);
      const [counts, listing] = stdoutOf(nb, "convert");
      assert.match(counts, /^Zarr v3: \d+ groups, \d+ datasets, \d+ links$/);
      for (const e of ["zarr.json", "general", "identifier", "specifications"]) assert.ok(listing.includes(e), `${e} in ${listing}`);
      const { payload } = payloadOf(nb, "display");
      assert.deepEqual(payload.type, { name: "NWBFile", namespace: "core" });
    });
  });
});

describe("scripts/demo.sh (npm run demo)", () => {
  const venv = join(tmp, "venv-demo");
  let demoEnv: NodeJS.ProcessEnv;
  let setup: Run;
  before(async () => {
    if (skip) return;
    demoEnv = isolatedEnv(home, { HDMF_ZARR_DEMO_VENV: venv });
    setup = await run("bash", ["scripts/demo.sh", "--no-start"], { cwd: copy, env: demoEnv, timeoutMs: 900_000 });
  }, { timeout: 900_000 });

  it("--no-start sets up the venv: JupyterLab, the kernel, the extension, the demo store", async (t) => {
    if (skipped(t)) return;
    assert.equal(setup.code, 0, `demo.sh --no-start failed:\n${tail(setup.out)}`);
    assert.match(setup.out, /ready \(not started\)/);
    const spec = JSON.parse(readFileSync(join(venv, "share", "jupyter", "kernels", "tslab", "kernel.json"), "utf8")) as { argv: string[] };
    assert.equal(spec.argv[0], join(copy, "node_modules", ".bin", "tslab"));
    assert.ok(existsSync(join(venv, "share", "jupyter", "labextensions", "hdmf-zarr", "package.json")), "extension installed in the venv");
    assert.ok(lstatSync(join(copy, "node_modules", "hdmf-zarr")).isSymbolicLink(), "hdmf-zarr importable from the notebooks");
    assert.ok(existsSync(join(copy, "demo", "data", "demo.nwb.zarr", "zarr.json")));
    assert.doesNotMatch(setup.out, /JupyterLab at/, "nothing started");
    assert.doesNotMatch(setup.out, /restart/i, "no JupyterLab runs yet: nothing to restart");
  });

  it("refuses a --port that is not a number and an unknown option, before doing anything", async (t) => {
    if (skipped(t)) return;
    const bad = await run("bash", ["scripts/demo.sh", "--port", "eighty"], { cwd: copy, env: demoEnv });
    assert.equal(bad.code, 2);
    assert.match(bad.out, /--port must be a number, not eighty/);
    const unknown = await run("bash", ["scripts/demo.sh", "--open"], { cwd: copy, env: demoEnv });
    assert.equal(unknown.code, 2);
    assert.match(unknown.out, /unknown option --open/);
  });

  it("starts JupyterLab on 127.0.0.1; /api/status answers with the printed token and refuses without it", async (t) => {
    if (skipped(t)) return;
    // No --port: the script's own choice (8888, or a free port when that is taken) is under test.
    const child = spawn("bash", ["scripts/demo.sh"], { cwd: copy, env: demoEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    try {
      const deadline = Date.now() + 90_000;
      let url: URL | undefined;
      let status: { started?: string } | undefined;
      while (Date.now() < deadline && status === undefined && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 500));
        const printed = out.match(/JupyterLab at (http:\/\/\S+)/)?.[1];
        if (!printed) continue;
        url = new URL(printed);
        try {
          const r = await fetch(`${url.origin}/api/status?token=${url.searchParams.get("token")}`);
          if (r.status === 200) status = (await r.json()) as { started?: string };
        } catch {
          // not listening yet
        }
      }
      assert.ok(url && status, `${child.exitCode === null ? "no /api/status answer in 90 s" : `demo.sh exited (${child.exitCode}) before the server answered`}:\n${tail(out)}`);
      assert.equal(url.hostname, "127.0.0.1");
      assert.ok(Number(url.port) > 0, `port in ${url}`);
      assert.equal(url.pathname, "/lab/tree/demo/demo.ipynb");
      assert.match(url.searchParams.get("token") ?? "", /^[0-9a-f]{48}$/);
      assert.ok(typeof status.started === "string" && !Number.isNaN(Date.parse(status.started)), JSON.stringify(status));
      const refused = await fetch(`${url.origin}/api/status`);
      assert.equal(refused.status, 403);
      // The server sees the kernel and the extension of the venv.
      const specs = (await (await fetch(`${url.origin}/api/kernelspecs?token=${url.searchParams.get("token")}`)).json()) as { kernelspecs: Record<string, unknown> };
      assert.ok("tslab" in specs.kernelspecs, JSON.stringify(Object.keys(specs.kernelspecs)));
      // Zarr v2 metadata is a dot file: served, by the configuration the setup wrote.
      const zmetadata = await fetch(`${url.origin}/files/demo/fixtures/zarr_tutorial.nwb.zarr/.zmetadata?token=${url.searchParams.get("token")}`);
      assert.equal(zmetadata.status, 200);
    } finally {
      await stopGroup(child, 10_000);
    }
  });
});

describe("what postBuild, the notebooks and the demo leave in the repository", () => {
  it("nothing for git to see: the copy's git status is clean", (t) => {
    if (skipped(t)) return;
    const status = spawnSync("git", ["status", "--porcelain", "--untracked-files=all"], { cwd: copy, encoding: "utf8" });
    assert.equal(status.status, 0, status.stderr);
    assert.equal(status.stdout, "", "untracked or changed files");
  });
});
