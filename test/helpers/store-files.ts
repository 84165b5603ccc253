/**
 * The files of a Zarr store on disk, as the writer leaves them: chunk keys, metadata documents,
 * attributes, and a listing or snapshot of every file (to compare stores or show one unchanged).
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { editJson, readJson } from "./json-files.js";

/** Both conventions: Zarr v3 (the default, hdmf-zarr 0.14) and legacy Zarr v2. Current first. */
export const FORMATS = [3, 2] as const;
export type Format = (typeof FORMATS)[number];

/** Store key of a node's chunk as the writer names it (`coords` of the chunk grid; `[]` for a 0-d array). */
export function chunkKey(node: string, format: Format, coords: number[] = [0]): string {
  if (format === 3) return [node, "c", ...coords.map(String)].join("/");
  return `${node}/${coords.length ? coords.join(".") : "0"}`;
}

/** File of a node's chunk in the store folder `dir`. */
export function chunkFile(dir: string, node: string, format: Format, coords: number[] = [0]): string {
  return join(dir, ...chunkKey(node, format, coords).split("/"));
}

/** Every file under `dir`, relative and sorted. */
export function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

export interface SnapshotOptions {
  /** A symbolic link: read through it like a file (default), or recorded as `-> target`, not followed. */
  links?: "follow" | "record";
  /** What each file is recorded as: its sha256 (default), or its whole content in base64. */
  content?: "sha256" | "base64";
}

/** Every file under `dir` (relative path → content), to show a store was not touched or two are equal. */
export function snapshot(dir: string, options: SnapshotOptions = {}): Map<string, string> {
  const record = (bytes: Buffer) => (options.content === "base64" ? bytes.toString("base64") : createHash("sha256").update(bytes).digest("hex"));
  const out = new Map<string, string>();
  const walk = (sub: string) => {
    for (const e of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${e.name}` : e.name;
      if (options.links === "record" && e.isSymbolicLink()) out.set(rel, `-> ${readlinkSync(join(dir, rel))}`);
      else if (e.isDirectory()) walk(rel);
      else out.set(rel, record(readFileSync(join(dir, rel))));
    }
  };
  walk("");
  return out;
}

type Json = Record<string, any>;

/**
 * Edit a node's metadata document (v3 `zarr.json`, v2 `.zarray`/`.zgroup`) in its own file and in
 * the consolidated copy, so that readers in `r` and in `r-` see the same damage. `node` is ""
 * for the root.
 */
export function editNodeMetadata(dir: string, format: Format, node: string, edit: (doc: Json) => void): void {
  if (format === 3) {
    editJson(join(dir, node, "zarr.json"), edit);
    if (node !== "") editJson(join(dir, "zarr.json"), (root) => edit(root.consolidated_metadata.metadata[node]));
    return;
  }
  const own = readJson(join(dir, ".zmetadata")).metadata[`${node ? node + "/" : ""}.zarray`] ? ".zarray" : ".zgroup";
  editJson(join(dir, node, own), edit);
  editJson(join(dir, ".zmetadata"), (z) => edit(z.metadata[`${node ? node + "/" : ""}${own}`]));
}

/** The attributes of a node as stored in its own metadata document (not the consolidated copy). */
export function diskAttributes(store: string, node: string, format: Format): Record<string, unknown> {
  if (format === 3) return readJson(join(store, node, "zarr.json")).attributes ?? {};
  try {
    return readJson(join(store, node, ".zattrs"));
  } catch {
    return {};
  }
}

/** The array metadata document of a node (v3 `zarr.json`, v2 `.zarray`). */
export function diskArrayMeta(store: string, node: string, format: Format): any {
  return readJson(join(store, node, format === 3 ? "zarr.json" : ".zarray"));
}

/** Change a node's attributes in its own metadata document only, as a person editing the file would. */
export function editDiskAttributes(store: string, node: string, format: Format, edit: (attrs: Record<string, any>) => void): void {
  if (format === 3) {
    const file = join(store, node, "zarr.json");
    const doc = readJson(file);
    doc.attributes ??= {};
    edit(doc.attributes);
    writeFileSync(file, JSON.stringify(doc, null, 2));
  } else {
    const file = join(store, node, ".zattrs");
    const attrs = diskAttributes(store, node, format);
    edit(attrs);
    writeFileSync(file, JSON.stringify(attrs, null, 4));
  }
}
