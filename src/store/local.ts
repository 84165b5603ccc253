/**
 * A store over a folder on the local file system (Node only). Keys map to relative file paths:
 * v2 flat chunks (`0.0`), v2 nested chunks (`0/0`) and v3 chunks (`c/0/0`) alike. Every key is
 * resolved against the folder's real path (real-path.ts): symbolic links inside the store work,
 * links out of it are refused.
 */
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat, lstat, unlink, type FileHandle } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { StoreError } from "../errors.js";
import { valueTooLarge, type ByteLimit, type GetOptions } from "./capped-read.js";
import { checkKey, checkPrefix } from "./keys.js";
import { resolveRange } from "./range.js";
import { errCode, isMissing, StorePaths } from "./real-path.js";
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
  /**
   * Read through symbolic links that lead out of the store folder (a chunk or metadata file, or
   * a folder, linked to elsewhere). Default false: such reads are a StoreEscapeError naming the
   * link. Only for stores whose links you trust; writes and deletes never leave the folder.
   */
  followExternalSymlinks?: boolean;
}

// Opening the resolved path with O_NOFOLLOW fails if its last component became a link since (where the OS has it).
const OPEN_READ = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/** The longest range read without first asking the file's size (see `LocalStore.getRange`). */
const UNSIZED_RANGE_MAX = 64 << 20;

