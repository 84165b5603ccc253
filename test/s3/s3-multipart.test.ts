/**
 * Multipart uploads against versitygw: an object larger than `default_block_size` goes up in
 * parts (CreateMultipartUpload, UploadPart, CompleteMultipartUpload) and reads back byte for byte;
 * one no larger is a single PUT; a refused part aborts the upload (no object, nothing pending);
 * an abort that fails too is a StoreError naming the upload it leaves pending, which the server
 * then lists; a block size under S3's 5 MiB part minimum is an InvalidOptionError. s3fs reads
 * our multipart object byte for byte, and we read the one s3fs uploads in parts.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { InvalidOptionError, StoreError } from "../../src/errors.js";
import { openStore } from "../../src/store/open.js";
import { pythonOutput, scriptFailure } from "../helpers/python.js";
import { REPO_ROOT } from "../helpers/repo-paths.js";
import { pendingUploads, rootRequest, s3Python, startS3Server, versitygw, withAwsEnv, type S3Server } from "../helpers/s3-server.js";
import { tempFolders } from "../helpers/temp-folders.js";

const built = versitygw();
const skip = "skip" in built ? built.skip : false;
const temps = tempFolders("s3-multipart");
const MiB = 2 ** 20;

/** `n` bytes that differ from part to part (a part sent twice or out of order would show); s3_object.py makes the same. */
function ramp(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + (i >> 20)) & 255;
  return out;
}

/** A fetch that records "METHOD path?query (body bytes)" of each request, and may change one. */
function recording(log: string[], change?: (method: string, url: string, init: RequestInit) => RequestInit | Error): typeof fetch {
  return async (input, init = {}) => {
    const url = String(input);
    const method = init.method ?? "GET";
    log.push(`${method} ${url.replace(/^http:\/\/[^/]+/, "").replace(/uploadId=[^&]+/, "uploadId=…")} (${(init.body as Uint8Array | undefined)?.byteLength ?? 0})`);
    const changed = change?.(method, url, init) ?? init;
    if (changed instanceof Error) throw changed;
    return fetch(input, changed);
  };
}

describe("S3 multipart uploads on versitygw", { skip }, () => {
  let server: S3Server;
  let creds: { endpoint_url: string; key: string; secret: string };

  before(async () => {
    server = await startS3Server((built as { path: string }).path, ["bucket"]);
    creds = { endpoint_url: server.endpoint, key: server.accessKey, secret: server.secretKey };
  });
  after(async () => {
    await server?.stop();
    temps.cleanup();
  });

  const open = (http: Record<string, unknown>) => withAwsEnv(temps.make(), {}, async () => openStore("s3://bucket/mp", { writable: true, http: { ...creds, ...http } }));

  it("12 MiB with default_block_size 5 MiB goes up in parts of 5, 5 and 2 MiB and reads back byte for byte", async () => {
    const log: string[] = [];
    const store = await open({ default_block_size: 5 * MiB, fetch: recording(log) });
    const value = ramp(12 * MiB);
    await store.set("big.bin", value);
    const parts = log.filter((l) => l.startsWith("PUT")).sort();
    assert.deepEqual(log[0], "POST /bucket/mp/big.bin?uploads (0)");
    assert.deepEqual(parts, [
      `PUT /bucket/mp/big.bin?partNumber=1&uploadId=… (${5 * MiB})`,
      `PUT /bucket/mp/big.bin?partNumber=2&uploadId=… (${5 * MiB})`,
      `PUT /bucket/mp/big.bin?partNumber=3&uploadId=… (${2 * MiB})`,
    ]);
    assert.match(log[4], /^POST \/bucket\/mp\/big\.bin\?uploadId=… \(\d+\)$/);
    assert.equal(log.length, 5);
    assert.equal(await store.getSize!("big.bin"), 12 * MiB);
    const back = await store.get("big.bin");
    assert.ok(back !== undefined && back.byteLength === value.byteLength && Buffer.compare(back, value) === 0, "same bytes");
    assert.deepEqual(await pendingUploads(server, "bucket"), []);
  });

  it("an object no larger than the block size is one PUT (the default block is s3fs's 50 MiB)", async () => {
    const log: string[] = [];
    const exact = await open({ default_block_size: 5 * MiB, fetch: recording(log) });
    await exact.set("five.bin", ramp(5 * MiB));
    const byDefault = await open({ fetch: recording(log) });
    await byDefault.set("twelve.bin", ramp(12 * MiB));
    assert.deepEqual(log, [`PUT /bucket/mp/five.bin (${5 * MiB})`, `PUT /bucket/mp/twelve.bin (${12 * MiB})`]);
    assert.equal(await byDefault.getSize!("twelve.bin"), 12 * MiB);
  });

  it("a refused part aborts the upload: no object and no pending upload are left", async () => {
    const log: string[] = [];
    // Part 2's bytes change after signing: the server refuses it (the payload hash does not match).
    const tamper = (method: string, url: string, init: RequestInit) => {
      if (method !== "PUT" || !url.includes("partNumber=2&")) return init;
      const body = (init.body as Uint8Array).slice();
      body[0] ^= 0xff;
      return { ...init, body };
    };
    const store = await open({ default_block_size: 5 * MiB, retries: 0, fetch: recording(log, tamper) });
    await assert.rejects(store.set("refused.bin", ramp(12 * MiB)), (e: unknown) => {
      assert.ok(e instanceof StoreError, String(e));
      assert.deepEqual([e.store, e.path], ["s3://bucket/mp", "refused.bin"]);
      assert.match(e.message, /: PUT \(UploadPart 2 of 3\) http:\/\/127\.0\.0\.1:\d+\/bucket\/mp\/refused\.bin answered HTTP 400/);
      return true;
    });
    assert.ok(log.includes("DELETE /bucket/mp/refused.bin?uploadId=… (0)"), log.join("\n"));
    assert.ok(!log.some((l) => /^POST .*\?uploadId=/.test(l)), "never completed");
    assert.equal(await store.has!("refused.bin"), false);
    assert.deepEqual(await pendingUploads(server, "bucket"), []);
  });

  it("when the abort fails too, the StoreError names the upload left pending, as the server lists it", async () => {
    const refuse = (method: string, url: string, init: RequestInit) => {
      if (method === "PUT" && url.includes("partNumber=3&")) return new TypeError("fetch failed (connection reset)");
      if (method === "DELETE") return new TypeError("fetch failed (connection refused)");
      return init;
    };
    const store = await open({ default_block_size: 5 * MiB, retries: 0, fetch: recording([], refuse) });
    const e = await store.set("stuck.bin", ramp(12 * MiB)).then(() => undefined, (err: unknown) => err);
    assert.ok(e instanceof StoreError, String(e));
    assert.deepEqual([e.store, e.path], ["s3://bucket/mp", "stuck.bin"]);
    assert.match(e.message, /^'stuck\.bin' in 's3:\/\/bucket\/mp': the multipart upload failed \(PUT http:\S+\/stuck\.bin\?partNumber=3&uploadId=\S+ failed after 1 attempt\(s\); last error: network error: fetch failed \(connection reset\)\) and aborting it failed too \(DELETE http:\S+ failed after 1 attempt\(s\); last error: network error: fetch failed \(connection refused\)\)/);
    const pending = await pendingUploads(server, "bucket");
    assert.equal(pending.length, 1);
    assert.equal(pending[0].key, "mp/stuck.bin");
    assert.ok(e.message.includes(`upload '${pending[0].uploadId}' of 'mp/stuck.bin' is left pending in bucket 'bucket'`), e.message);
    assert.equal(await store.has!("stuck.bin"), false);
    // Clean up as the message says.
    assert.equal((await rootRequest(server, "DELETE", `/bucket/mp/stuck.bin?uploadId=${encodeURIComponent(pending[0].uploadId)}`)).status, 204);
    assert.deepEqual(await pendingUploads(server, "bucket"), []);
  });

  it("default_block_size under 5 MiB, or not a whole number, is an InvalidOptionError naming it", async () => {
    for (const bad of [5 * MiB - 1, 6.5 * MiB + 0.5, "50MB"]) {
      await assert.rejects(open({ default_block_size: bad }), (e: unknown) => {
        assert.ok(e instanceof InvalidOptionError, String(e));
        assert.equal(e.option, "default_block_size");
        assert.match(e.message, typeof bad === "number" && Number.isInteger(bad) ? /must be at least 5 MiB \(5242880 bytes\)/ : /must be a whole number of bytes/);
        return true;
      });
    }
    await assert.rejects(withAwsEnv(temps.make(), {}, async () => openStore("/tmp/x.zarr", { writable: true, http: { default_block_size: 5 * MiB } })), InvalidOptionError);
  });
});

