/**
 * S3 stores against a real S3-compatible server (versitygw, which checks SigV4 signatures): an
 * NWB file written with NWBZarrIO to s3://bucket/session.nwb.zarr reads back value for value;
 * credentials come from storage options, environment variables or a profile file; a wrong secret,
 * anonymous access to a private bucket and missing credentials are typed errors; modes r+, a, w
 * and w- behave as on a local folder; listings page through continuation tokens.
 */
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { StoreError, StoreExistsError } from "../../src/errors.js";
import { DatasetBuilder, GroupBuilder } from "../../src/format/builders.js";
import { ZarrIO } from "../../src/io/zarr-io.js";
import { loadNwbTypes, NWBFile, NWBZarrIO, TimeSeries } from "../../src/nwb/index.js";
import { openStore } from "../../src/store/open.js";
import { S3Store } from "../../src/store/s3/s3-store.js";
import { buildSampleFile, SAMPLE } from "../helpers/nwb-sample-file.js";
import { assertSameTree } from "../helpers/same-tree.js";
import { startS3Server, versitygw, withAwsEnv, type S3Server } from "../helpers/s3-server.js";
import { tempFolders } from "../helpers/temp-folders.js";
import { datasetNumbers } from "../helpers/zarr-files.js";

const built = versitygw();
const skip = "skip" in built ? built.skip : false;
const temps = tempFolders("s3-store");
const URL_ = "s3://bucket/session.nwb.zarr";
/** Run `fn` with these AWS environment variables only (HOME at an empty folder unless given), then restore them. */
function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  return withAwsEnv(temps.make(), vars, fn);
}

