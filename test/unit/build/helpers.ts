/**
 * Helpers of the build-layer tests: where the Python-written files are, and a store that counts
 * chunk reads.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { LocalStore, type ReadableStore, type StoreListing } from "../../../src/index.js";
import { REPO_ROOT } from "../../helpers/repo-paths.js";

/** The hdmf-common file `test/interop/generate.sh` has Python write, per convention. */
export function pythonCommonFile(conv: "v2" | "v3"): string {
  return join(REPO_ROOT, "test-output", "interop", `py-${conv}`, "hdmf_common.zarr");
}

/** A skip reason when the Python-written files are missing. */
export function pythonFilesSkip(): string | false {
  return existsSync(pythonCommonFile("v3")) && existsSync(pythonCommonFile("v2"))
    ? false
    : "SKIP: run `bash test/interop/generate.sh` first (writes test-output/interop/py-v*/hdmf_common.zarr)";
}

const METADATA = /(^|\/)(zarr\.json|\.zarray|\.zattrs|\.zgroup|\.zmetadata)$/;

/** A local store that records the chunk keys read (metadata and the spec cache are not chunks of data). */
export class CountingStore implements ReadableStore {
  readonly inner: LocalStore;
  readonly chunkReads: string[] = [];
  constructor(path: string) {
    this.inner = new LocalStore(path);
  }
  get description(): string {
    return this.inner.description;
  }
  private note(key: string): void {
    if (!METADATA.test(key) && !key.startsWith("specifications/")) this.chunkReads.push(key);
  }
  async get(key: string): Promise<Uint8Array | undefined> {
    this.note(key);
    return this.inner.get(key);
  }
  async getRange(key: string, offset: number, length?: number): Promise<Uint8Array | undefined> {
    this.note(key);
    return this.inner.getRange(key, offset, length);
  }
  async has(key: string): Promise<boolean> {
    return this.inner.has(key);
  }
  async list(prefix: string): Promise<StoreListing> {
    return this.inner.list(prefix);
  }
}

