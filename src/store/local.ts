/**
 * A store over a folder on the local file system (Node only). Keys map to relative file paths:
 * v2 flat chunks (`0.0`), v2 nested chunks (`0/0`) and v3 chunks (`c/0/0`) alike.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, rename, rm, stat, lstat, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { StoreError } from "../errors.js";
import { checkKey, checkPrefix } from "./keys.js";
import { resolveRange } from "./range.js";
import type { StoreListing, WritableStore } from "./types.js";
import type { KeyLocker } from "./file-lock.js";

/** Options of {@link LocalStore}. */
export interface LocalStoreOptions {
  /** Flush each written file to disk before it replaces the old one (slower; survives power loss). Default false. */
  fsync?: boolean;
  /**
   * Locks shared with other processes writing this store (see file-lock.ts): chunk
   * read-modify-writes of block writes then hold the chunk's lock. Default none.
   */
  synchronizer?: KeyLocker;
}

// Temporary files of in-progress writes; they are never shown as keys.
const TMP_SUFFIX = ".hdmfzarr-tmp";
const TMP_PATTERN = /^\..*\.[0-9a-f]{16}\.hdmfzarr-tmp$/;

function errCode(err: unknown): string | undefined {
  return typeof err === "object" && err !== null ? (err as { code?: string }).code : undefined;
}

/**
 * A writable store over a directory. Writes are atomic (temp file + rename in the same folder),
 * so a crash never leaves a half-written chunk under a key.
 */
export class LocalStore implements WritableStore {
  /** Absolute path of the store folder. */
  readonly root: string;
  readonly description: string;
  private readonly fsync: boolean;
  /** Locks shared with other writers of this folder (hdmf-zarr's `synchronizer`), when set. */
  synchronizer?: KeyLocker;

  constructor(root: string, options: LocalStoreOptions = {}) {
    this.root = resolve(root);
    this.description = this.root;
    this.fsync = options.fsync ?? false;
    this.synchronizer = options.synchronizer;
  }

  /** Absolute file path of `key` (after checking the key cannot leave the root). */
  pathOf(key: string): string {
    return join(this.root, ...checkKey(key, this.description));
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const file = this.pathOf(key);
    try {
      return await readWhole(file);
    } catch (err) {
      // A folder is a prefix, not a key: it holds no bytes of its own.
      if (isMissing(err) || errCode(err) === "EISDIR") return undefined;
      throw this.fail("read", key, file, err);
    }
  }

  async getSize(key: string): Promise<number | undefined> {
    const file = this.pathOf(key);
    try {
      const info = await stat(file);
      return info.isFile() ? info.size : undefined;
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw this.fail("read", key, file, err);
    }
  }

  async getRange(key: string, offset: number, length?: number): Promise<Uint8Array | undefined> {
    const file = this.pathOf(key);
    let handle;
    try {
      handle = await open(file, "r");
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw this.fail("open", key, file, err);
    }
    try {
      const info = await handle.stat();
      if (info.isDirectory()) return undefined;
      const { start, end } = resolveRange(info.size, offset, length);
      const out = new Uint8Array(end - start);
      let done = 0;
      while (done < out.length) {
        const { bytesRead } = await handle.read(out, done, out.length - done, start + done);
        if (bytesRead === 0) break; // file shrank under us
        done += bytesRead;
      }
      return done === out.length ? out : out.subarray(0, done);
    } catch (err) {
      if (errCode(err) === "EISDIR") return undefined;
      throw this.fail("read", key, file, err);
    } finally {
      await handle.close();
    }
  }

  async has(key: string): Promise<boolean> {
    const file = this.pathOf(key);
    try {
      return (await stat(file)).isFile();
    } catch (err) {
      if (isMissing(err)) return false;
      throw this.fail("stat", key, file, err);
    }
  }

  async list(prefix: string): Promise<StoreListing> {
    const segments = checkPrefix(prefix, this.description);
    const folder = join(this.root, ...segments);
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (err) {
      if (isMissing(err)) return { keys: [], prefixes: [] };
      throw this.fail("list", segments.join("/"), folder, err);
    }
    const keys: string[] = [];
    const prefixes: string[] = [];
    for (const entry of entries) {
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        // Follow links; a dangling link holds nothing and is left out.
        const target = await stat(join(folder, entry.name)).catch(() => undefined);
        isDir = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isDir) prefixes.push(entry.name);
      else if (isFile && !TMP_PATTERN.test(entry.name)) keys.push(entry.name);
    }
    return { keys: keys.sort(), prefixes: prefixes.sort() };
  }

  async set(key: string, value: Uint8Array): Promise<void> {
    const file = this.pathOf(key);
    const folder = dirname(file);
    // Same folder as the target so the rename stays on one file system and is atomic.
    const tmp = join(folder, `.${basename(file).slice(0, 100)}.${randomBytes(8).toString("hex")}${TMP_SUFFIX}`);
    try {
      await mkdir(folder, { recursive: true });
      const handle = await open(tmp, "wx");
      try {
        await handle.writeFile(value);
        if (this.fsync) await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw this.fail("write", key, file, err);
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    try {
      await unlink(file);
    } catch (err) {
      if (isMissing(err)) return;
      if (errCode(err) === "EISDIR" || errCode(err) === "EPERM") {
        const isDir = await stat(file).then((s) => s.isDirectory(), () => false);
        if (isDir) throw new StoreError(`'${key}' is a folder, not a key; use deletePrefix() to remove it`, { store: this.description, path: key }, { cause: err });
      }
      throw this.fail("delete", key, file, err);
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    const segments = checkPrefix(prefix, this.description);
    const folder = join(this.root, ...segments);
    try {
      if (segments.length === 0) {
        // Empty the store but keep its folder.
        const names = await readdir(folder).catch((err) => {
          if (isMissing(err)) return [] as string[];
          throw err;
        });
        await Promise.all(names.map((name) => rm(join(folder, name), { recursive: true, force: true })));
        return;
      }
      const info = await lstat(folder).catch((err) => {
        if (isMissing(err)) return undefined;
        throw err;
      });
      // A prefix is a folder; a file of the same name is a key, not "under" the prefix.
      if (info?.isDirectory()) await rm(folder, { recursive: true, force: true });
    } catch (err) {
      throw this.fail("delete", segments.join("/"), folder, err);
    }
  }

  async close(): Promise<void> {}

  private fail(action: string, key: string, file: string, err: unknown): StoreError {
    const detail = err instanceof Error ? err.message : String(err);
    return new StoreError(`cannot ${action} file '${file}': ${detail}`, { store: this.description, path: key }, { cause: err });
  }
}

function isMissing(err: unknown): boolean {
  const code = errCode(err);
  return code === "ENOENT" || code === "ENOTDIR";
}

/**
 * Read a whole file with one open, one stat and (usually) one read: `fs.readFile` reads in 512 KiB
 * pieces, which costs more for multi-megabyte chunks. A folder holds no bytes: undefined.
 */
async function readWhole(file: string): Promise<Uint8Array | undefined> {
  const handle = await open(file, "r");
  try {
    const info = await handle.stat();
    if (info.isDirectory()) return undefined;
    const buf = new Uint8Array(info.size);
    let done = 0;
    while (done < buf.length) {
      const { bytesRead } = await handle.read(buf, done, buf.length - done, done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done === buf.length ? buf : buf.subarray(0, done);
  } finally {
    await handle.close();
  }
}
