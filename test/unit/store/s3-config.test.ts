/**
 * S3 settings without a server: where credentials, region and endpoint come from (options, the
 * environment, ~/.aws files, in botocore's order), the checks of s3fs-style options, the
 * addresses requests go to, and the reading of ListObjectsV2 pages and S3 error documents.
 */
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { InvalidOptionError, StoreError } from "../../../src/errors.js";
import { openStore } from "../../../src/store/open.js";
import { resolveS3Access } from "../../../src/store/s3/aws-config.js";
import { parseListPage, listQuery } from "../../../src/store/s3/list-objects.js";
import { explainS3Error } from "../../../src/store/s3/s3-errors.js";
import { bucketUrl, parseS3Url } from "../../../src/store/s3/s3-url.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const temps = tempFolders("s3-config");
after(() => temps.cleanup());

/** A home folder with these ~/.aws files. */
function home(files: { credentials?: string; config?: string } = {}): string {
  const dir = temps.make();
  mkdirSync(join(dir, ".aws"));
  if (files.credentials) writeFileSync(join(dir, ".aws", "credentials"), files.credentials);
  if (files.config) writeFileSync(join(dir, ".aws", "config"), files.config);
  return dir;
}

const ENV_KEYS = { AWS_ACCESS_KEY_ID: "ENVKEY", AWS_SECRET_ACCESS_KEY: "envsecret", AWS_SESSION_TOKEN: "envtoken" };
const FILES = {
  credentials: "[default]\naws_access_key_id = DEFKEY\naws_secret_access_key = defsecret\n\n[lab]\naws_access_key_id = LABKEY\naws_secret_access_key = labsecret\n",
  config: "[default]\nregion = eu-west-1\n\n[profile lab]\nregion = ap-south-1\nendpoint_url = http://minio.lab:9000\n\n[profile cfgonly]\naws_access_key_id = CFGKEY\naws_secret_access_key = cfgsecret\n\n[profile role]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = default\n",
};

describe("where S3 credentials, region and endpoint come from", () => {
  it("key/secret/token given win over the environment and the files", async () => {
    const a = resolveS3Access({ key: "K", secret: "S", token: "T" }, "s3://b/p", { env: ENV_KEYS, home: home(FILES) });
    assert.deepEqual(await a.credentials(), { accessKeyId: "K", secretAccessKey: "S", sessionToken: "T" });
    assert.equal(a.region, "eu-west-1", "the default profile's region");
  });

  it("the environment's keys come before the default profile", async () => {
    const a = resolveS3Access({}, "s3://b/p", { env: ENV_KEYS, home: home(FILES) });
    assert.deepEqual(await a.credentials(), { accessKeyId: "ENVKEY", secretAccessKey: "envsecret", sessionToken: "envtoken" });
  });

  it("an explicit profile skips the environment's keys (as botocore does) and brings its region and endpoint", async () => {
    const a = resolveS3Access({ profile: "lab" }, "s3://b/p", { env: ENV_KEYS, home: home(FILES) });
    assert.deepEqual(await a.credentials(), { accessKeyId: "LABKEY", secretAccessKey: "labsecret", sessionToken: undefined });
    assert.equal(a.region, "ap-south-1");
    assert.equal(a.endpoint, "http://minio.lab:9000");
  });

  it("AWS_PROFILE names the profile; keys may sit in ~/.aws/config", async () => {
    const a = resolveS3Access({}, "s3://b/p", { env: { AWS_PROFILE: "cfgonly" }, home: home(FILES) });
    assert.deepEqual(await a.credentials(), { accessKeyId: "CFGKEY", secretAccessKey: "cfgsecret", sessionToken: undefined });
    assert.equal(a.region, "us-east-1", "no region anywhere: us-east-1");
  });

  it("region: client_kwargs, then AWS_REGION, then AWS_DEFAULT_REGION, then the profile", () => {
    const h = home(FILES);
    assert.equal(resolveS3Access({ client_kwargs: { region_name: "us-west-2" } }, "s", { env: { AWS_REGION: "eu-north-1" }, home: h }).region, "us-west-2");
    assert.equal(resolveS3Access({}, "s", { env: { AWS_REGION: "eu-north-1", AWS_DEFAULT_REGION: "sa-east-1" }, home: h }).region, "eu-north-1");
    assert.equal(resolveS3Access({}, "s", { env: { AWS_DEFAULT_REGION: "sa-east-1" }, home: h }).region, "sa-east-1");
  });

  it("endpoint: endpoint_url, then client_kwargs, then AWS_ENDPOINT_URL_S3, then AWS_ENDPOINT_URL", () => {
    const env = { AWS_ENDPOINT_URL_S3: "http://s3env:1", AWS_ENDPOINT_URL: "http://generic:2" };
    const h = home();
    assert.equal(resolveS3Access({ endpoint_url: "http://opt:3" }, "s", { env, home: h }).endpoint, "http://opt:3");
    assert.equal(resolveS3Access({ client_kwargs: { endpoint_url: "http://kw:4" } }, "s", { env, home: h }).endpoint, "http://kw:4");
    assert.equal(resolveS3Access({}, "s", { env, home: h }).endpoint, "http://s3env:1");
    assert.equal(resolveS3Access({}, "s", { env: { AWS_ENDPOINT_URL: "http://generic:2" }, home: h }).endpoint, "http://generic:2");
    assert.equal(resolveS3Access({}, "s", { env: {}, home: h }).endpoint, undefined);
  });

  it("anon: true signs nothing, whatever the environment holds", async () => {
    assert.equal(await resolveS3Access({ anon: true }, "s", { env: ENV_KEYS, home: home(FILES) }).credentials(), undefined);
  });

  it("no credentials: a StoreError on first use (not at opening) naming the store, the places looked at and anon: true", async () => {
    const a = resolveS3Access({}, "s3://b/p", { env: {}, home: home() });
    await assert.rejects(a.credentials(), (e: unknown) =>
      e instanceof StoreError && e.store === "s3://b/p" && /no AWS credentials found/.test(e.message) && /anon: true/.test(e.message));
  });

  it("a missing profile is an InvalidOptionError; a role profile says it is not supported", async () => {
    assert.throws(() => resolveS3Access({ profile: "nope" }, "s3://b/p", { env: {}, home: home(FILES) }),
      (e: unknown) => e instanceof InvalidOptionError && e.option === "profile" && /no profile 'nope'/.test(e.message));
    const a = resolveS3Access({ profile: "role" }, "s3://b/p", { env: {}, home: home(FILES) });
    await assert.rejects(a.credentials(), (e: unknown) => e instanceof StoreError && /'role_arn', which is not supported/.test(e.message));
  });
});

