/** The `hdmf-zarr` command line (src/cli/main.ts) run as a real process. */
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "./repo-paths.js";

export const CLI_MAIN = join(REPO_ROOT, "src", "cli", "main.ts");

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

/** Run `hdmf-zarr <args>` and wait for it. */
export function cli(...args: string[]): CliResult {
  return cliIn(undefined, ...args);
}

/** Run `hdmf-zarr <args>` with `cwd` as its working folder. */
export function cliIn(cwd: string | undefined, ...args: string[]): CliResult {
  const r = spawnSync(process.execPath, ["--import", "tsx", CLI_MAIN, ...args], { cwd, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Run `hdmf-zarr <args>` without blocking this process (for commands that talk to a server in it). */
export function cliAsync(...args: string[]): Promise<CliResult> {
  return nodeProcess(["--import", "tsx", CLI_MAIN, ...args]);
}

/** Run Node with `args`, collecting what it prints. */
export function nodeProcess(args: string[]): Promise<CliResult> {
  return new Promise((done) => {
    const p = spawn(process.execPath, args);
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    p.on("close", (code) => done({ code, out, err }));
  });
}