const venv = skip ? undefined : s3Python();
const pySkip = skip || (venv && "skip" in venv ? venv.skip : false);
const SCRIPT = join(REPO_ROOT, "test/s3/python/s3_object.py");

describe("multipart objects between s3fs and us, on versitygw", { skip: pySkip }, () => {
  let server: S3Server;
  let creds: { endpoint_url: string; key: string; secret: string };
  before(async () => {
    server = await startS3Server((built as { path: string }).path, ["bucket"]);
    creds = { endpoint_url: server.endpoint, key: server.accessKey, secret: server.secretKey };
  });
  after(async () => server?.stop());

  const python = (...args: string[]) => {
    const all = [SCRIPT, ...args.slice(0, 2), server.endpoint, server.accessKey, server.secretKey, ...args.slice(2)];
    const env = Object.fromEntries(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"].map((k) => [k, undefined]));
    return JSON.parse(pythonOutput((venv as { python: string }).python, all, { env, message: scriptFailure("s3_object.py", all) })) as { size: number; sha256: string };
  };
  const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

  it("s3fs reads the 12 MiB object we uploaded in 5 MiB parts byte for byte", async () => {
    const value = ramp(12 * MiB);
    const store = await withAwsEnv(temps.make(), {}, async () => openStore("s3://bucket/ours", { writable: true, http: { ...creds, default_block_size: 5 * MiB } }));
    await store.set("big.bin", value);
    assert.deepEqual(python("read", "bucket/ours/big.bin"), { size: 12 * MiB, sha256: sha256(value) });
  });

  it("we read the 12 MiB object s3fs uploaded with default_block_size 5 MiB byte for byte", async () => {
    const written = python("write", "bucket/theirs/big.bin", String(12 * MiB), String(5 * MiB));
    assert.equal(written.sha256, sha256(ramp(12 * MiB)), "both sides make the same bytes");
    const store = await withAwsEnv(temps.make(), {}, async () => openStore("s3://bucket/theirs", { writable: false, http: creds }));
    const back = await store.get("big.bin");
    assert.equal(back?.byteLength, 12 * MiB);
    assert.equal(sha256(back!), written.sha256);
    assert.deepEqual(await pendingUploads(server, "bucket"), []);
  });
});
