/**
 * Interop helper commands for the TypeScript side:
 *   write CASES_DIR OUT_DIR --format 2|3   write every case with our writer
 *   dump STORE... [--suffix .ts-dump.json]   dump stores with our reader
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ZarrIO } from "../../../src/index.js";
import { caseToBuilders, type CaseFile } from "./case-builder.js";
import { dumpStore } from "./dump.js";

export async function writeCase(c: CaseFile, outDir: string, format: 2 | 3): Promise<string> {
  const locationOf = (file: string) => resolve(outDir, file === "" ? `${c.name}.zarr` : file);
  const { main, externals } = caseToBuilders(c, format, locationOf);
  for (const [file, root] of externals) {
    const io = new ZarrIO(locationOf(file), "w", { zarrFormat: format });
    await io.writeBuilder(root);
    await io.close();
  }
  const io = new ZarrIO(locationOf(""), "w", { zarrFormat: format });
  await io.writeBuilder(main);
  await io.close();
  return locationOf("");
}

export function loadCases(dir: string): CaseFile[] {
  return readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as CaseFile);
}

async function main(argv: string[]) {
  const [cmd, ...args] = argv;
  if (cmd === "write") {
    const [casesDir, outDir] = args;
    const format = Number(args[args.indexOf("--format") + 1]) as 2 | 3;
    mkdirSync(outDir, { recursive: true });
    let failed = 0;
    for (const c of loadCases(casesDir)) {
      try {
        console.log(await writeCase(c, outDir, format));
      } catch (e) {
        failed++;
        console.error(`FAILED ${c.name}: ${(e as Error).message}`);
      }
    }
    if (failed) process.exit(1);
  } else if (cmd === "dump") {
    const suffixAt = args.indexOf("--suffix");
    const suffix = suffixAt >= 0 ? args[suffixAt + 1] : undefined;
    const stores = args.filter((a, i) => !a.startsWith("--") && (suffixAt < 0 || i !== suffixAt + 1));
    for (const s of stores) {
      const text = JSON.stringify(await dumpStore(s), null, 2) + "\n";
      if (suffix) writeFileSync(s + suffix, text);
      else process.stdout.write(text);
    }
  } else {
    console.error("usage: cli.ts write CASES OUT --format 2|3 | dump STORE... [--suffix S]");
    process.exit(2);
  }
}

if (require.main === module) main(process.argv.slice(2)).catch((e) => { console.error(e); process.exit(1); });
