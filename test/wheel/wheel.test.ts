/**
 * The JupyterLab extension installed as JupyterLab users install extensions: `pip wheel ./python`
 * in a temp venv (pip takes hatchling, hatch-jupyter-builder and hatch-nodejs-version from PyPI)
 * builds the wheel jupyterlab-hdmf-zarr, which goes with `pip install` into a fresh venv holding
 * JupyterLab at binder/environment.yml's pin (scripts/make-lab-venv.sh). `jupyter lab`, started
 * as a user starts it (only --no-browser, and --allow-root where the tests run as root), then
 * serves Zarr v2 metadata files and no other dot file, and the store browser opens a Zarr v2
 * store in chromium: its tree and a dataset's values.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { after, before, describe, it, type TestContext } from "node:test";
import type { Browser } from "playwright-core";
import { visibleBrowser } from "../browser/browser-dom.js";
import { ARTIFACTS, contextMenu, ensureBuilt, failureDialog, isolatedEnv, launchChromium, openByPalette, openLabPage, setupLab, stopGroup } from "../browser/lab.js";
import { REPO_ROOT as ROOT } from "../helpers/repo-paths.js";
import { expectV2StoreShown } from "../browser/v2-store-check.js";
import { ECEPHYS_FIXTURE } from "../helpers/fixture-paths.js";
import { tempFolder } from "../helpers/temp-folders.js";

const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const WHEEL = `jupyterlab_hdmf_zarr-${VERSION}-py3-none-any.whl`;
const STORE = "ecephys_tutorial.nwb.zarr";

const tmp = tempFolder("hdmf-zarr-wheel");
const wheels = join(tmp, "wheels");
const labVenv = join(tmp, "lab-venv");
const root = join(tmp, "root");
const home = join(tmp, "home");
let skip: string | false = false;
let server: ChildProcess | undefined;
let log = "";
let url: URL | undefined;
let browser: Browser | undefined;

function skipped(t: TestContext): boolean {
  if (skip) t.skip(skip);
  return skip !== false;
}

/** Run a command to its end; throws with its output when it fails. */
function run(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const r = spawnSync(cmd, args, { cwd: options.cwd ?? ROOT, env: options.env, encoding: "utf8", timeout: 900_000 });
  assert.equal(r.status, 0, `${cmd} ${args.join(" ")} failed (exit ${r.status}):\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  return r.stdout + r.stderr;
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** The names of the wheel's files, and the texts of those in `read` (a wheel is a zip: Python's zipfile reads it). */
function wheelFiles(read: string[] = []): { names: string[]; text: (name: string) => string } {
  const script = "import json, sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); " +
    "print(json.dumps({'names': z.namelist(), 'texts': {n: z.read(n).decode() for n in sys.argv[2:]}}))";
  const answer = JSON.parse(run(join(labVenv, "bin", "python"), ["-c", script, join(wheels, WHEEL), ...read])) as { names: string[]; texts: Record<string, string> };
  return { names: answer.names, text: (name) => answer.texts[name] };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

before(async () => {
  skip = setupLab();
  if (skip) return;
  ensureBuilt();
  const python = spawnSync("bash", ["-c", `source ${JSON.stringify(join(ROOT, "scripts", "find-python.sh"))} && find_python`], { encoding: "utf8" }).stdout.trim();
  assert.ok(python, "a Python >= 3.12 (setup-lab.sh found one)");
  mkdirSync(home);

  // pip as the user has it (its cache and configuration); Jupyter below sees none of the user's setup.
  let since = Date.now();
  run(python, ["-m", "venv", join(tmp, "build-venv")]);
  run(join(tmp, "build-venv", "bin", "python"), ["-m", "pip", "wheel", "--no-deps", "--quiet", "-w", wheels, join(ROOT, "python")]);
  console.log(`# pip wheel ./python in a fresh venv: ${seconds(since)}`);

  since = Date.now();
  run("bash", [join(ROOT, "scripts", "make-lab-venv.sh"), labVenv]);
  run(join(labVenv, "bin", "python"), ["-m", "pip", "install", "--quiet", join(wheels, WHEEL)]);
  console.log(`# fresh venv with JupyterLab, then pip install of the wheel: ${seconds(since)}`);

  // The server's root: a v2 store, a folder that is not a store, and dot files that must stay private.
  mkdirSync(join(root, "plain-folder", "inner"), { recursive: true });
  cpSync(ECEPHYS_FIXTURE, join(root, STORE), { recursive: true });
  writeFileSync(join(root, ".env"), "SECRET=1\n");
  mkdirSync(join(root, ".hidden"));
  writeFileSync(join(root, ".hidden", ".zgroup"), '{"zarr_format": 2}\n');

  since = Date.now();
  const env = isolatedEnv(home);
  const args = ["lab", "--no-browser", ...(process.getuid?.() === 0 ? ["--allow-root"] : [])];
  server = spawn(join(labVenv, "bin", "jupyter"), args, {
    cwd: root, env: { ...env, PATH: `${join(labVenv, "bin")}:${env.PATH}` }, detached: true, stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.on("data", (d) => (log += d));
  server.stderr!.on("data", (d) => (log += d));
  const deadline = Date.now() + 90_000;
  while (!url) {
    assert.equal(server.exitCode, null, `jupyter lab exited (${server.exitCode}):\n${log}`);
    assert.ok(Date.now() < deadline, `jupyter lab printed no URL in 90 s:\n${log}`);
    const printed = log.match(/http:\/\/127\.0\.0\.1:\d+\/lab\?token=[0-9a-f]+/)?.[0];
    if (printed && (await fetch(printed.replace("/lab?", "/api/status?")).catch(() => undefined))?.ok) url = new URL(printed);
    else await new Promise((r) => setTimeout(r, 250));
  }
  console.log(`# jupyter lab started: ${seconds(since)}`);
  browser = await launchChromium();
}, { timeout: 1_200_000 });

after(async () => {
  await browser?.close().catch(() => undefined);
  if (server) await stopGroup(server);
  rmSync(tmp, { recursive: true, force: true });
});

const token = () => url!.searchParams.get("token")!;
const get = (path: string) => fetch(`${url!.origin}/${path}?token=${token()}`);

describe("the wheel jupyterlab-hdmf-zarr", () => {
  it("has package.json's version, which python/pyproject.toml takes from package.json", (t) => {
    if (skipped(t)) return;
    const pyproject = readFileSync(join(ROOT, "python", "pyproject.toml"), "utf8");
    assert.match(pyproject, /\[tool\.hatch\.version\]\s*\nsource = "nodejs"\s*\npath = "\.\.\/package\.json"/);
    const name = `jupyterlab_hdmf_zarr-${VERSION}.dist-info/METADATA`;
    const metadata = wheelFiles([name]).text(name);
    assert.match(metadata, /^Name: jupyterlab-hdmf-zarr$/m);
    assert.match(metadata, new RegExp(`^Version: ${VERSION.replace(/\./g, "\\.")}$`, "m"));
  });

  it("holds the prebuilt extension as dist/labextension has it, and the switch of its server extension", (t) => {
    if (skipped(t)) return;
    const data = `jupyterlab_hdmf_zarr-${VERSION}.data/data/`;
    const extension = `${data}share/jupyter/labextensions/hdmf-zarr/`;
    const serverSwitch = `${data}etc/jupyter/jupyter_server_config.d/jupyterlab_hdmf_zarr.json`;
    const files = wheelFiles([`${extension}package.json`, `${extension}install.json`, serverSwitch]);
    const shipped = files.names.filter((n) => n.startsWith(extension)).map((n) => n.slice(extension.length)).sort();
    const built = join(ROOT, "dist", "labextension");
    assert.deepEqual(shipped.filter((n) => n !== "install.json"), filesUnder(built));
    assert.equal(files.text(`${extension}package.json`), readFileSync(join(built, "package.json"), "utf8"));
    assert.equal(JSON.parse(files.text(`${extension}install.json`)).packageName, "jupyterlab-hdmf-zarr");
    assert.deepEqual(JSON.parse(files.text(serverSwitch)), { ServerApp: { jpserver_extensions: { jupyterlab_hdmf_zarr: true } } });
    assert.ok(!files.names.some((n) => n.endsWith("jupyter_server_config.json")), "no shared jupyter_server_config.json is overwritten");
  });

  it("installed, is listed by `jupyter labextension list` and `jupyter server extension list` as enabled and OK", (t) => {
    if (skipped(t)) return;
    const env = isolatedEnv(home);
    const lab = run(join(labVenv, "bin", "jupyter"), ["labextension", "list"], { env });
    assert.match(lab, new RegExp(`hdmf-zarr v${VERSION.replace(/\./g, "\\.")} .*enabled.*OK.*\\(python, jupyterlab-hdmf-zarr\\)`));
    const server = run(join(labVenv, "bin", "jupyter"), ["server", "extension", "list"], { env });
    assert.match(server, /jupyterlab_hdmf_zarr .*enabled/);
    assert.match(server, new RegExp(`jupyterlab_hdmf_zarr ${VERSION.replace(/\./g, "\\.")} .*OK`));
  });
});

describe("jupyter lab with the wheel installed", () => {
  it("serves Zarr v2 metadata files through /files/, and no other dot file", async (t) => {
    if (skipped(t)) return;
    assert.equal((await get(`files/${STORE}/.zgroup`)).status, 200);
    assert.equal((await get(`files/${STORE}/acquisition/ElectricalSeries/data/.zarray`)).status, 200);
    assert.equal((await get(`files/${STORE}/no-such-node/.zarray`)).status, 404);
    assert.equal((await get("files/.env")).status, 404, "a dot file that is not Zarr metadata");
    assert.equal((await get("files/.hidden/.zgroup")).status, 404, "Zarr metadata inside a hidden folder");
    const listing = (await (await get("api/contents")).json()) as { content: { name: string }[] };
    assert.ok(!listing.content.some((e) => e.name.startsWith(".")), "listings still hide dot files");
    assert.deepEqual(await (await get("hdmf-zarr/zarr-metadata")).json(), { served: true, reason: null });
    assert.match(log, /hdmf-zarr: \/files\/ serves Zarr v2 metadata files/);
  });

  it("opens a Zarr v2 store in the store browser: its tree and a dataset's values", async (t) => {
    if (skipped(t)) return;
    const { page } = await openLabPage(browser!, url!.origin, token());
    try {
      await contextMenu(page, STORE, "Open in Zarr browser");
      await expectV2StoreShown(visibleBrowser(page), join(root, STORE), "/general/extracellular_ephys/electrodes/location");
      await page.screenshot({ path: join(ARTIFACTS, "wheel-v2-store.png") });
    } finally {
      await page.close();
    }
  });

  it("says a folder that is not a Zarr store has no Zarr metadata (the server extension says dot files are served)", async (t) => {
    if (skipped(t)) return;
    const { page } = await openLabPage(browser!, url!.origin, token());
    try {
      await openByPalette(page, "plain-folder");
      const text = await failureDialog(page, "plain-folder");
      assert.match(text, /no Zarr metadata/);
      assert.doesNotMatch(text, /dot files/);
    } finally {
      await page.close();
    }
  });
});
