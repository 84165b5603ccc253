/**
 * A real JupyterLab for the browser tests: runs test/browser/setup-lab.sh (venv + chromium; exit 3
 * = skip), builds the package when dist/ is stale, installs the extension as a Node-first user
 * does — `hdmf-zarr install-lab --allow-hidden` into the prefix of the venv's `jupyter`, whose
 * server then reads ContentsManager.allow_hidden from its jupyter_server_config.json — writes a
 * tslab kernelspec into a temp prefix, starts `jupyter lab` on a free 127.0.0.1 port with a token
 * over a temp root folder, and opens Debian's chromium through playwright-core. Every request the
 * page makes is recorded. A lab that must refuse dot files runs on a second environment,
 * .venv-lab-plain, where the extension went in without `--allow-hidden`, as on a user's machine.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { after, before, type TestContext } from "node:test";
import { chromium, type Browser, type Page, type Request } from "playwright-core";
import { installLab, serverConfigFile } from "../../src/cli/install-lab.js";
import { tempFolder } from "../helpers/temp-folders.js";
import { REPO_ROOT as ROOT } from "../helpers/repo-paths.js";

export const VENV = process.env.LAB_VENV ?? join(ROOT, ".venv-lab");
/** JupyterLab with the extension installed without `--allow-hidden`: Jupyter's default, dot files refused. */
export const PLAIN_VENV = process.env.LAB_PLAIN_VENV ?? join(ROOT, ".venv-lab-plain");
export const ARTIFACTS = join(ROOT, "test-output", "browser");
/**
 * Where the README's screenshots go: test-output/browser/ on an ordinary run (a test run leaves the
 * working tree as it found it); docs/extension/ with HDMF_ZARR_UPDATE_SCREENSHOTS=1, to renew them.
 */
export const SCREENSHOTS = process.env.HDMF_ZARR_UPDATE_SCREENSHOTS === "1" ? join(ROOT, "docs", "extension") : ARTIFACTS;

/**
 * Run setup-lab.sh (with `plain`, the second environment too); resolves to a skip reason, or false
 * when the lab can run.
 */
export function setupLab(options: { plain?: boolean } = {}): string | false {
  const args = [join(__dirname, "setup-lab.sh"), ...(options.plain ? ["--plain"] : [])];
  const r = spawnSync("bash", args, { cwd: ROOT, encoding: "utf8", timeout: 900_000 });
  if (r.status === 3) return (r.stdout.split("\n").find((l) => l.startsWith("SKIP ")) ?? "SKIP browser").slice(5);
  if (r.status !== 0) throw new Error(`setup-lab.sh failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return false;
}

const readIfThere = (file: string): string => (existsSync(file) ? readFileSync(file, "utf8") : "");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Whether the process that took the lock `dir` still runs (true while it is still writing its pid). */
function holderAlive(dir: string): boolean {
  const pid = Number(readIfThere(join(dir, "pid")));
  if (!pid) return Date.now() - statSync(dir).mtimeMs < 5_000;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Wait (synchronously) for the build lock: test files of one run may build at the same time. */
function buildLock(): () => void {
  const lock = join(ROOT, ".cache", "build.lock");
  mkdirSync(join(ROOT, ".cache"), { recursive: true });
  const deadline = Date.now() + 900_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, "pid"), String(process.pid));
      return () => rmSync(lock, { recursive: true, force: true });
    } catch {
      // A lock whose process is gone (a killed run), or older than any build, is left over.
      if (existsSync(lock) && (!holderAlive(lock) || Date.now() - statSync(lock).mtimeMs > 900_000)) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited 15 minutes for ${lock}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
}

/** Build the library and the extension when either is missing or older than its sources (one builder at a time). */
export function ensureBuilt(): void {
  const release = buildLock();
  try {
    buildIfStale();
  } finally {
    release();
  }
}

function buildIfStale(): void {
  const lab = join(ROOT, "dist", "labextension", "package.json");
  const lib = join(ROOT, "dist", "index.js");
  const sources = Math.max(newestMtime(join(ROOT, "src")), newestMtime(join(ROOT, "style")), newestMtime(join(ROOT, "schema")));
  const stale = (f: string) => !existsSync(f) || statSync(f).mtimeMs < sources;
  if (!stale(lib) && !stale(lab)) return;
  const run = (script: string) => spawnSync("npm", ["run", script, "--silent"], { cwd: ROOT, encoding: "utf8", timeout: 600_000 });
  let r = run(stale(lib) ? "build" : "build:lab");
  if (r.status !== 0 && existsSync(lib)) {
    // The library build broke (e.g. a file being edited elsewhere): test the extension on the last dist/.
    console.warn(`npm run build failed; testing the extension with the existing dist/:\n${r.stdout}\n${r.stderr}`);
    r = run("build:lab");
  }
  if (r.status !== 0) throw new Error(`build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

/** A port free on 127.0.0.1 just now. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

/**
 * An environment with nothing of the caller's Jupyter, Python env or HOME in it: a Jupyter run
 * with it reads only its own prefix's configuration, as on a fresh machine.
 */
export function isolatedEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, JUPYTER_PLATFORM_DIRS: "1", PYDEVD_DISABLE_FILE_VALIDATION: "1", ...extra };
  for (const k of ["JUPYTER_PATH", "JUPYTER_DATA_DIR", "JUPYTER_CONFIG_DIR", "JUPYTER_CONFIG_PATH", "JUPYTER_RUNTIME_DIR", "VIRTUAL_ENV", "CONDA_PREFIX", "PYTHONPATH", "NODE_OPTIONS"]) {
    if (!(k in extra)) delete env[k];
  }
  return env;
}

