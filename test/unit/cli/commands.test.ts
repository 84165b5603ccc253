/** The `hdmf-zarr` command line, run as a real process. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { startHttpServer } from "../../helpers/http-server.js";
import { ZARR_V2_FIXTURES } from "../../helpers/fixture-paths.js";
import { cli, cliAsync } from "../../helpers/cli.js";

const fixtures = ZARR_V2_FIXTURES;

test("tree prints every group, dataset and link with types, dtypes, shapes and chunking", () => {
  const { code, out } = cli("tree", `${fixtures}/ecephys_tutorial.nwb.zarr`);
  assert.equal(code, 0);
  const lines = out.trimEnd().split("\n");
  assert.match(lines[0], /ecephys_tutorial\.nwb\.zarr\s+NWBFile \(core\)$/);
  assert.ok(lines.some((l) => /── data\s+float64\s+\(50, 4\)\s+chunks \(50, 4\)\s+blosc$/.test(l)));
  assert.ok(lines.some((l) => /── group\s+VectorData \(hdmf-common\)\s+object\s+\(12,\)\s+chunks \(12,\)\s+pickle\+blosc$/.test(l)));
  assert.equal(lines.filter((l) => /── device → \/general\/devices\/array\s+\(link\)$/.test(l)).length, 4);
  assert.ok(lines.some((l) => /── starting_time\s+float64\s+scalar\s+blosc$/.test(l)));
  assert.equal(lines.length, 56); // root line + 55 nodes and links (30 arrays, 20 groups below the root, 5 links; spec cache excluded)
});

test("tree works over HTTP with a directory index and prints the same tree", async () => {
  const server = await startHttpServer(fixtures, { directoryListing: "html" });
  try {
    const remote = await cliAsync("tree", `${server.url}/ecephys_tutorial.nwb.zarr`);
    const local = cli("tree", `${fixtures}/ecephys_tutorial.nwb.zarr`);
    assert.equal(remote.code, 0, remote.err);
    assert.deepEqual(remote.out.split("\n").slice(1), local.out.split("\n").slice(1));
  } finally {
    await server.close();
  }
});

test("a missing store exits 1 with a typed error naming it; no arguments prints usage and exits 2", () => {
  const missing = cli("tree", "/nonexistent/x.zarr");
  assert.equal(missing.code, 1);
  assert.match(missing.err, /^error: StoreNotFoundError: '\/' in '\/nonexistent\/x\.zarr': the path does not exist: no file or folder is there/);
  const usage = cli("tree");
  assert.equal(usage.code, 2);
  assert.match(usage.err, /usage: hdmf-zarr tree PATH_OR_URL/);
});
