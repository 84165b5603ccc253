/**
 * `npm run fuzz -- [--runs N] [--seed S] [--path P] [--target name,...]`: the fuzz suite with a
 * longer budget (FUZZ_RUNS runs per target; default 20000), one test file at a time.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const flags: Record<string, string> = { "--runs": "FUZZ_RUNS", "--seed": "FUZZ_SEED", "--path": "FUZZ_PATH", "--target": "FUZZ_TARGET" };
const env: Record<string, string> = { FUZZ_RUNS: process.env.FUZZ_RUNS ?? "20000" };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const [flag, inline] = argv[i].split("=", 2);
  const name = flags[flag];
  if (!name) {
    console.error(`unknown option ${argv[i]} (known: ${Object.keys(flags).join(", ")})`);
    process.exit(2);
  }
  env[name] = inline ?? argv[++i];
}
const files = readdirSync(__dirname).filter((f) => f.endsWith(".test.ts")).sort().map((f) => join(__dirname, f));
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=1", ...files], { stdio: "inherit", env: { ...process.env, ...env } });
process.exit(result.status ?? 1);