/** A running JupyterLab and a browser on it. */
export interface Lab {
  /** The server's root folder (put stores and notebooks here). */
  contents: string;
  url: string;
  token: string;
  browser: Browser;
  /** The lab log (stdout and stderr). */
  log(): string;
  /** A new page on /lab, loaded, with requests recorded into `requests`. */
  open(path?: string): Promise<LabPage>;
  stop(): Promise<void>;
}

/** A page of the lab with the requests it made. */
export interface LabPage {
  page: Page;
  /** Every request URL path (query dropped) with its Range header, in order. */
  requests: { path: string; range: string | undefined; method: string }[];
  /** Set when an alert/confirm/prompt dialog opened. */
  dialogs: string[];
}

/** Options of {@link startLab}. */
export interface LabOptions {
  /**
   * Run on {@link PLAIN_VENV}, where `hdmf-zarr install-lab` ran without `--allow-hidden`, so the
   * server refuses dot files as Jupyter does by default: the case the store browser must explain.
   */
  refuseDotFiles?: boolean;
}

/**
 * Start JupyterLab over a fresh temp root. `prepare(contents)` fills the root before the server starts.
 * The root's parent holds node_modules/hdmf-zarr -> this package, so kernels started in the root
 * resolve `import ... from "hdmf-zarr"` by ancestor lookup, as in a user's project.
 */
