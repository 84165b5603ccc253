/**
 * Where an export or conversion may write (Node only). Paths are compared by their real paths
 * (symbolic links resolved), so a destination that is the source under another name, contains
 * it, or lies inside it is refused before anything is written or deleted. A conversion writes
 * into a sibling temporary folder and swaps it in at the end (`replaceWith`), so a failure leaves
 * an existing destination as it was.
 */
import { randomBytes } from "node:crypto";
import { lstat, mkdir, readdir, readlink, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { DestinationOverlapError, InvalidArgumentError, StoreExistsError } from "../errors.js";
import { errCode, isBelow, isMissing, realPathOf } from "../store/real-path.js";

/**
 * The real path of a destination, or where it would be created. A dangling link (or a loop) is
 * refused: what would be written there is not where the path says.
 */
export async function destinationPath(path: string): Promise<string> {
  const real = await realPathOf(path).catch((err) => (errCode(err) === "ELOOP" ? path : Promise.reject(err)));
  // A resolved path is never a link: one still there is dangling or loops.
  if (await lstat(real).then((info) => info.isSymbolicLink(), () => false)) {
    const target = await readlink(real).catch(() => "?");
    throw new InvalidArgumentError(`the path is a dangling or looping symbolic link (to '${target}'); remove it or point it at a folder`, { store: path });
  }
  return real;
}

/**
 * Refuse a destination that is the source, contains it or lies inside it, comparing real paths.
 * Both are named as given (with their real paths when those differ).
 */
export async function checkSeparate(source: string, destination: string): Promise<void> {
  const [src, dest] = await Promise.all([realPathOf(source), destinationPath(destination)]);
  const how = src === dest ? "is the source" : isBelow(src, dest) ? "lies inside the source" : isBelow(dest, src) ? "contains the source" : undefined;
  if (how === undefined) return;
  const named = (given: string, real: string) => (given === real ? `'${given}'` : `'${given}' (really '${real}')`);
  throw new DestinationOverlapError(
    `the destination ${named(destination, dest)} ${how} ${named(source, src)}; nothing was written or deleted. Choose a destination outside the source that does not contain it`,
    { store: source }, source, destination,
  );
}

/** What is at a destination path (links followed). */
export type DestinationKind = "missing" | "empty-folder" | "zarr-store" | "other-folder" | "file";

const ZARR_MARKERS = ["zarr.json", ".zgroup", ".zarray"];

/** What is at `path`: a Zarr store is a folder with zarr.json, .zgroup or .zarray at its root. */
export async function destinationKind(path: string): Promise<DestinationKind> {
  let names: string[];
  try {
    names = await readdir(path);
  } catch (err) {
    if (errCode(err) === "ENOENT") return "missing";
    if (errCode(err) === "ENOTDIR") return "file";
    throw err;
  }
  if (names.length === 0) return "empty-folder";
  return names.some((n) => ZARR_MARKERS.includes(n)) ? "zarr-store" : "other-folder";
}

/**
 * Refuse to replace what is at a destination unless asked: anything needs `overwrite`; a file or a
 * non-empty folder that is not a Zarr store needs `force` as well. Returns what is there.
 */
export async function checkReplaceable(path: string, overwrite: boolean, force: boolean): Promise<DestinationKind> {
  const kind = await destinationKind(path);
  if (kind === "missing" || kind === "empty-folder") return kind;
  if (!overwrite) throw new StoreExistsError("the destination exists; pass overwrite (--overwrite) to replace it", { store: path });
  if ((kind === "file" || kind === "other-folder") && !force) {
    const what = kind === "file" ? "a file" : "a folder that is not a Zarr store (no zarr.json, .zgroup or .zarray at its root)";
    throw new StoreExistsError(`the destination is ${what}; nothing was deleted. Pass forceOverwrite (--force) with overwrite to replace it`, { store: path });
  }
  return kind;
}

/** A new, unused sibling path of `path` (same folder, so a rename between them is atomic). */
export function siblingTemp(path: string, label: string): string {
  return join(dirname(path), `.${basename(path).slice(0, 100)}.${randomBytes(8).toString("hex")}.hdmfzarr-${label}`);
}

/** Make the folder that will hold `path` (and its temporary sibling). */
export async function makeParent(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
}

/**
 * Put the finished `temp` at `path` (a real path). What was there is moved aside first and
 * removed only once the new one is in place; if the swap fails, it is moved back.
 */
export async function replaceWith(temp: string, path: string): Promise<void> {
  const present = await lstat(path).then(() => true, (err) => (isMissing(err) ? false : Promise.reject(err)));
  if (!present) return rename(temp, path);
  const old = siblingTemp(path, "old");
  await rename(path, old);
  try {
    await rename(temp, path);
  } catch (err) {
    await rename(old, path).catch(() => undefined);
    throw err;
  }
  await rm(old, { recursive: true, force: true });
}
