/**
 * LINDI's `.lindi.tar`: a tar archive whose first entry (`.tar_entry.json`, data at byte 512)
 * names an index (`.tar_index.json`: every file's name `n`, data offset `d` and size `s`); the
 * reference file is its `lindi.json` (padded with spaces), and references `./blobs/…` point into
 * the archive itself. Read with three ranges; no Node imports.
 */
import { ReferenceFileError } from "../errors.js";
import { valueTooLarge, type ByteLimit } from "./capped-read.js";
import type { RangeReader } from "./range-reader.js";

/** Where one file of the archive lies. */
export interface TarMember {
  /** Offset of its data in the archive. */
  offset: number;
  size: number;
}

/** The reference file of a `.lindi.tar` and the files of the archive by name. */
export interface LindiTar {
  text: string;
  members: Map<string, TarMember>;
}

const ENTRY_OFFSET = 512;
const ENTRY_SIZE = 1024;

function parseJson(bytes: Uint8Array, what: string, store: string): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/[\s\0]+$/, ""));
  } catch (e) {
    throw new ReferenceFileError(`not a .lindi.tar: ${what} is not JSON (${(e as Error).message})`, { store }, { cause: e });
  }
}

function member(value: unknown, what: string, store: string): TarMember & { name: string } {
  const { n, d, s } = (value ?? {}) as Record<string, unknown>;
  if (typeof n !== "string" || !Number.isSafeInteger(d) || !Number.isSafeInteger(s) || (d as number) < 0 || (s as number) < 0) {
    throw new ReferenceFileError(`not a .lindi.tar: bad ${what} entry`, { store });
  }
  return { name: n, offset: d as number, size: s as number };
}

/** Read the index and `lindi.json` of a `.lindi.tar` (each under `limit`). */
export async function readLindiTar(reader: RangeReader, limit: ByteLimit): Promise<LindiTar> {
  const store = reader.description;
  const entry = parseJson(await reader.read(ENTRY_OFFSET, ENTRY_SIZE), ".tar_entry.json", store) as { index?: unknown };
  const index = member(entry.index, "index", store);
  if (index.size > limit.bytes) throw valueTooLarge("the archive's index", index.size, limit, { store });
  const files = (parseJson(await reader.read(index.offset, index.size), ".tar_index.json", store) as { files?: unknown }).files;
  if (!Array.isArray(files)) throw new ReferenceFileError("not a .lindi.tar: the index lists no files", { store });
  const members = new Map<string, TarMember>();
  for (const f of files) {
    const m = member(f, "file", store);
    members.set(m.name, { offset: m.offset, size: m.size });
  }
  const lindi = members.get("lindi.json");
  if (!lindi) throw new ReferenceFileError("not a .lindi.tar: it holds no lindi.json", { store });
  if (lindi.size > limit.bytes) throw valueTooLarge("lindi.json", lindi.size, limit, { store });
  const bytes = await reader.read(lindi.offset, lindi.size);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (e) {
    throw new ReferenceFileError("lindi.json of the archive is not UTF-8 text", { store }, { cause: e });
  }
  return { text, members };
}