export async function startLab(prepare: (contents: string) => Promise<void> | void, options: LabOptions = {}): Promise<Lab> {
  const tmp = tempFolder("hdmf-zarr-lab");
  const contents = join(tmp, "root");
  const prefix = join(tmp, "prefix");
  const jupyterPath = join(prefix, "share", "jupyter");
  for (const d of [contents, join(tmp, "node_modules"), join(tmp, "runtime"), join(tmp, "config"), join(tmp, "settings"), join(tmp, "workspaces")]) {
    mkdirSync(d, { recursive: true });
  }
  symlinkSync(ROOT, join(tmp, "node_modules", "hdmf-zarr"));
  // The extension and the server's configuration go in the way a user installs them (an identical
  // copy already there is left alone, so labs running beside this one are not disturbed).
  const venv = options.refuseDotFiles ? PLAIN_VENV : VENV;
  installLab({ prefix: venv, allowHidden: !options.refuseDotFiles });
  if (options.refuseDotFiles && /"allow_hidden":\s*true/.test(readIfThere(serverConfigFile(venv)))) {
    throw new Error(`${serverConfigFile(venv)} sets ContentsManager.allow_hidden; remove ${venv} and run the tests again`);
  }
  const kernel = spawnSync(process.execPath, [join(ROOT, "scripts", "write-tslab-kernelspec.mjs"), jupyterPath], { encoding: "utf8" });
  if (kernel.status !== 0) throw new Error(`writing the tslab kernelspec failed: ${kernel.stderr}`);
  // No news toast over the screenshots.
  mkdirSync(join(tmp, "settings", "@jupyterlab", "apputils-extension"), { recursive: true });
  writeFileSync(join(tmp, "settings", "@jupyterlab", "apputils-extension", "notification.jupyter-settings"), JSON.stringify({ fetchNews: "false" }));
  await prepare(contents);

  const port = await freePort();
  const token = `t${Math.random().toString(36).slice(2)}`;
  const env = {
    ...process.env,
    JUPYTER_PATH: jupyterPath,
    JUPYTER_CONFIG_DIR: join(tmp, "config"),
    JUPYTER_RUNTIME_DIR: join(tmp, "runtime"),
    JUPYTER_DATA_DIR: join(tmp, "data"),
    JUPYTER_PLATFORM_DIRS: "1",
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
    JUPYTERLAB_SETTINGS_DIR: join(tmp, "settings"),
    JUPYTERLAB_WORKSPACES_DIR: join(tmp, "workspaces"),
  };
  const args = [
    "lab", "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--allow-root",
    `--ServerApp.token=${token}`, `--ServerApp.root_dir=${contents}`,
    `--LabApp.user_settings_dir=${join(tmp, "settings")}`, `--LabApp.workspaces_dir=${join(tmp, "workspaces")}`,
    "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
  ];
  const child: ChildProcess = spawn(join(venv, "bin", "jupyter"), args, { cwd: contents, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`jupyter lab exited ${child.exitCode}:\n${log}`);
    try {
      const r = await fetch(`${url}/api/status?token=${token}`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`jupyter lab did not start in 60 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const browser = await launchChromium();

  const lab: Lab = {
    contents, url, token, browser,
    log: () => log,
    open: (path = "") => openLabPage(browser, url, token, path),
    async stop() {
      await browser.close().catch(() => undefined);
      await stopGroup(child);
      rmSync(tmp, { recursive: true, force: true });
    },
  };
  return lab;
}

/** Store settings of a plugin through the lab's settings API, as the settings editor does. */
export async function putLabSettings(lab: Lab, plugin: string, values: Record<string, unknown>): Promise<void> {
  const r = await fetch(`${lab.url}/lab/api/settings/${plugin}`, {
    method: "PUT",
    headers: { Authorization: `token ${lab.token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ raw: JSON.stringify(values) }),
  });
  if (r.status !== 204) throw new Error(`PUT settings of ${plugin}: HTTP ${r.status} ${await r.text()}`);
}

/** A new page of the lab in JupyterLab's dark theme (set through the settings API), once it shows. */
export async function openDark(lab: Lab): Promise<LabPage> {
  await putLabSettings(lab, "@jupyterlab/apputils-extension:themes", { theme: "JupyterLab Dark" });
  const dark = await lab.open();
  await dark.page.waitForFunction('document.body.dataset.jpThemeLight === "false"', undefined, { timeout: 30_000 });
  return dark;
}

/** Close a page `openDark` gave and put the lab back in its default (light) theme, for the pages opened after it. */
export async function closeDark(lab: Lab, dark: LabPage): Promise<void> {
  await dark.page.close();
  await putLabSettings(lab, "@jupyterlab/apputils-extension:themes", {});
}

/**
 * End a process started with `detached: true` and everything it started (its process group, by
 * its id): SIGTERM, then SIGKILL after `graceMs`.
 */
