#!/usr/bin/env node
// Register this repository's tslab as the Jupyter kernel "tslab": writes
// DATA_DIR/kernels/tslab/kernel.json (DATA_DIR: a Jupyter data folder such as PREFIX/share/jupyter
// or a JUPYTER_PATH entry). Written by hand because `tslab install` needs IPython.
//   node scripts/write-tslab-kernelspec.mjs DATA_DIR
// HDMF_ZARR_NODE=/path/to/node runs the kernel with that Node instead of the first `node` on PATH
// (tslab's launcher is a `#!/usr/bin/env node` script), e.g. to test on another Node release.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Write the kernelspec into `dataDir`; returns the kernel.json path. */
export function writeTslabKernelspec(dataDir) {
  const dir = join(dataDir, "kernels", "tslab");
  mkdirSync(dir, { recursive: true });
  const tslab = join(root, "node_modules", ".bin", "tslab");
  const node = process.env.HDMF_ZARR_NODE;
  const argv = [...(node ? [resolve(node)] : []), tslab, "kernel", "--config-path", "{connection_file}"];
  const spec = { argv, display_name: "TypeScript", language: "typescript" };
  const file = join(dir, "kernel.json");
  writeFileSync(file, JSON.stringify(spec, null, 1) + "\n");
  return file;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dataDir = process.argv[2];
  if (!dataDir) {
    console.error("usage: node scripts/write-tslab-kernelspec.mjs DATA_DIR");
    process.exit(2);
  }
  console.log(writeTslabKernelspec(resolve(dataDir)));
}
