/**
 * Damaged copies of the pynwb-written NWB fixture for the validator tests: each copy has one thing
 * wrong, done the way a person editing the Zarr folder would (remove a node, edit a `.zattrs`, write
 * an uncompressed array). Also runs Python's pynwb validator on such copies when the interop venv
 * (hdmf-zarr 0.13, pynwb) is present.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pythonOutput, venvPython } from "../../helpers/python.js";
import { tempFolders } from "../../helpers/temp-folders.js";

/** The interop venv with hdmf-zarr 0.13 (reads legacy Zarr v2) and pynwb. */
export const PYTHON_V2 = venvPython("v2", { fromEnv: false });

/** A copy of a fixture in a temporary folder; `cleanup()` removes every copy made so far. */
export function fixtureCopies(prefix: string): { copy(fixture: string): string; cleanup(): void } {
  const folders = tempFolders(prefix);
  return {
    copy(fixture: string) {
      const target = join(folders.make(), "file.nwb.zarr");
      cpSync(fixture, target, { recursive: true });
      return target;
    },
    cleanup: folders.cleanup,
  };
}

/** Remove a node (group or array folder). */
export function removeNode(store: string, node: string): void {
  rmSync(join(store, node), { recursive: true });
}

/** Edit a node's `.zattrs` in place. */
export function editAttrs(store: string, node: string, edit: (attrs: Record<string, any>) => void): void {
  const file = join(store, node, ".zattrs");
  const attrs = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  edit(attrs);
  writeFileSync(file, JSON.stringify(attrs, null, 4));
}

/**
 * Write (or replace) a float64 array: uncompressed Zarr v2, one chunk, with the given attributes
 * (kept from the replaced array when not given).
 */
export function writeFloat64Array(store: string, node: string, shape: number[], values: number[], attrs?: Record<string, unknown>): void {
  const dir = join(store, node);
  const oldAttrs = existsSync(join(dir, ".zattrs")) ? JSON.parse(readFileSync(join(dir, ".zattrs"), "utf8")) : {};
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const meta = { chunks: shape, compressor: null, dtype: "<f8", fill_value: 0, filters: null, order: "C", shape, zarr_format: 2 };
  writeFileSync(join(dir, ".zarray"), JSON.stringify(meta));
  writeFileSync(join(dir, ".zattrs"), JSON.stringify(attrs ?? oldAttrs));
  writeFileSync(join(dir, shape.map(() => "0").join(".")), Buffer.from(new Float64Array(values).buffer));
}

/** One error pynwb's validator reported: its class, location and text. */
export interface PynwbError {
  kind: string;
  location: string | null;
  name: string;
  reason: string;
}

const PYNWB_SCRIPT = `
import json, sys, warnings
warnings.simplefilter("ignore")
from hdmf_zarr.nwb import NWBZarrIO
from pynwb import validate
out = {}
for p in sys.argv[1:]:
    with NWBZarrIO(p, "r") as io:
        errors = validate(io=io)
    out[p] = [{"kind": type(e).__name__, "location": e.location, "name": e.name, "reason": e.reason} for e in errors]
print(json.dumps(out))
`;

/** pynwb's validation errors for each file, or undefined when the venv is absent. */
export function pynwbValidate(paths: string[]): Record<string, PynwbError[]> | undefined {
  if (!existsSync(PYTHON_V2)) return undefined;
  const text = pythonOutput(PYTHON_V2, ["-c", PYNWB_SCRIPT, ...paths], { timeout: 120_000, maxBuffer: 1 << 20, fail: "throw" });
  return JSON.parse(text);
}