export async function stopGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const pid = child.pid;
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  const closed = new Promise<void>((r) => child.once("close", () => r()));
  kill("SIGTERM");
  const timer = setTimeout(() => kill("SIGKILL"), graceMs);
  await closed;
  clearTimeout(timer);
}

/** Debian's chromium, headless, through playwright-core. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"], headless: true });
}

/**
 * A new page on `<url>/lab<path>?token=…` of any running JupyterLab, loaded (file browser shown,
 * splash gone), with its requests and dialogs recorded.
 */
export async function openLabPage(browser: Browser, url: string, token: string, path = ""): Promise<LabPage> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const requests: LabPage["requests"] = [];
  const dialogs: string[] = [];
  page.on("request", (req: Request) => {
    const u = new URL(req.url());
    requests.push({ path: decodeURIComponent(u.pathname), range: req.headers()["range"], method: req.method() });
  });
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${url}/lab${path}?token=${token}`);
  await page.waitForSelector(".jp-DirListing-content", { timeout: 60_000 });
  await page.waitForSelector("#jupyterlab-splash", { state: "detached", timeout: 60_000 });
  // The "official Jupyter news?" toast would cover screenshots: dismiss it when it shows.
  const toast = page.locator(".Toastify__toast").filter({ hasText: "Jupyter news" }).locator("button", { hasText: /^No$/ });
  await toast.click({ timeout: 3_000 }).catch(() => undefined);
  return { page, requests, dialogs };
}

/** Right-click an item of the file browser by name and run a context-menu entry by its label. */
export async function contextMenu(page: Page, itemName: string, label: string): Promise<void> {
  await page.locator(`.jp-DirListing-item[title^="Name: ${itemName}"]`).first().click({ button: "right" });
  await page.locator(".lm-Menu-item", { hasText: label }).first().click();
}

/** Run "Open Zarr store…" from the command palette with `text` typed in its dialog. */
export async function openByPalette(page: Page, text: string): Promise<void> {
  await page.keyboard.press("Control+Shift+C");
  await page.locator(".lm-CommandPalette-input").fill("Open Zarr store");
  await page.locator(".lm-CommandPalette-item", { hasText: "Open Zarr store…" }).first().click();
  await page.locator(".jp-Dialog input").fill(text);
  await page.locator(".jp-Dialog button.jp-mod-accept").click();
}

/** The text of the "Cannot open <name>" dialog of a store that did not open, once it shows. */
export async function failureDialog(page: Page, name: string): Promise<string> {
  const dialog = page.locator(".jp-Dialog").filter({ hasText: `Cannot open ${name}` });
  await dialog.waitFor({ timeout: 30_000 });
  return ((await dialog.locator(".jp-Dialog-body").textContent()) ?? "").trim();
}

/** The lab of one test file: see {@link labPerFile}. */
export interface FileLab {
  /** The running lab (throws when it did not start: check `skipped(t)` first). */
  readonly lab: Lab;
  /** Skip test `t` when the lab cannot run here (says why); true when skipped. */
  skipped(t: TestContext): boolean;
}

/**
 * Register the hooks of a test file that needs a lab: before() prepares the venv and chromium,
 * builds the package and starts a lab whose root `prepare` fills; after() stops it. When the
 * lab cannot run here the tests skip with the reason. `buildAlways` builds even then (for tests
 * of the built package that need no lab).
 */
export function labPerFile(prepare: (contents: string) => Promise<void> | void, options: { buildAlways?: boolean } & LabOptions = {}): FileLab {
  let skip: string | false = false;
  let lab: Lab | undefined;
  before(async () => {
    skip = setupLab({ plain: options.refuseDotFiles });
    if (skip && !options.buildAlways) return;
    ensureBuilt();
    if (!skip) lab = await startLab(prepare, options);
  }, { timeout: 900_000 });
  after(async () => {
    await lab?.stop();
  });
  return {
    get lab(): Lab {
      if (!lab) throw new Error("the lab did not start");
      return lab;
    },
    skipped(t: TestContext): boolean {
      if (skip) t.skip(skip);
      return skip !== false;
    },
  };
}
