/**
 * The storage flags of commands that read a file: `--anon` (s3fs `anon=True`: read a public
 * bucket without credentials) and `--storage-option KEY=VALUE` (any of ZarrIO's `storageOptions`,
 * repeatable; `client_kwargs.region_name=…` sets a nested one). The options are checked where
 * the library checks them, so a wrong name or value is the library's InvalidOptionError.
 */
import { StoreError, type HdmfZarrError } from "../errors.js";
import type { StorageOptions } from "../store/open.js";

/** Usage lines of the storage flags, for the commands' help texts. */
export const STORAGE_FLAGS_USAGE = `  --anon           read an s3:// file anonymously (a public bucket), without looking for credentials
  --storage-option KEY=VALUE
                   a storage option as s3fs names it (repeatable), e.g. endpoint_url=http://127.0.0.1:7070,
                   profile=lab, client_kwargs.region_name=eu-west-2, retries=2; true, false and
                   numbers are taken as such`;

/** The storage options of the flags in `args`, the other arguments, or the usage mistake. */
export function takeStorageFlags(args: string[]): { storageOptions?: StorageOptions; rest: string[]; error?: string } {
  const options: Record<string, unknown> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--anon") {
      options.anon = true;
      continue;
    }
    if (arg !== "--storage-option" && !arg.startsWith("--storage-option=")) {
      rest.push(arg);
      continue;
    }
    const pair = arg === "--storage-option" ? args[++i] : arg.slice("--storage-option=".length);
    const eq = pair?.indexOf("=") ?? -1;
    if (pair === undefined || eq <= 0) return { rest, error: `--storage-option needs KEY=VALUE, got ${pair === undefined ? "nothing" : `'${pair}'`}` };
    const path = pair.slice(0, eq).split(".");
    let into = options;
    for (const part of path.slice(0, -1)) {
      const inner = (into[part] ??= {});
      if (typeof inner !== "object" || inner === null) return { rest, error: `--storage-option ${pair}: '${part}' is given as a value already` };
      into = inner as Record<string, unknown>;
    }
    const key = path[path.length - 1];
    if (Object.hasOwn(into, key)) return { rest, error: `--storage-option ${pair}: '${pair.slice(0, eq)}' is given twice` };
    into[key] = parseValue(pair.slice(eq + 1));
  }
  return { storageOptions: Object.keys(options).length ? (options as StorageOptions) : undefined, rest };
}

/** `true`, `false` and decimal numbers as such; anything else is text. */
function parseValue(text: string): unknown {
  if (text === "true") return true;
  if (text === "false") return false;
  if (/^-?\d+(\.\d+)?$/.test(text) && Number.isSafeInteger(Math.trunc(Number(text)))) return Number(text);
  return text;
}

/** The library's message, with the command-line flag where it names the `anon: true` option. */
export function withFlagHint(e: HdmfZarrError): string {
  if (e instanceof StoreError && e.message.includes("storageOptions: { anon: true }")) return `${e.message}\n(on the command line: --anon)`;
  return e.message;
}
