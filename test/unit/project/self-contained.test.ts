/**
 * A user's clone has nothing beside it: no committed file may reach outside the repository for
 * test inputs (the external fixtures live in test/fixtures/external with their licenses).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { FIXTURES_DIR } from "../../helpers/fixture-paths.js";
import { REPO_ROOT as ROOT } from "../../helpers/repo-paths.js";

const TEXT = /\.(ts|mts|cts|js|mjs|cjs|sh|py|json|ipynb|md|yml|yaml|txt|toml|cfg)$|(^|\/)(run|postBuild)$/;
/** Ways a path to a sibling folder of the checkout was spelled before the fixtures moved in. */
const OUTSIDE = [/\.\.\/shared\b/, /\/work\/shared\b/, /"\.\.", "shared"/, /shared\/fixtures/];

describe("the repository is self-contained", () => {
  it("no committed source, test, script or notebook refers to a folder beside the checkout", (t) => {
    if (!existsSync(join(ROOT, ".git"))) return t.skip("not a git checkout");
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" })
      .split("\n")
      .filter((f) => TEXT.test(f) && !f.startsWith("docs/repr/") && f !== "test/unit/project/self-contained.test.ts");
    assert.ok(files.length > 100, `listed ${files.length} files`);
    const offenders = files.filter((f) => {
      const path = join(ROOT, f);
      if (!existsSync(path)) return false;
      const text = readFileSync(path, "utf8");
      return OUTSIDE.some((re) => re.test(text));
    });
    assert.deepEqual(offenders, []);
  });

  it("the external fixtures are in the repository with their licenses", () => {
    for (const name of ["zarr-v2/ecephys_tutorial.nwb.zarr/.zattrs", "zarr-v2/zarr_tutorial.nwb.zarr/.zmetadata",
      "hdf5/2.2.0_subject_no_age__reference.nwb", "zarr-v3-generic/valid_stores/single_array.zarr/zarr.json",
      "LICENSES/pynwb.txt", "LICENSES/hdmf-zarr.txt", "LICENSES/dandi-cli.txt", "README.md"]) {
      assert.ok(existsSync(join(FIXTURES_DIR, name)), `${name} is in test/fixtures/external`);
    }
  });
});
