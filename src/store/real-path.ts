/**
 * Real paths of the keys of a local store (Node only). Every component of a key is resolved
 * (symbolic links followed) against the store's real folder, so that no link inside the store can
 * carry a read, write or delete out of it: such a link is a StoreEscapeError naming it. Reads may
 * follow links out when the caller trusts them (`followExternalSymlinks`); writes and deletes never.
 */
import { lstat, readlink, realpath } from "node:fs/promises";
import { basename, dirname, join, sep } from "node:path";
import { StoreError, StoreEscapeError } from "../errors.js";

/** What is done with a key: reads may follow links out of the store when allowed. */
export type Access = "read" | "write";

/** The real path of a key and whether something is there. */
export interface RealKey {
  real: string;
  exists: boolean;
}

/** What the last component of a key is, seen from its (resolved) folder, without following it. */
export type EntryKind = "missing" | "file" | "folder" | "link-to-file" | "link-to-folder" | "broken-link";

/** The path of a key's own directory entry (in its real folder) and what it is. */
export interface Entry {
  path: string;
  kind: EntryKind;
}

/** The `code` of a file-system error (`ENOENT`, `ELOOP`, …). */
export function errCode(err: unknown): string | undefined {
  return typeof err === "object" && err !== null ? (err as { code?: string }).code : undefined;
}

/** Whether a file-system error says the path is not there. */
export const isMissing = (err: unknown): boolean => errCode(err) === "ENOENT" || errCode(err) === "ENOTDIR";

/** Whether `path` lies strictly inside `folder` (both real, absolute paths). */
export function isBelow(folder: string, path: string): boolean {
  return path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/**
 * The real path of `path` (links resolved) when it exists; else the real path of its deepest
 * existing ancestor with the missing names appended: where it would be created.
 */
export async function realPathOf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (err) {
    if (!isMissing(err)) throw err;
  }
  const up = dirname(path);
  return up === path ? path : join(await realPathOf(up), basename(path));
}

/** Resolves the keys of one store folder. */
export class StorePaths {
  private realRoot?: string;
  /** Read scopes open (`enterReads`): while any is, each key folder is resolved once. */
  private scopes = 0;
  /** Real paths of key folders resolved for reading in the open scopes, by folder key. */
  private readonly folders = new Map<string, Promise<RealKey>>();

  /**
   * @param root absolute path of the store folder as given (it may be a link, or not exist yet)
   * @param store the store's description, for messages
   * @param followExternal reads may follow links that leave the store
   */
  constructor(
    private readonly root: string,
    private readonly store: string,
    private readonly followExternal: boolean,
  ) {}

  /**
   * The real path of the store folder. Kept once it is a folder (a root that is a link is followed
   * once, so swapping the link later does not move the store); until then, the real path of its
   * deepest existing ancestor with the missing names appended.
   */
  async rootPath(): Promise<string> {
    if (this.realRoot !== undefined) return this.realRoot;
    const real = await realPathOf(this.root);
    // Not kept while missing or a file: mode `w` may still put a folder there.
    if (await lstat(real).then((info) => info.isDirectory(), () => false)) this.realRoot = real;
    return real;
  }

  /**
   * The real path of a key (or prefix) with every link followed. A missing key (or one behind a
   * dangling link, for reads) resolves to where it would be. Throws StoreEscapeError for a link
   * that leaves the store (reads: unless followExternalSymlinks), StoreError for a link loop and,
   * for writes, a dangling link.
   */
  async resolve(segments: string[], key: string, access: Access): Promise<RealKey> {
    const root = await this.rootPath();
    try {
      const real = await realpath(join(root, ...segments));
      if (this.allowed(root, real, access)) return { real, exists: true };
    } catch (err) {
      if (!isMissing(err) && errCode(err) !== "ELOOP") throw err;
      // Usually only the last name is missing (a chunk not written yet): check its folder alone.
      const quick = segments.length > 0 && (await this.missingLast(root, segments, access));
      if (quick) return quick;
    }
    // The slow path finds the link to blame (or the missing part) one component at a time.
    return this.walk(root, segments, key, access);
  }

  /**
   * Open a read scope (one selection's reads): until every scope is closed again (`leaveReads`),
   * `scopedRead` resolves each key folder once. The scope is the cache's whole life: a folder
   * swapped for a link is seen by the next read, not by the rest of the one under way.
   */
  enterReads(): void {
    this.scopes++;
  }

  /** Close a read scope; the last one drops the folders resolved in them. */
  leaveReads(): void {
    if (--this.scopes === 0) this.folders.clear();
  }

