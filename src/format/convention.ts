/**
 * The names hdmf-zarr reserves in Zarr attributes, per convention:
 * legacy (hdmf-zarr ≤ 0.13, Zarr v2) and current (0.14, Zarr v3).
 */
import type { ZarrFormat } from "../zarr/metadata-types.js";
import { INCOMPLETE_ATTR } from "../zarr/incomplete.js";

export const SPEC_LOCATION_ATTR = ".specloc";
export const DEFAULT_SPEC_LOCATION = "specifications";
export const DIMENSION_LABELS_ATTR = "_ARRAY_DIMENSIONS";

/** Attributes of the current convention. */
export const V3 = {
  links: "_LINKS",
  dtype: "_DTYPE",
  referenceFields: "_REFERENCE_FIELDS",
  reference: "_REFERENCE",
  referenceDtype: "object_reference",
} as const;

/** Attributes of the legacy convention. */
export const V2 = {
  links: "zarr_link",
  dtype: "zarr_dtype",
  scalar: "scalar",
  referenceDtype: "object",
} as const;

/**
 * Attributes of LINDI's HDF5-as-Zarr convention (`.lindi.json` reference files of HDF5 files):
 * a `[1]` array that is an HDF5 scalar, a group standing for an HDF5 soft link, the fields of a
 * compound dataset stored as JSON rows, a dataset left in the HDF5 file, and reference values
 * `{"_REFERENCE": {object_id, path, source, source_object_id}}` (the key hdmf-zarr 0.14 uses too).
 */
export const LINDI = {
  scalar: "_SCALAR",
  softLink: "_SOFT_LINK",
  compoundDtype: "_COMPOUND_DTYPE",
  externalArrayLink: "_EXTERNAL_ARRAY_LINK",
  referenceField: "<REFERENCE>",
} as const;

/** Attribute names that are format markers and never reach builders. */
export const RESERVED_ATTRIBUTES = new Set<string>([
  V3.links, V3.dtype, V3.referenceFields, V2.links, V2.dtype, SPEC_LOCATION_ATTR, INCOMPLETE_ATTR,
]);

/** Attribute name holding the link list for a format. */
export function linksAttribute(format: ZarrFormat): string {
  return format === 3 ? V3.links : V2.links;
}
