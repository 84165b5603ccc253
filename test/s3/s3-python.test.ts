/**
 * Python reads what we write to S3: an NWB file written with NWBZarrIO to an S3-compatible server
 * (versitygw) is read by hdmf-zarr 0.14 through s3fs, with storage_options as a Python user passes
 * them (endpoint_url, key, secret, client_kwargs), value for value. The venv is test/s3/setup-s3-venv.sh's.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadNwbTypes, NWBZarrIO } from "../../src/nwb/index.js";
import { buildSampleFile, SAMPLE } from "../helpers/nwb-sample-file.js";
import { pythonOutput, scriptFailure } from "../helpers/python.js";
import { REPO_ROOT } from "../helpers/repo-paths.js";
import { s3Python, startS3Server, versitygw, type S3Server } from "../helpers/s3-server.js";

const server = versitygw();
const venv = "skip" in server ? undefined : s3Python();
const skip = "skip" in server ? server.skip : venv && "skip" in venv ? venv.skip : false;
const SCRIPT = join(REPO_ROOT, "test/s3/python/read_s3_nwb.py");

describe("hdmf-zarr 0.14 with s3fs reads our S3 store", { skip }, () => {
  let s3: S3Server;
  before(async () => {
    s3 = await startS3Server((server as { path: string }).path, ["bucket"]);
    await loadNwbTypes();
    const storageOptions = { endpoint_url: s3.endpoint, key: s3.accessKey, secret: s3.secretKey };
    await new NWBZarrIO("s3://bucket/session.nwb.zarr", "w", { storageOptions }).write(buildSampleFile());
  });
  after(async () => s3?.stop());

  it("value for value, with storage_options as a Python user passes them", () => {
    const args = [SCRIPT, "s3://bucket/session.nwb.zarr", s3.endpoint, s3.accessKey, s3.secretKey];
    // The environment's AWS settings must not help Python: only storage_options may.
    const env = Object.fromEntries(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"].map((k) => [k, undefined]));
    const out = JSON.parse(pythonOutput((venv as { python: string }).python, args, { env, message: scriptFailure("read_s3_nwb.py", args) }));
    assert.equal(out.identifier, SAMPLE.identifier);
    assert.equal(new Date(out.session_start_time).toISOString(), SAMPLE.sessionStartTime);
    assert.deepEqual(out.raw, SAMPLE.ecephys);
    assert.equal(out.rate, 1000);
    assert.deepEqual(out.timestamps, SAMPLE.tsTimes);
    assert.deepEqual(out.spike_times, SAMPLE.spikes);
    assert.deepEqual(out.electrodes_location, ["CA1", "CA1", "CA1", "CA3"]);
  });
});
