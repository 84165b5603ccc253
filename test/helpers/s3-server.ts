/**
 * A real S3-compatible server for tests: versitygw (an S3 gateway over a POSIX folder that checks
 * SigV4 signatures), built by test/s3/setup-s3-server.sh, started on a free loopback port with a
 * root access key and a temporary folder whose sub-folders are the buckets.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { sha256Hex, signV4 } from "../../src/store/s3/sigv4.js";
import { xmlAll, xmlOne } from "../../src/store/s3/s3-xml.js";
import { REPO_ROOT } from "./repo-paths.js";
import { removeFolder, tempFolder } from "./temp-folders.js";

/** The venv with hdmf-zarr 0.14 + s3fs (test/s3/setup-s3-venv.sh), or why the tests using it skip. */
export function s3Python(): { python: string } | { skip: string } {
  const run = spawnSync("bash", [join(REPO_ROOT, "test/s3/setup-s3-venv.sh")], { encoding: "utf8" });
  if (run.status === 3) return { skip: run.stdout.trim() };
  if (run.status !== 0) throw new Error(`test/s3/setup-s3-venv.sh failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  return { python: join(process.env.S3_VENV_DIR ?? join(REPO_ROOT, ".venv-s3"), "s3", "bin", "python") };
}

/** A running server. */
export interface S3Server {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  accessKey: string;
  secretKey: string;
  /** The folder holding the buckets (one sub-folder each). */
  root: string;
  /** The region the server signs for (versitygw `--region`). */
  region: string;
  /** Stop the server and remove its folder. */
  stop(): Promise<void>;
}

/** The versitygw binary, built when needed; or why the S3 tests skip ("SKIP s3: …" when Go is absent). */
export function versitygw(): { path: string } | { skip: string } {
  const run = spawnSync("bash", [join(REPO_ROOT, "test/s3/setup-s3-server.sh")], { encoding: "utf8" });
  if (run.status === 3) return { skip: (run.stdout || run.stderr).trim() };
  if (run.status !== 0) throw new Error(`test/s3/setup-s3-server.sh failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  return { path: join(REPO_ROOT, ".cache/go-bin/versitygw") };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`versitygw exited (${child.exitCode}) before answering:\n${log()}`);
    const answered = await fetch(endpoint).then((r) => (r.body?.cancel(), true), () => false);
    if (answered) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`versitygw did not answer at ${endpoint} within 20 s:\n${log()}`);
}

/** Start versitygw at `binary` with the given buckets (empty folders), in `region` (default us-east-1). */
export async function startS3Server(binary: string, buckets: string[], options: { region?: string } = {}): Promise<S3Server> {
  const region = options.region ?? "us-east-1";
  const root = tempFolder("s3-server");
  for (const b of buckets) mkdirSync(join(root, b));
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const accessKey = "TESTROOTKEY0001";
  const secretKey = "test-root-secret/0001+abc";
  const child = spawn(binary, ["--access", accessKey, "--secret", secretKey, "--region", region, "--port", `127.0.0.1:${port}`, "--quiet", "posix", root], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  try {
    await waitUntilAnswering(endpoint, child, () => output);
  } catch (e) {
    child.kill();
    removeFolder(root);
    throw e;
  }
  return {
    endpoint, accessKey, secretKey, root, region,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      removeFolder(root);
    },
  };
}

/** A request to the server signed with its root key (for setting up and checking what tests leave behind). */
export async function rootRequest(server: S3Server, method: string, path: string, body?: Uint8Array): Promise<{ status: number; text: string }> {
  const url = `${server.endpoint}${path}`;
  const payloadHash = await sha256Hex(body ?? new Uint8Array(0));
  const headers = { "x-amz-content-sha256": payloadHash };
  const signed = await signV4({ method, url, headers, payloadHash }, { accessKeyId: server.accessKey, secretAccessKey: server.secretKey }, { region: server.region, service: "s3" });
  const res = await fetch(url, { method, headers: { ...headers, ...signed }, body: body as Uint8Array<ArrayBuffer> | undefined });
  return { status: res.status, text: await res.text() };
}

/** The multipart uploads pending in `bucket` (ListMultipartUploads). */
export async function pendingUploads(server: S3Server, bucket: string): Promise<{ key: string; uploadId: string }[]> {
  const answer = await rootRequest(server, "GET", `/${bucket}?uploads`);
  if (answer.status !== 200) throw new Error(`ListMultipartUploads of ${bucket}: HTTP ${answer.status} ${answer.text}`);
  return xmlAll(answer.text, "Upload").map((u) => ({ key: xmlOne(u, "Key") ?? "", uploadId: xmlOne(u, "UploadId") ?? "" }));
}

/** Let anyone read and list `bucket` (a bucket policy with Principal "*"), as a public AWS bucket. */
export async function makePublicRead(server: S3Server, bucket: string): Promise<void> {
  const policy = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: "*", Action: ["s3:GetObject", "s3:ListBucket"], Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`] }],
  };
  const answer = await rootRequest(server, "PUT", `/${bucket}?policy`, new TextEncoder().encode(JSON.stringify(policy)));
  if (answer.status !== 204 && answer.status !== 200) throw new Error(`PutBucketPolicy of ${bucket}: HTTP ${answer.status} ${answer.text}`);
}

/** Every AWS environment variable that would change where S3 stores look for credentials, region or endpoint. */
const AWS_VARS = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "HOME"];

/**
 * Run `fn` with only these AWS variables set (HOME at `home`, an empty folder unless the test
 * wrote ~/.aws there), then restore the environment. Child processes started inside inherit it.
 */
export async function withAwsEnv<T>(home: string, vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(AWS_VARS.map((k) => [k, process.env[k]]));
  for (const k of AWS_VARS) delete process.env[k];
  Object.assign(process.env, { HOME: home, ...vars });
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
}
