/**
 * The SigV4 signer against published vectors: the AWS Signature Version 4 test suite
 * (service "service", us-east-1, 2015-08-30T12:36:00Z) and the S3 documentation's GET example.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { awsEncode, EMPTY_SHA256, sha256Hex, signV4 } from "../../../src/store/s3/sigv4.js";

const suite = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const scope = { region: "us-east-1", service: "service", now: Date.UTC(2015, 7, 30, 12, 36, 0) };
const credential = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";

const vectors: { name: string; method: string; url: string; headers?: Record<string, string>; signed: string; signature: string }[] = [
  { name: "get-vanilla", method: "GET", url: "https://example.amazonaws.com/", signed: "host;x-amz-date", signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
  { name: "post-vanilla", method: "POST", url: "https://example.amazonaws.com/", signed: "host;x-amz-date", signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b" },
  {
    name: "get-vanilla-query-order-key-case", method: "GET", url: "https://example.amazonaws.com/?Param2=value2&Param1=value1",
    signed: "host;x-amz-date", signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
  },
  {
    name: "get-unreserved", method: "GET", url: "https://example.amazonaws.com/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    signed: "host;x-amz-date", signature: "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f",
  },
  {
    name: "post-header-value-case", method: "POST", url: "https://example.amazonaws.com/", headers: { "My-Header1": "VALUE1" },
    signed: "host;my-header1;x-amz-date", signature: "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d",
  },
  {
    name: "get-header-value-trim", method: "GET", url: "https://example.amazonaws.com/", headers: { "My-Header1": " value1", "My-Header2": '"a   b   c"' },
    signed: "host;my-header1;my-header2;x-amz-date", signature: "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
  },
];

describe("SigV4 signer", () => {
  for (const v of vectors) {
    it(`matches the AWS test suite: ${v.name}`, async () => {
      const h = await signV4({ method: v.method, url: v.url, headers: v.headers }, suite, scope);
      assert.equal(h.authorization, `${credential}, SignedHeaders=${v.signed}, Signature=${v.signature}`);
      assert.equal(h["x-amz-date"], "20150830T123600Z");
      assert.equal(h["x-amz-security-token"], undefined);
    });
  }

  it("matches the S3 documentation's GET Object example (Range, x-amz-content-sha256)", async () => {
    const h = await signV4(
      {
        method: "GET", url: "https://examplebucket.s3.amazonaws.com/test.txt",
        headers: { Range: "bytes=0-9", "x-amz-content-sha256": EMPTY_SHA256 }, payloadHash: EMPTY_SHA256,
      },
      { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
      { region: "us-east-1", service: "s3", now: Date.UTC(2013, 4, 24) },
    );
    assert.equal(
      h.authorization,
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, " +
        "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
    );
  });

  it("signs a session token and changes the signature with it", async () => {
    const plain = await signV4({ method: "GET", url: "https://example.amazonaws.com/" }, suite, scope);
    const withToken = await signV4({ method: "GET", url: "https://example.amazonaws.com/" }, { ...suite, sessionToken: "tok" }, scope);
    assert.equal(withToken["x-amz-security-token"], "tok");
    assert.match(withToken.authorization, /SignedHeaders=host;x-amz-date;x-amz-security-token,/);
    assert.notEqual(withToken.authorization, plain.authorization);
  });

  it("hashes and encodes as SigV4 wants", async () => {
    assert.equal(await sha256Hex(""), EMPTY_SHA256);
    assert.equal(await sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert.equal(awsEncode("a b(c)*!'~é/"), "a%20b%28c%29%2A%21%27~%C3%A9%2F");
  });
});
