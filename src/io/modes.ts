/**
 * File modes of ZarrIO, as in hdmf-zarr (which follows zarr-python):
 * `r` read (consolidated metadata when present), `r-` read without consolidated metadata,
 * `r+` read/write an existing store, `a` read/write and create when missing,
 * `w` create (replacing an existing Zarr store), `w-` create, refusing an existing store.
 */
import { InvalidArgumentError } from "../errors.js";

export type Mode = "r" | "r-" | "r+" | "a" | "w" | "w-";

export const MODES: readonly Mode[] = ["r", "r-", "r+", "a", "w", "w-"];

/** What each mode does, for messages. */
const MEANINGS: Readonly<Record<Mode, string>> = {
  "r": "read",
  "r-": "read without consolidated metadata",
  "r+": "read and write an existing file",
  "a": "read and write, created when missing",
  "w": "create, replacing an existing Zarr store",
  "w-": "create, refusing an existing path",
};

/** The mode, checked: an InvalidArgumentError naming the value and every valid mode otherwise. */
export function checkMode(mode: unknown, store: string): Mode {
  if (typeof mode === "string" && (MODES as readonly string[]).includes(mode)) return mode as Mode;
  const valid = MODES.map((m) => `'${m}' (${MEANINGS[m]})`).join(", ");
  const shown = typeof mode === "string" ? `'${mode}'` : mode !== null && typeof mode === "object" ? "an object" : String(mode);
  // An options object in the mode's place: say where it goes.
  const hint = mode !== null && typeof mode === "object" ? "; options come third: new ZarrIO(path, 'r', { … })" : "";
  throw new InvalidArgumentError(`unknown mode ${shown}; use one of ${valid}${hint}`, { store });
}

export const isReadOnlyMode = (m: Mode): boolean => m === "r" || m === "r-";
export const createsStore = (m: Mode): boolean => m === "w" || m === "w-";