describe("s3fs-style storage options are checked", () => {
  const refuses = (http: object, option: string, text: RegExp, target = "s3://b/p") =>
    assert.throws(() => openStore(target, { writable: false, http: http as never }), (e: unknown) => {
      assert.ok(e instanceof InvalidOptionError, String(e));
      assert.equal(e.option, option);
      assert.match(e.message, text);
      return true;
    });

  it("refuses partial, contradictory or malformed values, naming the option", () => {
    refuses({ key: "K" }, "key", /pass both key and secret/);
    refuses({ key: "K", secret: "S", anon: true }, "key", /contradicts anon: true/);
    refuses({ anon: "yes" }, "anon", /true or false/);
    refuses({ key: "K…", secret: "S" }, "key", /printable ASCII/);
    refuses({ endpoint_url: "ftp://x" }, "endpoint_url", /http:\/\/ or https:\/\//);
    refuses({ client_kwargs: { region: "x" } }, "region", /unknown option 'region'; valid options: endpoint_url, region_name/);
    refuses({ client_kwargs: { aws_access_key_id: "K" } }, "aws_access_key_id", /pass it as `key`/);
    refuses({ endpoint_url: "http://a:1", client_kwargs: { endpoint_url: "http://b:2" } }, "endpoint_url", /give the address once/);
  });

  it("refuses S3 options for stores that are not s3:// ones", () => {
    refuses({ key: "K", secret: "S" }, "key", /https?:\/\/ stores do not take it|http\(s\):\/\/ stores do not take it/, "https://host/x.zarr");
    refuses({ anon: true }, "anon", /local stores do not take it/, "some/local.zarr");
  });
});

describe("S3 addresses and documents", () => {
  it("parses s3:// URLs and builds virtual-host, regional, dotted and path-style addresses", () => {
    assert.deepEqual(parseS3Url("s3://bucket/a/b.zarr/"), { bucket: "bucket", prefix: "a/b.zarr" });
    assert.deepEqual(parseS3Url("s3://bucket"), { bucket: "bucket", prefix: "" });
    assert.equal(bucketUrl("bucket", "us-east-1"), "https://bucket.s3.amazonaws.com");
    assert.equal(bucketUrl("bucket", "eu-west-1"), "https://bucket.s3.eu-west-1.amazonaws.com");
    assert.equal(bucketUrl("my.bucket", "eu-west-1"), "https://s3.eu-west-1.amazonaws.com/my.bucket");
    assert.equal(bucketUrl("bucket", "us-east-1", "http://127.0.0.1:7070/"), "http://127.0.0.1:7070/bucket");
    assert.equal(listQuery("a b/", "/", "tok+/="), "list-type=2&prefix=a%20b%2F&delimiter=%2F&continuation-token=tok%2B%2F%3D");
  });

  it("reads a ListObjectsV2 page: keys with entities, sizes, common prefixes and the next token", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
      <Name>b</Name><Prefix>p/</Prefix><KeyCount>3</KeyCount><IsTruncated>true</IsTruncated><NextContinuationToken>abc&amp;d</NextContinuationToken>
      <Contents><Key>p/a&amp;b&#x20;c</Key><Size>12</Size></Contents><Contents><Key>p/zarr.json</Key><Size>0</Size></Contents>
      <CommonPrefixes><Prefix>p/sub/</Prefix></CommonPrefixes></ListBucketResult>`;
    assert.deepEqual(parseListPage(new TextEncoder().encode(xml)), {
      keys: [{ key: "p/a&b c", size: 12 }, { key: "p/zarr.json", size: 0 }], prefixes: ["p/sub/"], next: "abc&d",
    });
    assert.throws(() => parseListPage(new TextEncoder().encode("<html>nope</html>")), /not a ListBucketResult/);
  });

  it("explains S3 error documents; refusals of credentials and 404s other than NoSuchKey are fatal", () => {
    const doc = (code: string, extra = "") => new TextEncoder().encode(`<Error><Code>${code}</Code><Message>m</Message>${extra}</Error>`);
    assert.deepEqual(explainS3Error(403, doc("SignatureDoesNotMatch")), {
      detail: "the server refused the request signature: the secret access key does not match the access key id (S3 SignatureDoesNotMatch: m)", fatal: true,
    });
    assert.equal(explainS3Error(404, doc("NoSuchKey"))!.fatal, false);
    assert.equal(explainS3Error(404, doc("NoSuchBucket"))!.fatal, true);
    assert.equal(explainS3Error(403, doc("AccessDenied"))!.fatal, false);
    assert.match(explainS3Error(400, doc("AuthorizationHeaderMalformed", "<Region>eu-west-1</Region>"))!.detail, /region_name: 'eu-west-1'/);
    assert.equal(explainS3Error(404, new TextEncoder().encode("Not Found")), undefined);
  });
});
