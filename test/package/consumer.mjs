// Shared set-up for the package tests: a throwaway "consumer project" whose node_modules/hdmf-zarr
// is a symlink to this package, so imports resolve through package.json exactly as after `npm install`.
import { execFile } from "node:child_process";
import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The package root (the folder holding package.json). */
export const PACKAGE_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** The values the consumer scripts write into dataset `x` and expect to read back. */
export const EXPECTED_VALUES = [1, 2, 3];

/**
 * Create a temp folder with node_modules/hdmf-zarr -> PACKAGE_ROOT and the given files.
 * Returns its path; remove it with `removeConsumer`.
 */
export async function makeConsumer(files = {}) {
  const dir = await mkdtemp(join(tmpdir(), "hdmf-zarr-pkg-"));
  await mkdir(join(dir, "node_modules"));
  await symlink(PACKAGE_ROOT, join(dir, "node_modules", "hdmf-zarr"), "dir");
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

export async function removeConsumer(dir) {
  await rm(dir, { recursive: true, force: true });
}

/**
 * Run `node <args>` in `cwd` and return stdout/stderr; rejects (with both streams in the
 * message) on a non-zero exit, so a failing child shows its own error.
 */
export function runNode(args, cwd, timeout = 60_000) {
  return new Promise((resolvePromise, reject) => {
    execFile(process.execPath, args, { cwd, timeout, maxBuffer: 8 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`node ${args.join(" ")} failed (${err.code ?? err.signal}):\n${stdout}\n${stderr}`));
      else resolvePromise({ stdout, stderr });
    });
  });
}

/** The last stdout line that starts with `RESULT ` parsed as JSON (children print one such line). */
export function parseResult(stdout) {
  const line = stdout.split("\n").reverse().find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error(`no RESULT line in output:\n${stdout}`);
  return JSON.parse(line.slice("RESULT ".length));
}

/** Read x/zarr.json of a written store, to check a real file was produced on disk. */
export async function readArrayMeta(store) {
  return JSON.parse(await readFile(join(store, "x", "zarr.json"), "utf8"));
}