describe("S3 stores on versitygw", { skip }, () => {
  let server: S3Server;
  let creds: { endpoint_url: string; key: string; secret: string };
  let local: NWBFile;

  before(async () => {
    server = await startS3Server((built as { path: string }).path, ["bucket", "other"]);
    creds = { endpoint_url: server.endpoint, key: server.accessKey, secret: server.secretKey };
    await loadNwbTypes();
    // One NWBFile written to both places: same object ids.
    const file = buildSampleFile();
    const localPath = join(temps.make(), "session.nwb.zarr");
    await new NWBZarrIO(localPath, "w").write(file);
    local = await NWBZarrIO.readNwb(localPath, { preload: "all" });
    await withEnv({}, () => new NWBZarrIO(URL_, "w", { storageOptions: creds }).write(file));
  });
  after(async () => {
    await server?.stop();
    temps.cleanup();
  });

  it("an NWB file written with endpoint_url + key/secret reads back value for value", async () => {
    const file = await withEnv({}, () => NWBZarrIO.readNwb(URL_, { storageOptions: creds, preload: "all" }));
    assert.equal(file.identifier, SAMPLE.identifier);
    assert.equal(file.sessionStartTime!.toISOString(), SAMPLE.sessionStartTime);
    assert.deepEqual(await (file.acquisition.get("raw") as TimeSeries).data!.toList(), SAMPLE.ecephys);
    assert.deepEqual(await (file.acquisition.get("temperature") as TimeSeries).timestampsFor(), SAMPLE.tsTimes);
    for (let i = 0; i < SAMPLE.spikes.length; i++) assert.deepEqual(await file.units!.spikeTimes(i), SAMPLE.spikes[i]);
    // Everything else: the same tree as the file written to a local folder.
    const compared = await assertSameTree(local, file);
    assert.ok(compared > 20, `compared ${compared} objects`);
  });

  it("the objects sit under the prefix, as a local store's files under its folder", async () => {
    const store = openStore(URL_, { writable: false, http: creds }) as S3Store;
    assert.ok(store instanceof S3Store);
    assert.equal(store.description, URL_);
    const top = await store.list("");
    assert.ok(top.keys.includes("zarr.json"));
    assert.deepEqual(top.prefixes.filter((p) => ["acquisition", "general", "units"].includes(p)).sort(), ["acquisition", "general", "units"]);
    const root = JSON.parse(new TextDecoder().decode(await store.get("zarr.json")));
    assert.equal(root.node_type, "group");
    assert.equal(await store.getSize("zarr.json"), (await store.get("zarr.json"))!.byteLength);
  });

  it("credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (endpoint from AWS_ENDPOINT_URL_S3)", async () => {
    const file = await withEnv({ AWS_ACCESS_KEY_ID: server.accessKey, AWS_SECRET_ACCESS_KEY: server.secretKey, AWS_ENDPOINT_URL_S3: server.endpoint }, async () => {
      const io = new NWBZarrIO(URL_, "r");
      try {
        return await io.read<NWBFile>();
      } finally {
        await io.close();
      }
    });
    assert.equal(file.identifier, SAMPLE.identifier);
  });

  it("credentials from a profile of ~/.aws/credentials, named by `profile` or AWS_PROFILE", async () => {
    const home = temps.make();
    mkdirSync(join(home, ".aws"));
    writeFileSync(join(home, ".aws", "credentials"), `[default]\naws_access_key_id = WRONG\naws_secret_access_key = wrong\n\n[lab]\naws_access_key_id = ${server.accessKey}\naws_secret_access_key = ${server.secretKey}\n`);
    writeFileSync(join(home, ".aws", "config"), `[profile lab]\nregion = us-east-1\nendpoint_url = ${server.endpoint}\n`);
    const byOption = await withEnv({ HOME: home }, () => NWBZarrIO.readNwb(URL_, { storageOptions: { profile: "lab" } }));
    assert.equal(byOption.identifier, SAMPLE.identifier);
    const byEnv = await withEnv({ HOME: home, AWS_PROFILE: "lab" }, () => NWBZarrIO.readNwb(URL_, { storageOptions: {} }));
    assert.equal(byEnv.identifier, SAMPLE.identifier);
    // The default profile's keys are wrong: the server refuses them.
    await withEnv({ HOME: home }, () =>
      assert.rejects(NWBZarrIO.readNwb(URL_, { storageOptions: { endpoint_url: server.endpoint } }), (e: unknown) => e instanceof StoreError && /does not know this access key id/.test(e.message)));
  });

  it("a wrong secret is a StoreError naming the store and saying the signature was refused", async () => {
    await withEnv({}, () =>
      assert.rejects(NWBZarrIO.readNwb(URL_, { storageOptions: { ...creds, secret: "not-the-secret" } }), (e: unknown) => {
        assert.ok(e instanceof StoreError, String(e));
        assert.equal(e.store, URL_);
        assert.match(e.message, /refused the request signature/);
        assert.match(e.message, /SignatureDoesNotMatch/);
        return true;
      }));
  });

  it("anon: true against a bucket that needs credentials is a StoreError (AccessDenied)", async () => {
    await withEnv({}, () =>
      assert.rejects(NWBZarrIO.readNwb(URL_, { storageOptions: { anon: true, endpoint_url: server.endpoint } }), (e: unknown) => {
        assert.ok(e instanceof StoreError, String(e));
        assert.equal(e.store, URL_);
        assert.match(e.message, /AccessDenied/);
        return true;
      }));
  });

  it("no credentials anywhere is a StoreError saying where it looked and that anon: true reads public buckets", async () => {
    await withEnv({}, () =>
      assert.rejects(new NWBZarrIO(URL_, "r", { storageOptions: { endpoint_url: server.endpoint } }).read(), (e: unknown) => {
        assert.ok(e instanceof StoreError, String(e));
        assert.equal(e.store, URL_);
        assert.match(e.message, /no AWS credentials found/);
        assert.match(e.message, /anon: true/);
        return true;
      }));
  });

  it("mode w- on an existing store is the same StoreExistsError as on a local folder", async () => {
    const localPath = join(temps.make(), "session.nwb.zarr");
    await new NWBZarrIO(localPath, "w").write(buildSampleFile());
    const refusal = async (target: string, options = {}) => {
      const e = await new NWBZarrIO(target, "w-", options).write(buildSampleFile()).then(() => undefined, (err: unknown) => err);
      assert.ok(e instanceof StoreExistsError, String(e));
      return e.message.replace(target, "<store>");
    };
    assert.equal(await withEnv({}, () => refusal(URL_, { storageOptions: creds })), await refusal(localPath));
  });

  it("mode w on a prefix holding other objects is the local StoreExistsError; forceOverwrite replaces them", async () => {
    const target = "s3://bucket/plain";
    const folder = join(temps.make(), "plain");
    mkdirSync(folder);
    writeFileSync(join(folder, "notes.txt"), "x");
    await withEnv({}, async () => {
      const store = openStore(target, { writable: true, http: creds });
      await store.set("notes.txt", new TextEncoder().encode("x"));
      const refusal = async (where: string, options = {}) => {
        const e = await new ZarrIO(where, "w", options).writeBuilder(new GroupBuilder("root")).then(() => undefined, (err: unknown) => err);
        assert.ok(e instanceof StoreExistsError, String(e));
        return e.message.replace(where, "<store>");
      };
      assert.equal(await refusal(target, { storageOptions: creds }), await refusal(folder));
      assert.equal(await store.has!("notes.txt"), true, "nothing was deleted");
      await new ZarrIO(target, "w", { storageOptions: creds, forceOverwrite: true }).writeBuilder(new GroupBuilder("root"));
      assert.deepEqual(await store.list!(""), { keys: ["zarr.json"], prefixes: [] });
    });
  });

  it("modes w (replacing), a (adding a group) and r+ write to the store", async () => {
    const target = "s3://bucket/modes.zarr";
    const opts = { storageOptions: creds };
    await withEnv({}, async () => {
      await new ZarrIO(target, "w", opts).writeBuilder(new GroupBuilder("root", { datasets: [new DatasetBuilder("old", [1, 2, 3])] }));
      await new ZarrIO(target, "w", opts).writeBuilder(new GroupBuilder("root", { datasets: [new DatasetBuilder("kept", [4, 5])] }));
      const store = openStore(target, { writable: false, http: creds });
      assert.deepEqual((await store.list!("")).prefixes, ["kept"], "w removed the store it replaced");
      const io = new ZarrIO(target, "a", opts);
      await io.readBuilder();
      await io.writeGroup("/", new GroupBuilder("extra", { datasets: [new DatasetBuilder("d", [10, 20])] }));
      await io.close();
      const edit = new ZarrIO(target, "r+", opts);
      await edit.consolidateMetadata();
      await edit.close();
      const back = await new ZarrIO(target, "r", opts).readBuilder();
      assert.deepEqual(await datasetNumbers(back.get("kept")), [4, 5]);
      assert.deepEqual(await datasetNumbers(back.get("extra/d")), [10, 20]);
      assert.equal(back.get("old"), undefined);
    });
  });

  it("a failed PUT is a StoreError naming the store, the key and S3's reason", async () => {
    const store = openStore("s3://nobucket/x.zarr", { writable: true, http: creds });
    await assert.rejects(store.set("zarr.json", new Uint8Array([1])), (e: unknown) => {
      assert.ok(e instanceof StoreError, String(e));
      assert.deepEqual([e.store, e.path], ["s3://nobucket/x.zarr", "zarr.json"]);
      assert.match(e.message, /^.*PUT http:\/\/127\.0\.0\.1:\d+\/nobucket\/x\.zarr\/zarr\.json answered HTTP 404 Not Found: the bucket does not exist \(S3 NoSuchBucket/);
      return true;
    });
  });

  it("listing more than 1000 keys pages through continuation tokens; deletePrefix removes them all", async () => {
    const lists: string[] = [];
    const counting: typeof fetch = (input, init) => {
      if (String(input).includes("list-type=2")) lists.push(String(input));
      return fetch(input, init);
    };
    const store = openStore("s3://other/many", { writable: true, http: { ...creds, fetch: counting } }) as S3Store;
    const names = Array.from({ length: 1105 }, (_, i) => `k${String(i).padStart(4, "0")}`);
    await Promise.all(names.map((n) => store.set(`a/${n}`, new Uint8Array([n.length]))));
    await Promise.all(["x", "y"].map((d) => store.set(`a/${d}/inner`, new Uint8Array([1]))));
    const listing = await store.list("a");
    assert.deepEqual(listing.keys, names);
    assert.deepEqual(listing.prefixes, ["x", "y"]);
    assert.equal(lists.length, 2, "two pages of at most 1000 entries");
    assert.match(lists[1], /continuation-token=/);
    await store.deletePrefix("a");
    assert.equal(lists.length, 2 + 3, "deletePrefix: a page of 1000, one of the last 107, one empty");
    assert.deepEqual(await store.list("a"), { keys: [], prefixes: [] });
    assert.deepEqual(await store.list(""), { keys: [], prefixes: [] });
  });
});
