/**
 * `npm run demo` as a user runs it, in this checkout: scripts/demo.sh sets up the lab venv (its
 * own HDMF_ZARR_DEMO_VENV points it there, so no second venv is made) and starts JupyterLab its
 * way, with no flag of a test's. The URL it prints opens in chromium on the demo notebook without
 * JupyterLab's news toast, and the store browser opens the repository's Zarr v2 stores — one with
 * consolidated metadata from the file browser, one without by its absolute path — showing their
 * trees and a dataset's values. The setup says nothing about restarting JupyterLab, and leaves
 * nothing untracked for git.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it, type TestContext } from "node:test";
import type { Browser } from "playwright-core";
import { visibleBrowser } from "./browser-dom.js";
import { ARTIFACTS, VENV, contextMenu, ensureBuilt, freePort, isolatedEnv, launchChromium, openByPalette, openLabPage, setupLab, stopGroup } from "./lab.js";
import { REPO_ROOT as ROOT } from "../helpers/repo-paths.js";
import { expectV2StoreShown } from "./v2-store-check.js";
import { tempFolder } from "../helpers/temp-folders.js";

const CONSOLIDATED = join(ROOT, "demo", "fixtures", "zarr_tutorial.nwb.zarr");
const UNCONSOLIDATED = join(ROOT, "test", "fixtures", "external", "zarr-v2", "ecephys_tutorial.nwb.zarr");

const home = tempFolder("hdmf-zarr-demo-home");
let skip: string | false = false;
let demo: ChildProcess | undefined;
let out = "";
let printed: URL | undefined;
let browser: Browser | undefined;

function skipped(t: TestContext): boolean {
  if (skip) t.skip(skip);
  return skip !== false;
}

before(async () => {
  skip = setupLab();
  if (skip) return;
  ensureBuilt();
  const port = await freePort();
  const started = Date.now();
  demo = spawn("bash", ["scripts/demo.sh", "--port", String(port)], {
    cwd: ROOT, env: isolatedEnv(home, { HDMF_ZARR_DEMO_VENV: VENV }), detached: true, stdio: ["ignore", "pipe", "pipe"],
  });
  demo.stdout!.on("data", (d) => (out += d));
  demo.stderr!.on("data", (d) => (out += d));
  const deadline = Date.now() + 600_000;
  for (;;) {
    assert.equal(demo.exitCode, null, `demo.sh exited (${demo.exitCode}) before its server answered:\n${out}`);
    assert.ok(Date.now() < deadline, `no server answered in 600 s:\n${out}`);
    const url = out.match(/JupyterLab at (http:\/\/\S+)/)?.[1];
    if (url) {
      const status = await fetch(`${new URL(url).origin}/api/status?token=${new URL(url).searchParams.get("token")}`).catch(() => undefined);
      if (status?.ok) {
        printed = new URL(url);
        break;
      }
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(`# demo.sh: setup and server start in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  browser = await launchChromium();
}, { timeout: 900_000 });

after(async () => {
  await browser?.close().catch(() => undefined);
  if (demo) await stopGroup(demo);
  rmSync(home, { recursive: true, force: true });
});

/** The printed URL's origin and token. */
const server = () => ({ origin: printed!.origin, token: printed!.searchParams.get("token")! });

describe("npm run demo (scripts/demo.sh)", () => {
  it("prints the URL of the demo notebook, and nothing about restarting JupyterLab before it starts it", (t) => {
    if (skipped(t)) return;
    assert.equal(printed!.pathname, "/lab/tree/demo/demo.ipynb");
    const beforeStart = out.slice(0, out.indexOf("JupyterLab at"));
    assert.doesNotMatch(beforeStart, /restart/i, beforeStart);
  });

  it("turns off JupyterLab's news and update toasts: the settings say so, and none shows", async (t) => {
    if (skipped(t)) return;
    const { origin, token } = server();
    const answer = await fetch(`${origin}/lab/api/settings/@jupyterlab/apputils-extension:notification?token=${token}`);
    // Overrides arrive as the schema's defaults; the user's own settings would come first.
    const { settings, schema } = (await answer.json()) as { settings: Record<string, unknown>; schema: { properties: Record<string, { default?: unknown }> } };
    const effective = (key: string) => settings[key] ?? schema.properties[key]?.default;
    assert.equal(effective("fetchNews"), "false");
    assert.equal(effective("checkForUpdates"), false);

    const { page } = await openLabPage(browser!, origin, token, printed!.pathname.slice("/lab".length));
    try {
      await page.locator(".jp-NotebookPanel").first().waitFor({ timeout: 60_000 });
      // The news question comes a moment after the page settles, when it comes at all.
      await page.waitForTimeout(3_000);
      assert.equal(await page.locator(".Toastify__toast").filter({ hasText: /news|update/i }).count(), 0);
      await page.screenshot({ path: join(ARTIFACTS, "demo-notebook.png") });
    } finally {
      await page.close();
    }
  });

  it("browses a Zarr v2 store with consolidated metadata from the file browser (demo/fixtures)", async (t) => {
    if (skipped(t)) return;
    const { origin, token } = server();
    const { page } = await openLabPage(browser!, origin, token, "/tree/demo/fixtures");
    try {
      await contextMenu(page, "zarr_tutorial.nwb.zarr", "Open in Zarr browser");
      await expectV2StoreShown(visibleBrowser(page), CONSOLIDATED, "/session_description");
      await page.screenshot({ path: join(ARTIFACTS, "demo-v2-consolidated.png") });
    } finally {
      await page.close();
    }
  });

  it("browses a Zarr v2 store without consolidated metadata, opened by its absolute path", async (t) => {
    if (skipped(t)) return;
    const { origin, token } = server();
    const { page } = await openLabPage(browser!, origin, token);
    try {
      await openByPalette(page, UNCONSOLIDATED);
      await expectV2StoreShown(visibleBrowser(page), UNCONSOLIDATED, "/general/extracellular_ephys/electrodes/location");
      await page.screenshot({ path: join(ARTIFACTS, "demo-v2-unconsolidated.png") });
    } finally {
      await page.close();
    }
  });

  it("leaves nothing untracked for git (demo data, notebook checkpoints, the package link)", (t) => {
    if (skipped(t)) return;
    const status = spawnSync("git", ["status", "--porcelain", "--untracked-files=all", "--", "demo", "node_modules", ".ipynb_checkpoints"], {
      cwd: ROOT, encoding: "utf8",
    });
    assert.equal(status.status, 0, status.stderr);
    assert.deepEqual(status.stdout.split("\n").filter((l) => l.startsWith("??")), []);
  });
});
