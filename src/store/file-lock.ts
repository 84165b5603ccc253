/**
 * Locks that processes writing one store share through the file system (Node only): one lock
 * file per store key, created with O_EXCL, so a read-modify-write of a chunk by one process is
 * never interleaved with another's (hdmf-zarr's `synchronizer`, zarr's ProcessSynchronizer).
 * A lock left by a process that died is broken: when its owner is gone (same host) or when it is
 * older than `staleMs`.
 */
import { createHash } from "node:crypto";
import { hostname } from "node:os";
import { mkdir, open, readFile, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import { StoreError } from "../errors.js";

/** Runs a task while holding the locks of some store keys. */
export interface KeyLocker {
  /** Call `fn` holding the lock of every key (taken in sorted order, so two lockers never deadlock). */
  withKeys<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T>;
}

/** The key locker a store carries (a LocalStore opened with a synchronizer), if any. */
export function keyLockerOf(store: unknown): KeyLocker | undefined {
  const locker = (store as { synchronizer?: unknown } | null)?.synchronizer;
  return typeof (locker as KeyLocker | undefined)?.withKeys === "function" ? (locker as KeyLocker) : undefined;
}

/** Options of {@link acquireFileLock} and {@link ChunkLocks}. */
export interface FileLockOptions {
  /** A lock older than this (ms) is taken as left behind and broken. Default 60000. */
  staleMs?: number;
  /** Give up (StoreError) after waiting this long (ms). Default 300000. */
  timeoutMs?: number;
}

const HOST = hostname();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const code = (err: unknown) => (err as { code?: string } | null)?.code;

/** Whether the process that wrote a lock file is known to be gone (same host, no such pid). */
function ownerGone(text: string): boolean {
  const [pid, host] = text.split("\n");
  if (host !== HOST || !/^\d+$/.test(pid)) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return code(err) === "ESRCH";
  }
}

async function tryCreate(file: string): Promise<boolean> {
  try {
    const handle = await open(file, "wx");
    await handle.writeFile(`${process.pid}\n${HOST}\n${Date.now()}\n`);
    await handle.close();
    return true;
  } catch (err) {
    if (code(err) === "EEXIST") return false;
    throw err;
  }
}

/**
 * Remove `file` if it is stale. Breaking is itself guarded by a second lock file, so two
 * processes never both decide a lock is stale and one removes the lock the other just took.
 */
async function breakIfStale(file: string, staleMs: number): Promise<void> {
  const guard = `${file}.break`;
  if (!(await tryCreate(guard))) {
    // A breaker that died leaves its guard behind; a guard is held only for a moment.
    const info = await stat(guard).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > Math.min(staleMs, 10_000)) await unlink(guard).catch(() => undefined);
    return;
  }
  try {
    const info = await stat(file).catch(() => undefined);
    if (!info) return;
    const text = await readFile(file, "utf8").catch(() => "");
    if (Date.now() - info.mtimeMs > staleMs || ownerGone(text)) await unlink(file).catch(() => undefined);
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}

/** Take the lock file `file` (waiting while another process holds it); resolves to its release. */
export async function acquireFileLock(file: string, options: FileLockOptions = {}): Promise<() => Promise<void>> {
  const staleMs = options.staleMs ?? 60_000;
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  for (let attempt = 0; ; attempt++) {
    if (await tryCreate(file)) return () => unlink(file).catch(() => undefined);
    if (attempt % 8 === 7) await breakIfStale(file, staleMs);
    if (Date.now() > deadline) throw new StoreError(`timed out waiting for the lock file '${file}'`, {});
    await sleep(Math.min(1 + attempt, 20));
  }
}

/**
 * Per-key locks in one folder, shared by every process that names the same folder; within a
 * process, a key is also serialised in memory (no file polling against ourselves).
 */
export class ChunkLocks implements KeyLocker {
  /** Folder holding the lock files. */
  readonly folder: string;
  private readonly options: FileLockOptions;
  private readonly local = new Map<string, Promise<void>>();
  private ready?: Promise<unknown>;

  constructor(folder: string, options: FileLockOptions = {}) {
    this.folder = folder;
    this.options = options;
  }

  /** Lock file of a key: the key spelled safely as one file name. */
  lockFile(key: string): string {
    const name = encodeURIComponent(key);
    return join(this.folder, (name.length > 180 ? createHash("sha1").update(key).digest("hex") : name) + ".lock");
  }

  async withKeys<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    this.ready ??= mkdir(this.folder, { recursive: true });
    await this.ready;
    const sorted = [...new Set(keys)].sort();
    const releases: (() => Promise<void>)[] = [];
    try {
      for (const key of sorted) releases.push(await this.lockOne(key));
      return await fn();
    } finally {
      for (const release of releases.reverse()) await release();
    }
  }

  private async lockOne(key: string): Promise<() => Promise<void>> {
    // In-process queue first: wait for the previous holder of this key in this process.
    const previous = this.local.get(key) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((r) => (done = r));
    const tail = previous.then(() => mine);
    this.local.set(key, tail);
    await previous;
    let releaseFile: () => Promise<void>;
    try {
      releaseFile = await acquireFileLock(this.lockFile(key), this.options);
    } catch (err) {
      done();
      throw err;
    }
    return async () => {
      await releaseFile();
      if (this.local.get(key) === tail) this.local.delete(key);
      done();
    };
  }
}
