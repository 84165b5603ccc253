/**
 * Hdf5IO: an HDF5 file (NWB or any HDMF file) opened read-only as a source for export to Zarr:
 * its builder tree and its cached specifications. h5wasm reads the file in place, on demand; the
 * whole file is never loaded into memory.
 */
import { open, stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { GroupBuilder } from "../../format/builders.js";
import type { CachedNamespace } from "../../spec/loading/cached-namespace.js";
import type { H5File } from "./h5wasm-api.js";
import { loadH5wasm, type LoadedH5wasm } from "./load-h5wasm.js";
import { readHdf5Tree, type Hdf5Tree } from "./read-tree.js";
import { readHdf5SpecCache } from "./spec-cache.js";
import { Hdf5ReadError } from "./errors.js";

/** The first bytes of an HDF5 file (at offset 0, 512, 1024, … when there is a user block). */
const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

export class Hdf5IO {
  /** The path as given. */
  readonly path: string;
  /** The absolute path. */
  readonly abspath: string;
  readonly mode = "r" as const;
  private loaded?: LoadedH5wasm;
  private file?: H5File;
  private tree?: Hdf5Tree;

  constructor(path: string) {
    this.path = path;
    this.abspath = resolve(path);
  }

  /** Whether `path` is an HDF5 file (checks the signature; reads a few bytes). */
  static async canRead(path: string): Promise<boolean> {
    if (!(await stat(path).catch(() => undefined))?.isFile()) return false;
    const handle = await open(path, "r").catch(() => undefined);
    if (!handle) return false;
    try {
      const size = (await handle.stat()).size;
      const buf = Buffer.alloc(8);
      for (let at = 0; at + 8 <= size; at = at === 0 ? 512 : at * 2) {
        await handle.read(buf, 0, 8, at);
        if (SIGNATURE.every((b, i) => buf[i] === b)) return true;
      }
      return false;
    } catch {
      return false;
    } finally {
      await handle.close();
    }
  }

  /** Open the file (done by every method on first use). */
  async open(): Promise<this> {
    if (this.file) return this;
    const info = await stat(this.abspath).catch(() => undefined);
    if (!info?.isFile()) throw new Hdf5ReadError("no such HDF5 file", { store: this.abspath });
    if (!(await Hdf5IO.canRead(this.abspath))) throw new Hdf5ReadError("not an HDF5 file (no HDF5 signature)", { store: this.abspath });
    this.loaded ??= await loadH5wasm();
    try {
      this.file = new this.loaded.h5wasm.File(this.abspath, "r");
    } catch (e) {
      throw new Hdf5ReadError(`the HDF5 file cannot be opened: ${(e as Error).message}`, { store: this.abspath }, { cause: e });
    }
    return this;
  }

  private async opened(): Promise<{ file: H5File; loaded: LoadedH5wasm }> {
    await this.open();
    return { file: this.file!, loaded: this.loaded! };
  }

  /** The builder tree (metadata and attributes; dataset values are lazy Hdf5Datasets). */
  async readBuilder(): Promise<GroupBuilder> {
    if (!this.tree) {
      const { file, loaded } = await this.opened();
      this.tree = readHdf5Tree(loaded.h5wasm, loaded.Module, file, this.abspath);
    }
    return this.tree.root;
  }

  /** Every namespace version cached in the file. */
  async readSpecCache(): Promise<CachedNamespace[]> {
    await this.readBuilder();
    const { file, loaded } = await this.opened();
    return readHdf5SpecCache(loaded.h5wasm, file, this.tree!.specLocation, this.abspath);
  }

  /** Close the file; builders read from it can no longer read values. */
  async close(): Promise<void> {
    this.file?.close();
    this.file = undefined;
    this.tree = undefined;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
