/** `hdmf-zarr validate` (src/cli/validate.ts), run as real processes on the fixtures and a damaged copy. */
import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { ECEPHYS_FIXTURE as ECEPHYS, ZARR_TUTORIAL_FIXTURE as ZARR_TUTORIAL } from "../../helpers/fixture-paths.js";
import { nodeProcess, type CliResult } from "../../helpers/cli.js";
import { fixtureCopies, removeNode } from "./damage.js";

const COMMAND = resolve(__dirname, "../../../src/cli/validate.ts");
const RUN = "require(process.argv[1]).validateCommand(process.argv.slice(2)).then((c) => (process.exitCode = c))";

function run(...args: string[]): Promise<CliResult> {
  return nodeProcess(["--import", "tsx", "-e", RUN, COMMAND, ...args]);
}

const copies = fixtureCopies("validate-cli");
after(() => copies.cleanup());

describe("hdmf-zarr validate", () => {
  let damaged: string;
  let results: Awaited<ReturnType<typeof run>>[];
  before(async () => {
    damaged = copies.copy(ECEPHYS);
    removeNode(damaged, "session_start_time");
    // in parallel: each run is a process start plus a fraction of a second of work
    results = await Promise.all([
      run(ZARR_TUTORIAL),
      run(damaged, "--allow-pickle"),
      run(damaged, "--json", "--no-warnings"),
      run(ZARR_TUTORIAL, "--strict"),
      run(join(damaged, "no-such-file.zarr")),
    ]);
  });

  it("a valid file: exit 0 and a summary line", () => {
    const { code, out } = results[0];
    assert.equal(code, 0);
    assert.equal(out, `${ZARR_TUTORIAL}: 0 errors, 0 warnings\n`);
  });

  it("a damaged file: exit 1, one tab-separated line per finding", () => {
    const { code, out } = results[1];
    assert.equal(code, 1);
    assert.deepEqual(out.trimEnd().split("\n"), [
      "error\t/session_start_time\tNWBFile\tmissing-dataset: required dataset 'session_start_time' is missing",
      `${damaged}: 1 error, 0 warnings`,
    ]);
  });

  it("--json prints the counts and findings", () => {
    const { code, out } = results[2];
    assert.equal(code, 1);
    const doc = JSON.parse(out);
    // without --allow-pickle the pickled reference column gives a warning, which --no-warnings leaves out
    assert.deepEqual({ ...doc, findings: undefined }, { file: damaged, errors: 1, warnings: 1, findings: undefined });
    assert.deepEqual(doc.findings, [{
      severity: "error", kind: "missing-dataset", path: "/session_start_time", type: "NWBFile", message: "required dataset 'session_start_time' is missing",
    }]);
  });

  it("usage mistakes exit 2; an unreadable path exits 1 with the reason", () => {
    assert.equal(results[3].code, 2);
    assert.match(results[3].err, /^unknown option --strict\nusage: hdmf-zarr validate PATH_OR_URL/);
    assert.equal(results[4].code, 1);
    assert.match(results[4].err, /^error: \w+Error: .*no-such-file\.zarr/);
    assert.equal(results[4].out, "");
  });
});
