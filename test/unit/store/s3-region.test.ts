/**
 * The part of region detection a local server cannot show: AWS's answer to a request sent to the
 * global address for a bucket elsewhere (301 PermanentRedirect with `x-amz-bucket-region`, in the
 * shape AWS documents), after which the store signs for that region and sends every request to the
 * region's address. The fetch here plays AWS's part; test/s3/s3-region.test.ts covers the rest on
 * a real server.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { S3Store } from "../../../src/store/s3/s3-store.js";

const KEYS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };
const REDIRECT = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.</Message><Endpoint>lab-data.s3.eu-central-1.amazonaws.com</Endpoint><Bucket>lab-data</Bucket></Error>`;

describe("S3 region detection on AWS addresses", () => {
  it("a 301 PermanentRedirect moves the store to the region's address and signature, once", async () => {
    const seen: string[] = [];
    const aws: typeof fetch = async (input, init) => {
      const url = String(input);
      const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec((init?.headers as Record<string, string>).authorization)?.[1];
      seen.push(`${init?.method} ${url} ${region}`);
      if (new URL(url).host !== "lab-data.s3.eu-central-1.amazonaws.com" || region !== "eu-central-1") {
        return new Response(REDIRECT, { status: 301, headers: { "x-amz-bucket-region": "eu-central-1", "content-type": "application/xml" } });
      }
      return new Response("data", { status: 200 });
    };
    const store = new S3Store("s3://lab-data/session.zarr", { region: "us-east-1", credentials: async () => KEYS }, { fetch: aws, retries: 0 });
    assert.equal(store.bucketUrl, "https://lab-data.s3.amazonaws.com");
    assert.deepEqual(await store.get("zarr.json"), new TextEncoder().encode("data"));
    assert.deepEqual(await store.get("a/c/0"), new TextEncoder().encode("data"));
    assert.equal(store.region, "eu-central-1");
    assert.deepEqual(seen, [
      "GET https://lab-data.s3.amazonaws.com/session.zarr/zarr.json us-east-1",
      "GET https://lab-data.s3.eu-central-1.amazonaws.com/session.zarr/zarr.json eu-central-1",
      "GET https://lab-data.s3.eu-central-1.amazonaws.com/session.zarr/a/c/0 eu-central-1",
    ]);
  });

  it("a bucket name with dots keeps path-style addresses at the region's host", async () => {
    const seen: string[] = [];
    const aws: typeof fetch = async (input, init) => {
      seen.push(`${init?.method} ${String(input)}`);
      if (!String(input).startsWith("https://s3.ap-south-1.amazonaws.com/")) return new Response(null, { status: 301, headers: { "x-amz-bucket-region": "ap-south-1" } });
      return new Response(null, { status: 200, headers: { "content-length": "7" } });
    };
    const store = new S3Store("s3://my.lab.data/f.zarr", { region: "us-east-1", credentials: async () => KEYS }, { fetch: aws, retries: 0 });
    assert.equal(await store.getSize("zarr.json"), 7);
    assert.deepEqual(seen, [
      "HEAD https://s3.amazonaws.com/my.lab.data/f.zarr/zarr.json",
      "HEAD https://s3.ap-south-1.amazonaws.com/my.lab.data/f.zarr/zarr.json",
    ]);
  });
});
