/**
 * Region detection against versitygw started in eu-west-2: a store opened without a region signs
 * for us-east-1 (botocore's default), is refused with AuthorizationHeaderMalformed naming
 * eu-west-2, signs again for it, and keeps it for every later request; a HEAD (no error document)
 * learns the region from the bucket's x-amz-bucket-region header; a request that is still refused
 * after signing for the named region is a StoreError saying so.
 *
 * Not exercised here: AWS's own answers (a 301 PermanentRedirect and the regional address
 * `bucket.s3.<region>.amazonaws.com` a store moves to); versitygw answers every wrong region with
 * 400 AuthorizationHeaderMalformed and serves one address.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { StoreError } from "../../src/errors.js";
import { DatasetBuilder, GroupBuilder } from "../../src/format/builders.js";
import { ZarrIO } from "../../src/io/zarr-io.js";
import { openStore } from "../../src/store/open.js";
import { S3Store } from "../../src/store/s3/s3-store.js";
import { startS3Server, versitygw, withAwsEnv, type S3Server } from "../helpers/s3-server.js";
import { tempFolders } from "../helpers/temp-folders.js";
import { datasetNumbers } from "../helpers/zarr-files.js";

const built = versitygw();
const skip = "skip" in built ? built.skip : false;
const temps = tempFolders("s3-region");

/** A fetch that records each request's method, URL and the region of its signature ("-" when unsigned). */
function recording(log: string[], rewrite?: (auth: string) => string): typeof fetch {
  return (input, init) => {
    const headers = { ...(init?.headers as Record<string, string>) };
    const auth = headers.authorization;
    if (auth && rewrite) headers.authorization = rewrite(auth);
    const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(headers.authorization ?? "")?.[1] ?? "-";
    log.push(`${init?.method ?? "GET"} ${String(input).replace(/^http:\/\/[^/]+/, "")} ${region}`);
    return fetch(input, { ...init, headers });
  };
}

describe("S3 region detection on versitygw in eu-west-2", { skip }, () => {
  let server: S3Server;
  let creds: { endpoint_url: string; key: string; secret: string };

  before(async () => {
    server = await startS3Server((built as { path: string }).path, ["bucket"], { region: "eu-west-2" });
    creds = { endpoint_url: server.endpoint, key: server.accessKey, secret: server.secretKey };
  });
  after(async () => {
    await server?.stop();
    temps.cleanup();
  });

  it("a store opened without a region signs again for the region S3 names, then signs for it from the start", async () => {
    const log: string[] = [];
    await withAwsEnv(temps.make(), {}, async () => {
      const store = openStore("s3://bucket/r", { writable: true, http: { ...creds, fetch: recording(log) } }) as S3Store;
      assert.equal(store.region, "us-east-1", "botocore's default before any answer");
      await store.set("a.bin", new Uint8Array([1, 2, 3]));
      assert.equal(store.region, "eu-west-2");
      assert.deepEqual(await store.get("a.bin"), new Uint8Array([1, 2, 3]));
    });
    assert.deepEqual(log, [
      "PUT /bucket/r/a.bin us-east-1",
      "PUT /bucket/r/a.bin eu-west-2",
      "GET /bucket/r/a.bin eu-west-2",
    ]);
  });

  it("a HEAD has no error document: the region comes from an unsigned HEAD of the bucket", async () => {
    const log: string[] = [];
    const found = await withAwsEnv(temps.make(), {}, async () => {
      const store = openStore("s3://bucket/r", { writable: false, http: { ...creds, fetch: recording(log) } }) as S3Store;
      return [await store.has!("a.bin"), await store.has!("missing.bin"), store.region];
    });
    assert.deepEqual(found, [true, false, "eu-west-2"]);
    assert.deepEqual(log, [
      "HEAD /bucket/r/a.bin us-east-1",
      "HEAD /bucket -",
      "HEAD /bucket/r/a.bin eu-west-2",
      "HEAD /bucket/r/missing.bin eu-west-2",
    ]);
  });

  it("a Zarr file is written and read through ZarrIO without naming the region", async () => {
    const target = "s3://bucket/file.zarr";
    const back = await withAwsEnv(temps.make(), {}, async () => {
      await new ZarrIO(target, "w", { storageOptions: creds }).writeBuilder(new GroupBuilder("root", { datasets: [new DatasetBuilder("d", [4, 5, 6])] }));
      const io = new ZarrIO(target, "r", { storageOptions: creds });
      try {
        return await datasetNumbers((await io.readBuilder()).get("d"));
      } finally {
        await io.close();
      }
    });
    assert.deepEqual(back, [4, 5, 6]);
  });

  it("the region given is used as is: the right one needs no second request", async () => {
    const log: string[] = [];
    await withAwsEnv(temps.make(), { AWS_REGION: "eu-west-2" }, async () => {
      const store = openStore("s3://bucket/r", { writable: false, http: { ...creds, fetch: recording(log) } });
      assert.deepEqual(await store.get("a.bin"), new Uint8Array([1, 2, 3]));
    });
    assert.deepEqual(log, ["GET /bucket/r/a.bin eu-west-2"]);
  });

  it("refused again after signing for the named region: a StoreError naming both regions", async () => {
    const log: string[] = [];
    // Whatever region the store signs for, the request reaching the server claims us-east-1.
    const stuck = recording(log, (auth) => auth.replace(/(Credential=[^/]+\/\d{8}\/)[^/]+\//, "$1us-east-1/"));
    await withAwsEnv(temps.make(), {}, () =>
      assert.rejects(openStore("s3://bucket/r", { writable: false, http: { ...creds, fetch: stuck } }).get("a.bin"), (e: unknown) => {
        assert.ok(e instanceof StoreError, String(e));
        assert.deepEqual([e.store, e.path], ["s3://bucket/r", "a.bin"]);
        assert.match(e.message, /signed for region 'us-east-1', S3 answered that bucket 'bucket' is in 'eu-west-2'; signed again for 'eu-west-2', it still answered HTTP 400 naming region 'eu-west-2'/);
        assert.match(e.message, /client_kwargs: \{ region_name/);
        return true;
      }));
    assert.equal(log.length, 2, "one request, signed again once");
  });
});
