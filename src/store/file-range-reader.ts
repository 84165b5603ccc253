/**
 * A {@link RangeReader} over a local file (Node only).
 */
import { open, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { StoreError } from "../errors.js";
import { checkRead, shortRead, type RangeReader } from "./range-reader.js";

function describe(err: unknown): string {
  const code = typeof err === "object" && err !== null ? (err as { code?: string }).code : undefined;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "it is a folder, not a file";
  return err instanceof Error ? err.message : String(err);
}

/**
 * Reads byte ranges of a local file. Each read opens the file and closes it again, so an
 * instance holds no file descriptor between calls and needs no closing.
 */
export class FileRangeReader implements RangeReader {
  /** Absolute path of the file. */
  readonly path: string;
  readonly description: string;

  constructor(path: string) {
    this.path = resolve(path);
    this.description = this.path;
  }

  async size(): Promise<number> {
    let info;
    try {
      info = await stat(this.path);
    } catch (err) {
      throw new StoreError(`cannot open file: ${describe(err)}`, { store: this.description }, { cause: err });
    }
    if (!info.isFile()) {
      throw new StoreError(`cannot open file: ${info.isDirectory() ? "it is a folder, not a file" : "not a regular file"}`, { store: this.description });
    }
    return info.size;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    checkRead(this.description, offset, length);
    const out = new Uint8Array(length);
    let done = 0;
    try {
      const handle = await open(this.path, "r");
      try {
        while (done < length) {
          const { bytesRead } = await handle.read(out, done, length - done, offset + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
      } finally {
        await handle.close();
      }
    } catch (err) {
      throw new StoreError(`cannot read file: ${describe(err)}`, { store: this.description }, { cause: err });
    }
    if (done !== length) throw shortRead(this.description, offset, length, done);
    return out;
  }
}
