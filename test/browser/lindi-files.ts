/**
 * The LINDI files the store browser tests open: an NWB HDF5 file pynwb writes
 * (test/reference/python/write_nwb.py) and reference files lindi writes of it
 * (make_lindi.py, make_lindi_tar.py), in the venv test/reference/setup-venv.sh makes; and what
 * h5py reads from the HDF5 file (dump_h5.py), the values the browser must show.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { REPO_ROOT } from "../helpers/repo-paths.js";
import { pythonOutput } from "../helpers/python.js";

const REFERENCE = join(REPO_ROOT, "test", "reference");
const LINDI_PY = join(process.env.REFERENCE_VENV_DIR ?? join(REPO_ROOT, ".venv-reference"), "lindi", "bin", "python");

/** The files {@link writeLindiFiles} puts in a folder. */
export const LINDI_FILES = {
  /** The HDF5 NWB file pynwb wrote. */
  nwb: "session.nwb",
  /** Its references as a path relative to the reference file: `session.nwb` beside it. */
  relative: "session.nwb.lindi.json",
  /** Its references as the absolute http(s) URL of `session.nwb` on a server. */
  remote: "remote.nwb.lindi.json",
  /** A `.lindi.tar` referencing `session.nwb` beside it, plus the blob `/extra` (0..2999) in the archive. */
  tar: "session.lindi.tar",
  /** References to an absolute local path outside the folder (kept out of the README's screenshot). */
  outside: "other/outside.nwb.lindi.json",
} as const;

/** Values h5py reads, by HDF5 path (dump_h5.py's canonical JSON). */
export type H5Dump = Record<string, { kind: string; shape?: number[]; values?: unknown }>;

/** Make the lindi venv; a skip reason when this machine has no Python for it, else false. */
export function setupLindiVenv(): string | false {
  const r = spawnSync("bash", [join(REFERENCE, "setup-venv.sh")], { encoding: "utf8", timeout: 900_000 });
  if (r.status === 3) return r.stdout.trim();
  if (r.status !== 0) throw new Error(`setup-venv.sh failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return false;
}

function run(script: string, args: string[]): string {
  return pythonOutput(LINDI_PY, [join(REFERENCE, "python", script), ...args], {
    timeout: 180_000, fail: "throw", message: (r) => `${script} ${args.join(" ")} failed:\n${r.stderr.slice(-3000)}`,
  });
}

/**
 * Write {@link LINDI_FILES} into `folder`: `remoteBase` is the URL the folder is served at; the
 * file `outside` references is written into `elsewhere`. Returns what h5py reads from the HDF5 file.
 */
export function writeLindiFiles(folder: string, remoteBase: string, elsewhere: string): H5Dump {
  const nwb = join(folder, LINDI_FILES.nwb);
  run("write_nwb.py", [nwb]);
  run("make_lindi.py", [nwb, LINDI_FILES.nwb, join(folder, LINDI_FILES.relative)]);
  run("make_lindi.py", [nwb, `${remoteBase}/${LINDI_FILES.nwb}`, join(folder, LINDI_FILES.remote)]);
  run("make_lindi_tar.py", [nwb, LINDI_FILES.nwb, join(folder, LINDI_FILES.tar)]);
  mkdirSync(elsewhere, { recursive: true });
  mkdirSync(join(folder, dirname(LINDI_FILES.outside)), { recursive: true });
  const away = join(elsewhere, LINDI_FILES.nwb);
  copyFileSync(nwb, away);
  run("make_lindi.py", [away, away, join(folder, LINDI_FILES.outside)]);
  return JSON.parse(run("dump_h5.py", [nwb])) as H5Dump;
}
