/**
 * What the reference-file tests share: the Python tools of .venv-reference (setup-venv.sh; `skip`
 * says why the tests skip without Python >= 3.12), and values as dump_h5.py writes them.
 */
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { join } from "node:path";
import { ReferenceBuilder, type DatasetBuilder } from "../../src/format/builders.js";
import { ZarrDataset } from "../../src/format/zarr-dataset.js";
import { nest } from "../../src/data/index.js";
import { REPO_ROOT } from "../helpers/repo-paths.js";

export const HERE = join(REPO_ROOT, "test/reference");
export const VENVS = process.env.REFERENCE_VENV_DIR ?? join(REPO_ROOT, ".venv-reference");
export const LINDI_PY = join(VENVS, "lindi/bin/python");
export const KERCHUNK_PY = join(VENVS, "kerchunk/bin/python");
/** lindi splits contiguous datasets larger than this into chunks of about this size. */
export const SPLIT_BYTES = "4096";

const setup = spawnSync("bash", [join(HERE, "setup-venv.sh")], { encoding: "utf8" });
export const skip = setup.status === 3 ? setup.stdout.trim() : false;
if (skip) console.log(skip);
else assert.equal(setup.status, 0, `setup-venv.sh failed:\n${setup.stdout}\n${setup.stderr}`);

export type Dump = Record<string, { kind: "group" | "dataset" | "link"; attrs?: Record<string, unknown>; shape?: number[]; values?: unknown; target?: string }>;

/** Run a Python script without blocking: the test server in this process must answer meanwhile. */
export async function run(python: string, script: string, args: string[]): Promise<string> {
  try {
    return (await promisify(execFile)(python, [join(HERE, "python", script), ...args], { maxBuffer: 256 << 20, timeout: 120_000 })).stdout;
  } catch (e) {
    throw new Error(`${script} ${args.join(" ")} failed:\n${String((e as { stderr?: string }).stderr ?? e).slice(-3000)}`);
  }
}

/** A value as dump_h5.py writes it. */
export function canon(v: unknown): unknown {
  if (v instanceof ReferenceBuilder) return { ref: v.builder.path };
  if (typeof v === "bigint") return v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : String(v);
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : v;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<unknown>, canon);
  if (Array.isArray(v)) return v.map(canon);
  if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, canon(x)]));
  return v;
}

/** The values of a dataset read lazily, as dump_h5.py writes them. */
export async function datasetValues(ds: DatasetBuilder): Promise<unknown> {
  assert.ok(ds.data instanceof ZarrDataset, `${ds.path} is not read lazily`);
  if (ds.data.isScalar) return canon(await ds.data.read());
  const nd = await ds.data.get();
  return canon(nest(nd.data as ArrayLike<unknown>, nd.shape));
}

