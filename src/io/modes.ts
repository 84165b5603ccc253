/**
 * File modes of ZarrIO, as in hdmf-zarr (which follows zarr-python):
 * `r` read (consolidated metadata when present), `r-` read without consolidated metadata,
 * `r+` read/write an existing store, `a` read/write and create when missing,
 * `w` create (replacing an existing Zarr store), `w-` create, refusing an existing store.
 */
import { InvalidArgumentError } from "../errors.js";

export type Mode = "r" | "r-" | "r+" | "a" | "w" | "w-";

export const MODES: readonly Mode[] = ["r", "r-", "r+", "a", "w", "w-"];

export function checkMode(mode: string, store: string): Mode {
  if (!(MODES as readonly string[]).includes(mode)) {
    throw new InvalidArgumentError(`unknown mode '${mode}'; use one of ${MODES.join(", ")}`, { store });
  }
  return mode as Mode;
}

export const isReadOnlyMode = (m: Mode): boolean => m === "r" || m === "r-";
export const createsStore = (m: Mode): boolean => m === "w" || m === "w-";
