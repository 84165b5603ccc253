/**
 * A real S3-compatible server for tests: versitygw (an S3 gateway over a POSIX folder that checks
 * SigV4 signatures), built by test/s3/setup-s3-server.sh, started on a free loopback port with a
 * root access key and a temporary folder whose sub-folders are the buckets.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { REPO_ROOT } from "./repo-paths.js";
import { removeFolder, tempFolder } from "./temp-folders.js";

/** A running server. */
export interface S3Server {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  accessKey: string;
  secretKey: string;
  /** The folder holding the buckets (one sub-folder each). */
  root: string;
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

/** Start versitygw at `binary` with the given buckets (empty folders). */
export async function startS3Server(binary: string, buckets: string[]): Promise<S3Server> {
  const root = tempFolder("s3-server");
  for (const b of buckets) mkdirSync(join(root, b));
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const accessKey = "TESTROOTKEY0001";
  const secretKey = "test-root-secret/0001+abc";
  const child = spawn(binary, ["--access", accessKey, "--secret", secretKey, "--port", `127.0.0.1:${port}`, "--quiet", "posix", root], {
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
    endpoint, accessKey, secretKey, root,
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
