/**
 * Child-process side of bad-input-memory.test.ts (started with `--import tsx`): runs one read of a
 * hostile input, then prints how it ended and the process's peak resident memory (all threads,
 * decode workers included) as one `RESULT {json}` line.
 */
import { readFileSync } from "node:fs";
import { HdmfZarrError } from "../../../src/errors.js";
import type { ZarrIOOptions } from "../../../src/io/zarr-io.js";
import { ZarrIO } from "../../../src/io/zarr-io.js";
import { HttpStore, type HttpStoreOptions } from "../../../src/store/http.js";
import { openZipFile } from "../../../src/store/zip-node.js";
import { inflateRawWithStreams } from "../../../src/store/zip.js";
import { PickleCodec } from "../../../src/zarr/codecs/pickle.js";
import { DecodePool } from "../../../src/zarr/decode-pool.js";
import { readDataset } from "../../helpers/zarr-files.js";

/** One read to run. */
export type MemoryTask =
  | { kind: "dataset"; target: string; path: string; options?: ZarrIOOptions; pool?: boolean }
  | { kind: "open"; target: string; options?: ZarrIOOptions }
  | { kind: "http-get"; url: string; key: string; options?: HttpStoreOptions }
  | { kind: "http-range"; url: string; key: string; offset: number; length: number }
  | { kind: "zip-get"; file: string; key: string; streams?: boolean }
  | { kind: "pickle"; file: string; items: number };

/** What the child reports. */
export interface MemoryResult {
  outcome:
    | { kind: "ok"; value?: unknown }
    | { kind: "typed"; name: string; message: string; store?: string; path?: string }
    | { kind: "untyped"; name: string; message: string };
  /** Peak resident set of the process, MiB. */
  rssMiB: number;
  ms: number;
}

async function run(task: MemoryTask): Promise<unknown> {
  switch (task.kind) {
    case "dataset": {
      const pool = task.pool ? new DecodePool({ size: 1 }) : undefined;
      try {
        const values = await readDataset(task.target, task.path, "r", { ...task.options, decodePool: pool });
        return values.length;
      } finally {
        await pool?.close();
      }
    }
    case "open": {
      const io = new ZarrIO(task.target, "r", task.options);
      try {
        await io.readBuilder();
        return "opened";
      } finally {
        await io.close();
      }
    }
    case "http-get":
      return (await new HttpStore(task.url, task.options).get(task.key))?.length;
    case "http-range":
      return (await new HttpStore(task.url).getRange(task.key, task.offset, task.length))?.length;
    case "zip-get":
      return (await openZipFile(task.file, task.streams ? { inflateRaw: inflateRawWithStreams } : {}).get(task.key))?.length;
    case "pickle": {
      const codec = new PickleCodec(true, { store: task.file, path: "/objects" });
      const chunk = await codec.decode(new Uint8Array(readFileSync(task.file)), { shape: [task.items], dtype: { kind: "object" }, fillValue: null });
      return chunk.data.length;
    }
  }
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2]) as MemoryTask;
  const t0 = Date.now();
  let outcome: MemoryResult["outcome"];
  try {
    outcome = { kind: "ok", value: await run(task) };
  } catch (e) {
    const err = e as Error;
    outcome = e instanceof HdmfZarrError
      ? { kind: "typed", name: e.name, message: e.message, store: e.store, path: e.path }
      : { kind: "untyped", name: err?.constructor?.name ?? typeof e, message: String(err?.message ?? e) };
  }
  const result: MemoryResult = { outcome, rssMiB: Math.round(process.resourceUsage().maxRSS / 1024), ms: Date.now() - t0 };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

void main().then(() => process.exit(0));
