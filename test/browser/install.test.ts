/**
 * The extension installs with our own command and loads in a real JupyterLab: `hdmf-zarr
 * install-lab --prefix` copies the built extension where JupyterLab looks, `--uninstall` removes
 * it, `--allow-hidden` sets ContentsManager.allow_hidden in the prefix's
 * jupyter_server_config.json (the file the server reads; other keys kept), the lab lists it as a
 * federated extension, and `.zarr` folders get the zarr-store file type.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { ARTIFACTS, VENV, labPerFile } from "./lab.js";
import { REPO_ROOT as ROOT } from "../helpers/repo-paths.js";
import { ECEPHYS_FIXTURE } from "../helpers/fixture-paths.js";
import { cliIn } from "../helpers/cli.js";
import { tempFolder } from "../helpers/temp-folders.js";

const FIXTURE = ECEPHYS_FIXTURE;

const session = labPerFile((contents) => {
    cpSync(FIXTURE, join(contents, "ecephys_tutorial.nwb.zarr"), { recursive: true });
  }, { buildAlways: true });
const skipped = (t: TestContext) => session.skipped(t);

const cli = (...args: string[]) => cliIn(ROOT, ...args);

describe("hdmf-zarr install-lab", () => {
  it("copies the built extension into PREFIX/share/jupyter/labextensions/hdmf-zarr and removes it with --uninstall", () => {
    const prefix = tempFolder("hdmf-zarr-prefix");
    try {
      const target = join(prefix, "share", "jupyter", "labextensions", "hdmf-zarr");
      const installed = cli("install-lab", "--prefix", prefix);
      assert.equal(installed.code, 0, installed.err);
      assert.match(installed.out, new RegExp(`installed the hdmf-zarr JupyterLab extension into ${target}`));
      const manifest = JSON.parse(readFileSync(join(target, "package.json"), "utf8"));
      assert.equal(manifest.name, "hdmf-zarr");
      const load: string = manifest.jupyterlab._build.load;
      assert.match(load, /^static\/remoteEntry\.[0-9a-f]+\.js$/);
      assert.ok(existsSync(join(target, load)), "the remote entry is copied");
      assert.ok(existsSync(join(target, "schemas", "hdmf-zarr", "settings.json")), "the settings schema is copied");
      // JupyterLab's own packages are shared from the page, never bundled: no Lumino widget or
      // JupyterLab main-area code in any chunk.
      for (const file of readdirSync(join(target, "static")).filter((f) => f.endsWith(".js"))) {
        const code = readFileSync(join(target, "static", file), "utf8");
        assert.doesNotMatch(code, /lm-Widget|jp-MainAreaWidget|class MainAreaWidget/, `${file} bundles JupyterLab or Lumino code`);
      }

      const removed = cli("install-lab", "--prefix", prefix, "--uninstall");
      assert.equal(removed.code, 0, removed.err);
      assert.match(removed.out, /removed the hdmf-zarr JupyterLab extension/);
      assert.ok(!existsSync(target));
      const again = cli("install-lab", "--prefix", prefix, "--uninstall");
      assert.match(again.out, /not installed .*nothing to remove/);
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });

  it("--allow-hidden sets ContentsManager.allow_hidden in PREFIX's jupyter_server_config.json, keeping its other keys; --uninstall removes only that", (t) => {
    if (skipped(t)) return;
    const prefix = tempFolder("hdmf-zarr-prefix");
    try {
      const etc = join(prefix, "etc", "jupyter");
      const config = join(etc, "jupyter_server_config.json");
      const legacy = join(etc, "jupyter_server_config.d", "hdmf-zarr.json");
      const plain = cli("install-lab", "--prefix", prefix);
      assert.equal(plain.code, 0, plain.err);
      assert.ok(!existsSync(config), "no server config without --allow-hidden");

      // A config the user already has, and the file earlier versions wrote where the server never looked.
      mkdirSync(dirname(legacy), { recursive: true });
      writeFileSync(legacy, JSON.stringify({ ContentsManager: { allow_hidden: true } }));
      const mine = { ServerApp: { ip: "0.0.0.0" }, ContentsManager: { hide_globs: ["__pycache__"] } };
      writeFileSync(config, JSON.stringify(mine));
      const installed = cli("install-lab", "--prefix", prefix, "--allow-hidden");
      assert.equal(installed.code, 0, installed.err);
      assert.match(installed.out, new RegExp(`ContentsManager\\.allow_hidden in ${config.replace(/[.]/g, "\\.")}`));
      assert.deepEqual(JSON.parse(readFileSync(config, "utf8")), { ...mine, ContentsManager: { ...mine.ContentsManager, allow_hidden: true } });
      assert.ok(!existsSync(legacy), "the file earlier versions wrote is gone");

      // The server reads it from the prefix's config folder: ask the lab venv's jupyter_server.
      const shown = spawnSync(join(VENV, "bin", "python"), ["-c",
        "from jupyter_server.serverapp import ServerApp; app = ServerApp(); app.load_config_file(); print(app.config.ContentsManager.allow_hidden)"],
        { encoding: "utf8", env: { ...process.env, JUPYTER_CONFIG_PATH: etc, JUPYTER_CONFIG_DIR: join(prefix, "no-user-config") } });
      assert.equal(shown.stdout.trim(), "True", shown.stderr);

      const removed = cli("install-lab", "--prefix", prefix, "--uninstall");
      assert.equal(removed.code, 0, removed.err);
      assert.match(removed.out, /removed ContentsManager\.allow_hidden from/);
      assert.deepEqual(JSON.parse(readFileSync(config, "utf8")), mine, "the user's keys stay");

      // A config that held only our key goes with it.
      rmSync(config);
      assert.equal(cli("install-lab", "--prefix", prefix, "--allow-hidden").code, 0);
      assert.equal(cli("install-lab", "--prefix", prefix, "--uninstall").code, 0);
      assert.ok(!existsSync(config), "a config that held only allow_hidden is removed");
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });

  it("--allow-hidden refuses a server config that is not JSON, naming the file, and leaves it as it was", () => {
    const prefix = tempFolder("hdmf-zarr-prefix");
    try {
      const config = join(prefix, "etc", "jupyter", "jupyter_server_config.json");
      mkdirSync(dirname(config), { recursive: true });
      writeFileSync(config, "{ not json");
      const r = cli("install-lab", "--prefix", prefix, "--allow-hidden");
      assert.notEqual(r.code, 0);
      assert.match(r.err, /JupyterConfigError/);
      assert.match(r.err, new RegExp(`${config.replace(/[.]/g, "\\.")}.*not valid JSON`));
      assert.equal(readFileSync(config, "utf8"), "{ not json");
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });

  it("leaves an identical installed copy alone (a running JupyterLab keeps serving it)", () => {
    const prefix = tempFolder("hdmf-zarr-prefix");
    try {
      const target = join(prefix, "share", "jupyter", "labextensions", "hdmf-zarr");
      assert.equal(cli("install-lab", "--prefix", prefix).code, 0);
      const before = statSync(join(target, "package.json")).ino;
      assert.equal(cli("install-lab", "--prefix", prefix).code, 0);
      assert.equal(statSync(join(target, "package.json")).ino, before, "not copied again");
      assert.deepEqual(readdirSync(join(prefix, "share", "jupyter")), ["labextensions"], "no scratch folder left");
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });

  it("defaults to the sys.prefix of the jupyter on PATH", (t) => {
    if (skipped(t)) return;
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e",
      `const m = require(${JSON.stringify(join(ROOT, "src", "cli", "install-lab.ts"))}); console.log(JSON.stringify(m.defaultPrefix()))`],
      { cwd: ROOT, encoding: "utf8", env: { ...process.env, PATH: `${join(VENV, "bin")}:${process.env.PATH}`, VIRTUAL_ENV: "", CONDA_PREFIX: "" } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).prefix, VENV);
  });

  it("rejects an unknown argument with the usage (exit 2)", () => {
    const r = cli("install-lab", "--prefx", "/tmp/x");
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown argument --prefx/);
  });
});

describe("the extension in JupyterLab", () => {
  it("is listed as a federated extension and marks .zarr folders as Zarr stores", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    const config = JSON.parse((await page.locator("#jupyter-config-data").textContent()) ?? "{}");
    const ours = (config.federated_extensions as { name: string; load: string }[]).find((e) => e.name === "hdmf-zarr");
    assert.ok(ours, "hdmf-zarr among federated_extensions");
    assert.match(ours.load, /^static\/remoteEntry\./);
    const item = page.locator('.jp-DirListing-item[data-file-type="zarr-store"]');
    await item.first().waitFor({ timeout: 30_000 });
    assert.equal(await item.count(), 1);
    assert.match((await item.getAttribute("title")) ?? "", /ecephys_tutorial\.nwb\.zarr/);
    await page.screenshot({ path: join(ARTIFACTS, "file-browser.png") });
    await page.close();
  });
});
