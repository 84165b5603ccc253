/**
 * `hdmf-zarr install-lab [--prefix PREFIX] [--allow-hidden] [--uninstall]`: copy the prebuilt
 * JupyterLab extension (dist/labextension) into `<prefix>/share/jupyter/labextensions/hdmf-zarr/`,
 * where JupyterLab finds prebuilt extensions, or remove it. No Python package is involved (the
 * Python package in python/ is the other way to install it).
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { InvalidArgumentError, StoreError } from "../errors.js";
import { allowHidden, removeAllowHidden, serverConfigFile } from "./jupyter-server-config.js";

export { serverConfigFile } from "./jupyter-server-config.js";

const USAGE = `usage: hdmf-zarr install-lab [--prefix PREFIX] [--allow-hidden] [--uninstall]

Installs the JupyterLab extension of this package (MIME renderer and Zarr store browser) into
PREFIX/share/jupyter/labextensions/hdmf-zarr, or removes it with --uninstall. PREFIX defaults to
the sys.prefix of the Python that runs the \`jupyter\` on PATH, else $VIRTUAL_ENV, else $CONDA_PREFIX,
else the sys.prefix of python3 on PATH. Restart JupyterLab afterwards.

--allow-hidden  also lets the Jupyter server of PREFIX serve hidden files: sets
                ContentsManager.allow_hidden in PREFIX/etc/jupyter/jupyter_server_config.json
                (other keys there are kept; --uninstall removes it again). The store browser
                needs it to read Zarr v2 stores (.zgroup, .zarray, .zattrs, .zmetadata).`;

/** The extension's folder name under labextensions/: the npm package name. */
export const LAB_EXTENSION_NAME = "hdmf-zarr";

/** The package root: the nearest folder above this file whose package.json names hdmf-zarr. */
export function packageRoot(from: string = __dirname): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === LAB_EXTENSION_NAME) return dir;
    if (dirname(dir) === dir) throw new StoreError("cannot find the hdmf-zarr package root", { store: from });
  }
}

/** The built extension folder (dist/labextension of the package). */
export function builtExtensionDir(root: string = packageRoot()): string {
  return join(root, "dist", "labextension");
}