// Temporary files of in-progress writes; they are never shown as keys.
const TMP_SUFFIX = ".hdmfzarr-tmp";
const TMP_PATTERN = /^\..*\.[0-9a-f]{16}\.hdmfzarr-tmp$/;

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
  private readonly paths: StorePaths;

  constructor(root: string, options: LocalStoreOptions = {}) {
    this.root = resolve(root);
    this.description = this.root;
    this.fsync = options.fsync ?? false;
    this.synchronizer = options.synchronizer;
    this.paths = new StorePaths(this.root, this.description, options.followExternalSymlinks ?? false);
  }

  /** The real path of a key for reading; StoreEscapeError when a link leads it out of the store. */
  private async readable(key: string): Promise<{ real: string; exists: boolean }> {
    const segments = checkKey(key, this.description);
    try {
      return await this.paths.resolve(segments, key, "read");
    } catch (err) {
      throw this.fail("read", key, join(this.root, ...segments), err);
    }
  }

  /**
   * Run `fn`, the reads of one selection, with the real path of each key's folder resolved once
   * for all of them rather than once per key (real-path.ts `enterReads`); links are checked as
   * ever, at the scope's start for folders. ZarrArray reads run in one.
   */
  async readScope<T>(fn: () => Promise<T>): Promise<T> {
    this.paths.enterReads();
    try {
      return await fn();
    } finally {
      this.paths.leaveReads();
    }
  }

  /**
   * Open a key for reading at the path of its resolved folder (inside a read scope), or
   * undefined to resolve it in full: outside a scope, or when that open fails because the last
   * name is a link (ELOOP), is missing, or its folder changed (the full resolution then says why).
   */
  private async openScoped(key: string): Promise<{ handle: FileHandle; file: string } | undefined> {
    // Without O_NOFOLLOW (Windows) a link as last name would be followed unchecked: resolve in full.
    if (!constants.O_NOFOLLOW) return undefined;
    const file = await this.paths.scopedRead(checkKey(key, this.description));
    if (file === undefined) return undefined;
    try {
      return { handle: await open(file, OPEN_READ), file };
    } catch (err) {
      if (isMissing(err) || errCode(err) === "ELOOP") return undefined;
      throw this.fail("open", key, file, err);
    }
  }

  async get(key: string, options: GetOptions = {}): Promise<Uint8Array | undefined> {
    const scoped = await this.openScoped(key);
    if (scoped) {
      try {
        return await readOpened(scoped.handle, options.limit, key, this.description);
      } catch (err) {
        if (errCode(err) === "EISDIR") return undefined;
        throw this.fail("read", key, scoped.file, err);
      }
    }
    const { real: file, exists } = await this.readable(key);
    if (!exists) return undefined;
    try {
      return await readWhole(file, options.limit, key, this.description);
    } catch (err) {
      // A folder is a prefix, not a key: it holds no bytes of its own.
      if (isMissing(err) || errCode(err) === "EISDIR") return undefined;
      throw this.fail("read", key, file, err);
    }
  }

  async getSize(key: string): Promise<number | undefined> {
    const { real: file, exists } = await this.readable(key);
    if (!exists) return undefined;
    try {
      const info = await lstat(file);
      return info.isFile() ? info.size : undefined;
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw this.fail("read", key, file, err);
    }
  }

  /**
   * Bytes `[offset, offset + length)` of a key (fewer where the file ends sooner). A range from
   * the start side with a length up to `UNSIZED_RANGE_MAX` is read without asking the file's size
   * (one open, reads, close); a longer one is clamped to the size first, so a length far past the
   * end never becomes an allocation.
   */
  async getRange(key: string, offset: number, length?: number): Promise<Uint8Array | undefined> {
    let handle: FileHandle;
    let file: string;
    const scoped = await this.openScoped(key);
    if (scoped) {
      ({ handle, file } = scoped);
    } else {
      const resolved = await this.readable(key);
      if (!resolved.exists) return undefined;
      file = resolved.real;
      try {
        handle = await open(file, OPEN_READ);
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw this.fail("open", key, file, err);
      }
    }
    try {
      let start = offset;
      let end = offset + (length ?? 0);
      // A folder read without its size answers EISDIR.
      if (offset < 0 || length === undefined || length > UNSIZED_RANGE_MAX) {
        const info = await handle.stat();
        if (info.isDirectory()) return undefined;
        ({ start, end } = resolveRange(info.size, offset, length));
      } else {
        end = offset + Math.max(0, length);
      }
      const out = new Uint8Array(end - start);
      let done = 0;
      while (done < out.length) {
        const { bytesRead } = await handle.read(out, done, out.length - done, start + done);
        if (bytesRead === 0) break; // the file ends sooner (or shrank under us)
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
    const { real: file, exists } = await this.readable(key);
    if (!exists) return false;
    try {
      return (await lstat(file)).isFile();
    } catch (err) {
      if (isMissing(err)) return false;
      throw this.fail("stat", key, file, err);
    }
  }

  async list(prefix: string): Promise<StoreListing> {
    const segments = checkPrefix(prefix, this.description);
    let folder = join(this.root, ...segments);
    let entries;
    try {
      const { real, exists } = await this.paths.resolve(segments, segments.join("/"), "read");
      if (!exists) return { keys: [], prefixes: [] };
      folder = real;
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
        // Listed as what they point to (a link out of the store then fails loudly when read); a dangling link holds nothing and is left out.
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
    const file = await this.entryPath(key, "write");
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
    const file = await this.entryPath(key, "delete");
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
    let folder = join(this.root, ...segments);
    try {
      // rm never follows links below the folder: a link in it is removed, not what it points to.
      if (segments.length === 0) {
        // Empty the store but keep its folder (and the link to it, when the root is one).
        folder = await this.paths.rootPath();
        const names = await readdir(folder).catch((err) => {
          if (isMissing(err)) return [] as string[];
          throw err;
        });
        await Promise.all(names.map((name) => rm(join(folder, name), { recursive: true, force: true })));
        return;
      }
      const entry = await this.paths.entry(segments, segments.join("/"));
      folder = entry.path;
      // A prefix is a folder; a file of the same name is a key, not "under" the prefix. A link to
      // a folder inside the store is removed as a link: its target stays.
      if (entry.kind === "folder") await rm(folder, { recursive: true, force: true });
      else if (entry.kind === "link-to-folder") await unlink(folder);
    } catch (err) {
      throw this.fail("delete", segments.join("/"), folder, err);
    }
  }

  /** The path of a key's own entry in its real folder, for replacing or removing it. */
  private async entryPath(key: string, action: string): Promise<string> {
    const segments = checkKey(key, this.description);
    try {
      return (await this.paths.entry(segments, key)).path;
    } catch (err) {
      throw this.fail(action, key, join(this.root, ...segments), err);
    }
  }

  async close(): Promise<void> {}

  private fail(action: string, key: string, file: string, err: unknown): StoreError {
    if (err instanceof StoreError) return err; // already names the key and the link
    const detail = err instanceof Error ? err.message : String(err);
    return new StoreError(`cannot ${action} file '${file}': ${detail}`, { store: this.description, path: key }, { cause: err });
  }
}

/**
 * Read a whole file with one open, one stat and (usually) one read: `fs.readFile` reads in 512 KiB
 * pieces, which costs more for multi-megabyte chunks. A folder holds no bytes: undefined. A file
 * larger than `limit` is refused from its size alone.
 */
async function readWhole(file: string, limit: ByteLimit | undefined, key: string, store: string): Promise<Uint8Array | undefined> {
  return readOpened(await open(file, OPEN_READ), limit, key, store);
}

/** `readWhole` of a file already opened; closes it. */
async function readOpened(handle: FileHandle, limit: ByteLimit | undefined, key: string, store: string): Promise<Uint8Array | undefined> {
  try {
    const info = await handle.stat();
    if (info.isDirectory()) return undefined;
    // The size is known before any memory is taken: a file over a cap set by an option
    // (maxMetadataBytes, maxChunkBytes) is never read. A fixed-size chunk's own cap is left to its
    // decoders, which stop at the chunk's size and name the codec; the file itself costs only its size.
    if (limit?.option !== undefined && info.size > limit.bytes) throw valueTooLarge(`'${key}'`, info.size, limit, { store, path: key });
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
