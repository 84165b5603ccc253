/**
 * `hdmf-zarr validate PATH_OR_URL [--json] [--allow-pickle] [--no-warnings]`: validate a file against
 * the specs it caches (the bundled ones when it caches none) and print the findings. Exit status 0
 * when there is no error (warnings allowed), 1 with errors or when the file cannot be read, 2 on a
 * usage mistake. Text from the file (paths, types, messages) is escaped for the terminal.
 */
import { HdmfZarrError } from "../errors.js";
import { countFindings, formatFinding, type ValidationFinding } from "../validate/index.js";
import { validate } from "../io/validate-file.js";
import { terminalJson, terminalText } from "./terminal-text.js";
import { STORAGE_FLAGS_USAGE, takeStorageFlags, withFlagHint } from "./storage-flags.js";

const USAGE = `usage: hdmf-zarr validate PATH_OR_URL [--json] [--allow-pickle] [--no-warnings] [--anon] [--storage-option KEY=VALUE]

Checks an HDMF/NWB Zarr file against its specifications (those cached in the file, else the bundled
hdmf-common and NWB core): required groups, datasets, attributes and links, quantities, dtypes,
shapes, reference and link targets. Prints one finding per line: severity, path[@attribute], data
type, kind: message. Exit status: 0 no errors, 1 errors, 2 usage.
  --json           print {file, errors, warnings, findings} as JSON instead
  --allow-pickle   decode legacy pickle-coded arrays (needed to check references stored that way)
  --no-warnings    print errors only
${STORAGE_FLAGS_USAGE}`;

const FLAGS = new Set(["--json", "--allow-pickle", "--no-warnings"]);

/** A finding whose texts from the file are escaped for the terminal (the tabs between its fields stay). */
function forTerminal(f: ValidationFinding): ValidationFinding {
  return {
    ...f, path: terminalText(f.path), message: terminalText(f.message),
    ...(f.attribute === undefined ? {} : { attribute: terminalText(f.attribute) }),
    ...(f.type === undefined ? {} : { type: terminalText(f.type) }),
  };
}

/** Run `validate` with its arguments (after the subcommand); resolves to the exit status. */
export async function validateCommand(all: string[]): Promise<number> {
  if (all.includes("--help") || all.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const { storageOptions, rest: args, error } = takeStorageFlags(all);
  const unknown = args.filter((a) => a.startsWith("-") && !FLAGS.has(a));
  const targets = args.filter((a) => !a.startsWith("-"));
  if (error || unknown.length > 0 || targets.length !== 1) {
    console.error(error ? `${error}\n${USAGE}` : unknown.length > 0 ? `unknown option ${unknown[0]}\n${USAGE}` : USAGE);
    return 2;
  }
  const file = targets[0];
  let findings: ValidationFinding[];
  try {
    findings = await validate(file, { io: { allowPickle: args.includes("--allow-pickle"), storageOptions } });
  } catch (e) {
    if (!(e instanceof HdmfZarrError)) throw e;
    console.error(`error: ${e.name}: ${terminalText(withFlagHint(e), { multiline: true })}`);
    return 1;
  }
  const { errors, warnings } = countFindings(findings);
  const shown = args.includes("--no-warnings") ? findings.filter((f) => f.severity === "error") : findings;
  if (args.includes("--json")) {
    console.log(terminalJson({ file, errors, warnings, findings: shown }, 2));
  } else {
    for (const f of shown) console.log(formatFinding(forTerminal(f)));
    console.log(`${terminalText(file)}: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`);
  }
  return errors > 0 ? 1 : 0;
}
