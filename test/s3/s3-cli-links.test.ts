/**
 * Against versitygw: the command line reads an s3:// file of a public bucket with `--anon` and
 * says so when run without credentials (the library's error plus the flag); `--storage-option`
 * passes s3fs options; an external link from one S3 file to another opens the target with the
 * same storage options (credentials, endpoint), not anonymously.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DatasetBuilder, GroupBuilder } from "../../src/format/builders.js";
import { ZarrDataset } from "../../src/format/zarr-dataset.js";
import { ZarrIO } from "../../src/io/zarr-io.js";
import { cliAsync } from "../helpers/cli.js";
import { makePublicRead, startS3Server, versitygw, withAwsEnv, type S3Server } from "../helpers/s3-server.js";
import { tempFolders } from "../helpers/temp-folders.js";
import { datasetNumbers } from "../helpers/zarr-files.js";

const built = versitygw();
const skip = "skip" in built ? built.skip : false;
const temps = tempFolders("s3-cli-links");

describe("S3 on the command line and across links, on versitygw", { skip }, () => {
  let server: S3Server;
  let creds: { endpoint_url: string; key: string; secret: string };

  before(async () => {
    server = await startS3Server((built as { path: string }).path, ["public", "private"]);
    creds = { endpoint_url: server.endpoint, key: server.accessKey, secret: server.secretKey };
    await makePublicRead(server, "public");
    await withAwsEnv(temps.make(), {}, async () => {
      const root = new GroupBuilder("root", {
        groups: [new GroupBuilder("acquisition", { datasets: [new DatasetBuilder("trace", [1.5, 2.5, 3.5], { attributes: { unit: "volts" } })] })],
      });
      await new ZarrIO("s3://public/open.zarr", "w", { storageOptions: creds }).writeBuilder(root);
    });
  });
  after(async () => {
    await server?.stop();
    temps.cleanup();
  });

  /** `hdmf-zarr ARGS` with no AWS credentials, region or endpoint in its environment. */
  const run = (...args: string[]) => withAwsEnv(temps.make(), {}, () => cliAsync(...args));

  it("tree without credentials prints the library's error and points to --anon", async () => {
    const r = await run("tree", "s3://public/open.zarr", "--storage-option", `endpoint_url=${server.endpoint}`);
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /^error: StoreError: .*'s3:\/\/public\/open\.zarr'.*no AWS credentials found/);
    assert.match(r.err, /For a public bucket pass storageOptions: \{ anon: true \}/);
    assert.match(r.err, /\(on the command line: --anon\)/);
    assert.equal(r.out, "");
  });

  it("tree --anon reads the public bucket without credentials", async () => {
    const r = await run("tree", "s3://public/open.zarr", "--anon", "--storage-option", `endpoint_url=${server.endpoint}`);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split("\n");
    assert.equal(lines[0], "s3://public/open.zarr");
    assert.match(lines[1], /^└── acquisition\/$/);
    assert.match(lines[2], /^ {4}└── trace {2}float64 {2}\(3,\) {2}chunks \(3,\)/);
  });

  it("validate --anon reads it too; --anon on a private bucket is refused by the server (the request went unsigned)", async () => {
    const ok = await run("validate", "s3://public/open.zarr", "--anon", `--storage-option=endpoint_url=${server.endpoint}`, "--json");
    assert.equal(JSON.parse(ok.out).file, "s3://public/open.zarr", ok.err);
    const denied = await run("tree", "s3://private/open.zarr", "--anon", "--storage-option", `endpoint_url=${server.endpoint}`);
    assert.equal(denied.code, 1);
    assert.match(denied.err, /AccessDenied/);
  });

  it("a bad --storage-option is a usage error; an unknown option name is the library's InvalidOptionError", async () => {
    const usage = await run("tree", "s3://public/open.zarr", "--storage-option", "endpoint_url");
    assert.equal(usage.code, 2);
    assert.match(usage.err, /^--storage-option needs KEY=VALUE, got 'endpoint_url'/);
    const unknown = await run("tree", "s3://public/open.zarr", "--anon", "--storage-option", "requester_pays=true");
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /^error: InvalidOptionError: .*option 'requester_pays'.*requester-pays buckets are not supported here/);
  });

  it("an external link to another S3 file opens it with the same storage options", async () => {
    await withAwsEnv(temps.make(), {}, async () => {
      const opts = { storageOptions: creds };
      await new ZarrIO("s3://private/other.zarr", "w", opts).writeBuilder(
        new GroupBuilder("root", { groups: [new GroupBuilder("og", { datasets: [new DatasetBuilder("od", [7, 8, 9])] })] }),
      );
      const reader = new ZarrIO("s3://private/other.zarr", "r", opts);
      const od = (await reader.readBuilder()).get("og/od") as DatasetBuilder;
      assert.ok(od.data instanceof ZarrDataset);
      await new ZarrIO("s3://private/main.zarr", "w", opts).writeBuilder(new GroupBuilder("root", { datasets: [new DatasetBuilder("linked", od.data)] }));
      await reader.close();

      const io = new ZarrIO("s3://private/main.zarr", "r", opts);
      try {
        const link = (await io.readBuilder()).links.get("linked")!;
        assert.equal(link.builder.source, "s3://private/other.zarr");
        assert.equal(link.builder.path, "/og/od");
        assert.deepEqual(await datasetNumbers(link.builder), [7, 8, 9]);
      } finally {
        await io.close();
      }
    });
  });
});