  /**
   * Inside a read scope: the path to open a key at, its folder resolved and checked once per
   * scope and its last name appended as it is. The caller opens it with O_NOFOLLOW and, when that
   * fails (the last name is a link, missing, or the folder is gone), resolves the key with
   * `resolve` instead, which says why. Undefined outside a scope, or where the folder does not
   * resolve to a place inside the store (`resolve` then names the problem).
   */
  async scopedRead(segments: string[]): Promise<string | undefined> {
    if (this.scopes === 0 || segments.length === 0) return undefined;
    const up = segments.slice(0, -1);
    const name = up.join("/");
    let folder = this.folders.get(name);
    if (folder === undefined) {
      folder = this.resolve(up, name, "read");
      this.folders.set(name, folder);
    }
    try {
      const { real, exists } = await folder;
      if (exists) return join(real, segments[segments.length - 1]);
    } catch {
      // The full resolution of the key reports it.
    }
    // Not kept: a folder missing now may be written during the scope.
    if (this.folders.get(name) === folder) this.folders.delete(name);
    return undefined;
  }

  /**
   * A key's own directory entry, its folder resolved for writing: what `set`, `delete` and
   * `deletePrefix` act on (they replace or remove the entry, never what a link points to).
   * A link entry that leads out of the store is a StoreEscapeError.
   */
  async entry(segments: string[], key: string): Promise<Entry> {
    const folder = segments.length > 1 ? (await this.resolve(segments.slice(0, -1), key, "write")).real : await this.rootPath();
    const path = join(folder, segments[segments.length - 1]);
    let info;
    try {
      info = await lstat(path);
    } catch (err) {
      if (isMissing(err)) return { path, kind: "missing" };
      throw err;
    }
    if (!info.isSymbolicLink()) return { path, kind: info.isDirectory() ? "folder" : "file" };
    const target = await this.follow(await this.rootPath(), path, segments.join("/"), key, "entry");
    if (target === undefined) return { path, kind: "broken-link" };
    const targetInfo = await lstat(target).catch(() => undefined);
    return { path, kind: targetInfo?.isDirectory() ? "link-to-folder" : "link-to-file" };
  }

  private allowed(root: string, real: string, access: Access): boolean {
    return real === root || isBelow(root, real) || (access === "read" && this.followExternal);
  }

  /** When the key's folder exists (and may be used) and its last name does not: where the key would be. */
  private async missingLast(root: string, segments: string[], access: Access): Promise<RealKey | undefined> {
    let folder: string;
    try {
      folder = segments.length === 1 ? root : await realpath(join(root, ...segments.slice(0, -1)));
    } catch {
      return undefined;
    }
    if (!this.allowed(root, folder, access)) return undefined;
    const real = join(folder, segments[segments.length - 1]);
    try {
      await lstat(real);
      return undefined; // something is there that realpath could not follow: the walk says what
    } catch (err) {
      return errCode(err) === "ENOENT" ? { real, exists: false } : undefined;
    }
  }

  private async walk(root: string, segments: string[], key: string, access: Access): Promise<RealKey> {
    let current = root;
    for (let i = 0; i < segments.length; i++) {
      const next = join(current, segments[i]);
      let info;
      try {
        info = await lstat(next);
      } catch (err) {
        if (isMissing(err)) return { real: join(next, ...segments.slice(i + 1)), exists: false };
        throw err;
      }
      if (!info.isSymbolicLink()) {
        current = next;
        continue;
      }
      const target = await this.follow(root, next, segments.slice(0, i + 1).join("/"), key, access);
      if (target === undefined) return { real: join(next, ...segments.slice(i + 1)), exists: false };
      current = target;
    }
    return { real: current, exists: true };
  }

  /**
   * Where the link at `path` (the key `link`) leads, checked against the store. A dangling link
   * holds nothing to read (undefined) and nothing to write through (StoreError); a link that is
   * itself the entry being replaced or removed may be dangling or loop (undefined).
   */
  private async follow(root: string, path: string, link: string, key: string, use: Access | "entry"): Promise<string | undefined> {
    const where = { store: this.store, path: key };
    const access: Access = use === "read" ? "read" : "write";
    const verb = access === "read" ? "read" : "write or delete";
    let target: string;
    try {
      target = await realpath(path);
    } catch (err) {
      if (use === "entry" && (isMissing(err) || errCode(err) === "ELOOP")) return undefined;
      if (errCode(err) === "ELOOP") {
        throw new StoreError(`'${link}' is a symbolic link loop (ELOOP); cannot ${verb} '${key}'. Remove the link or point it at a file or folder inside the store`, where, { cause: err });
      }
      if (!isMissing(err)) throw err;
      if (access === "read") return undefined;
      const points = await readlink(path).catch(() => "?");
      throw new StoreError(`'${link}' is a dangling symbolic link (to '${points}'); cannot write '${key}' through it. Remove the link or point it at a folder inside the store`, where, { cause: err });
    }
    if (this.allowed(root, target, access)) return target;
    const trust = access === "read" ? ", or pass followExternalSymlinks: true (a ZarrIO option; convert --follow-external-symlinks) to read through links you trust" : "";
    throw new StoreEscapeError(
      `'${link}' is a symbolic link to '${target}', outside the store folder '${root}'; cannot ${verb} '${key}'${link === key ? "" : " through it"}. Replace the link with a copy of what it points to${trust}`,
      where, link, target,
    );
  }
}