function which(command: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

function sysPrefix(python: string): string | undefined {
  try {
    return execFileSync(python, ["-c", "import sys; print(sys.prefix)"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The interpreter of a `jupyter` script: the Python beside it, or its `#!` line. */
function jupyterPython(jupyter: string): string | undefined {
  for (const name of ["python", "python3"]) {
    const beside = join(dirname(jupyter), name);
    if (existsSync(beside)) return beside;
  }
  const shebang = /^#!\s*(\S+)/.exec(readFileSync(jupyter, "utf8").slice(0, 300))?.[1];
  return shebang && existsSync(shebang) ? shebang : undefined;
}

/** Where JupyterLab looks for prebuilt extensions by default: see the usage text. */
export function defaultPrefix(env: NodeJS.ProcessEnv = process.env): { prefix: string; from: string } {
  const jupyter = which("jupyter", env);
  const python = jupyter ? jupyterPython(jupyter) : undefined;
  const fromJupyter = python ? sysPrefix(python) : undefined;
  if (fromJupyter) return { prefix: fromJupyter, from: `sys.prefix of ${python} (runs ${jupyter})` };
  if (env.VIRTUAL_ENV) return { prefix: env.VIRTUAL_ENV, from: "$VIRTUAL_ENV" };
  if (env.CONDA_PREFIX) return { prefix: env.CONDA_PREFIX, from: "$CONDA_PREFIX" };
  for (const name of ["python3", "python"]) {
    const found = which(name, env);
    const prefix = found ? sysPrefix(found) : undefined;
    if (prefix) return { prefix, from: `sys.prefix of ${found}` };
  }
  throw new InvalidArgumentError("no jupyter or python on PATH and no $VIRTUAL_ENV or $CONDA_PREFIX: pass --prefix PREFIX");
}

/**
 * Where earlier versions wrote `--allow-hidden` (a folder the server reads only extension
 * switches from): removed on install and uninstall.
 */
function legacyServerConfigFile(prefix: string): string {
  return join(prefix, "etc", "jupyter", "jupyter_server_config.d", `${LAB_EXTENSION_NAME}.json`);
}

/** Whether two folders hold the same files with the same bytes. */
function sameTree(a: string, b: string): boolean {
  if (!existsSync(b)) return false;
  const entries = (dir: string) => readdirSync(dir, { withFileTypes: true }).map((e) => `${e.isDirectory() ? "d" : "f"}:${e.name}`).sort();
  const here = entries(a);
  if (here.join("\0") !== entries(b).join("\0")) return false;
  return here.every((entry) => {
    const name = entry.slice(2);
    if (entry.startsWith("d:")) return sameTree(join(a, name), join(b, name));
    return readFileSync(join(a, name)).equals(readFileSync(join(b, name)));
  });
}

/**
 * Put a copy of `source` at `target`. An identical copy is left alone, and a changed one is
 * swapped in by renames: a running JupyterLab never sees a half-copied extension.
 */
function replaceTree(source: string, target: string): void {
  if (sameTree(source, target)) return;
  // Beside labextensions/, not in it: JupyterLab would list a second "hdmf-zarr" found there.
  const scratch = join(dirname(dirname(target)), `.${LAB_EXTENSION_NAME}-install-${process.pid}`);
  const fresh = join(scratch, "new");
  const old = join(scratch, "old");
  rmSync(scratch, { recursive: true, force: true });
  cpSync(source, fresh, { recursive: true });
  mkdirSync(dirname(target), { recursive: true });
  if (existsSync(target)) renameSync(target, old);
  renameSync(fresh, target);
  rmSync(scratch, { recursive: true, force: true });
}

/** What {@link installLab} did. */
export interface InstallLabResult {
  action: "installed" | "uninstalled" | "absent";
  /** The extension folder in the prefix. */
  target: string;
  prefix: string;
  /** How the prefix was chosen. */
  from: string;
  /** The server config file that got (install) or lost (uninstall) `ContentsManager.allow_hidden`. */
  serverConfig?: string;
}

/** Install (copy) or uninstall (remove) the built extension under `prefix`. */
export function installLab(
  options: { prefix?: string; uninstall?: boolean; allowHidden?: boolean; source?: string; env?: NodeJS.ProcessEnv } = {},
): InstallLabResult {
  const chosen = options.prefix !== undefined ? { prefix: resolve(options.prefix), from: "--prefix" } : defaultPrefix(options.env);
  const target = join(chosen.prefix, "share", "jupyter", "labextensions", LAB_EXTENSION_NAME);
  const config = serverConfigFile(chosen.prefix);
  rmSync(legacyServerConfigFile(chosen.prefix), { force: true });
  if (options.uninstall) {
    const serverConfig = removeAllowHidden(config) ? config : undefined;
    if (!existsSync(target)) return { action: "absent", target, ...chosen, serverConfig };
    rmSync(target, { recursive: true, force: true });
    return { action: "uninstalled", target, ...chosen, serverConfig };
  }
  const source = options.source ?? builtExtensionDir();
  if (!existsSync(join(source, "package.json")) || !existsSync(join(source, "static"))) {
    throw new StoreError("the JupyterLab extension is not built here: run `npm run build:lab` first", { store: source });
  }
  replaceTree(source, target);
  if (!options.allowHidden) return { action: "installed", target, ...chosen };
  allowHidden(config);
  return { action: "installed", target, ...chosen, serverConfig: config };
}

/** Run `install-lab` with its arguments (after the subcommand); resolves to the exit status. */
export async function installLabCommand(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const at = args.indexOf("--prefix");
  const prefix = at >= 0 ? args[at + 1] : undefined;
  const flags = ["--uninstall", "--allow-hidden", "--prefix"];
  const unknown = args.filter((a, i) => !flags.includes(a) && !(at >= 0 && i === at + 1));
  if (unknown.length || (at >= 0 && (prefix === undefined || prefix.startsWith("--")))) {
    console.error(`${unknown.length ? `unknown argument ${unknown[0]}` : "--prefix needs a folder"}\n${USAGE}`);
    return 2;
  }
  const result = installLab({ prefix, uninstall: args.includes("--uninstall"), allowHidden: args.includes("--allow-hidden") });
  const where = `prefix ${result.prefix} (${result.from})`;
  if (result.action === "installed") {
    console.log(`installed the hdmf-zarr JupyterLab extension into ${result.target}\n${where}`);
    if (result.serverConfig) console.log(`the Jupyter server serves hidden files (Zarr v2 metadata): ContentsManager.allow_hidden in ${result.serverConfig}`);
    console.log("restart JupyterLab to load it");
  } else if (result.action === "uninstalled") {
    console.log(`removed the hdmf-zarr JupyterLab extension from ${result.target}\n${where}`);
  } else {
    console.log(`the hdmf-zarr JupyterLab extension is not installed in ${result.target}: nothing to remove\n${where}`);
  }
  if (result.action !== "installed" && result.serverConfig) console.log(`removed ContentsManager.allow_hidden from ${result.serverConfig}`);
  if (result.action === "uninstalled") console.log("restart JupyterLab to unload it");
  return 0;
}
