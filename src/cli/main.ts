#!/usr/bin/env node
/** Command line: `hdmf-zarr tree PATH_OR_URL` prints the tree of a file. */
import { HdmfZarrError } from "../errors.js";
import { ZarrIO } from "../io/zarr-io.js";
import { terminalText } from "./terminal-text.js";
import { renderTree } from "./tree.js";
import { validateCommand } from "./validate.js";
import { convertCommand } from "./convert.js";
import { installLabCommand } from "./install-lab.js";
import { STORAGE_FLAGS_USAGE, takeStorageFlags, withFlagHint } from "./storage-flags.js";

const USAGE = `usage: hdmf-zarr tree PATH_OR_URL [--allow-pickle] [--max-children N] [--anon] [--storage-option KEY=VALUE]
       hdmf-zarr validate PATH_OR_URL [--json] [--allow-pickle] [--no-warnings] [--anon] [--storage-option KEY=VALUE]
       hdmf-zarr convert OLD NEW [--allow-pickle] [--zarr-format 2|3] [--overwrite [--force]] [--follow-external-symlinks]
       hdmf-zarr install-lab [--prefix PREFIX] [--allow-hidden] [--uninstall]

tree      prints the groups, datasets (dtype, shape, chunks, codecs) and links of an HDMF/NWB Zarr file
validate  checks the file against its cached (or the bundled) specifications, like pynwb's validator
convert   copies a file into a new one in the other Zarr format (legacy v2 ⇄ hdmf-zarr 0.14 v3), chunk by chunk
install-lab  installs the JupyterLab extension (renderer + store browser) into a Jupyter environment
PATH_OR_URL is a local folder or an http(s):// or s3:// URL.
${STORAGE_FLAGS_USAGE}`;

async function tree(all: string[]): Promise<number> {
  const { storageOptions, rest: args, error } = takeStorageFlags(all);
  const maxIdx = args.indexOf("--max-children");
  const target = args.find((a, i) => !a.startsWith("--") && (maxIdx < 0 || i !== maxIdx + 1));
  if (error || !target) {
    console.error(error ? `${error}\n${USAGE}` : USAGE);
    return 2;
  }
  const maxChildren = maxIdx >= 0 ? Number(args[maxIdx + 1]) : undefined;
  const io = new ZarrIO(target, "r", { allowPickle: args.includes("--allow-pickle"), storageOptions });
  try {
    const root = await io.readBuilder();
    console.log(renderTree(root, { maxChildren }));
    return 0;
  } finally {
    await io.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "tree") return tree(rest);
  if (command === "validate") return validateCommand(rest);
  if (command === "convert") return convertCommand(rest);
  if (command === "install-lab") return installLabCommand(rest);
  console.error(USAGE);
  return command === undefined || command === "--help" || command === "-h" ? 0 : 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof HdmfZarrError ? `error: ${e.name}: ${terminalText(withFlagHint(e), { multiline: true })}` : e);
    process.exit(1);
  },
);
