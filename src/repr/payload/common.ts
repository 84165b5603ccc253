/** Pieces shared by the dataset and group payloads: type, attributes, dtype labels, options. */
import type { BuilderDtype } from "../../data/index.js";
import { toJsonValue } from "./json-value.js";
import type { JsonValue, TypeInfo } from "./types.js";

/** Options shared by every repr. */
export interface CommonReprOptions {
  /** Most attributes listed (default 100); `attributeCount` still tells how many there are. */
  maxAttributes?: number;
}

/** The HDMF type named by `neurodata_type` (NWB) or `data_type` (HDMF), with `namespace`. */
export function typeInfo(attributes: Record<string, unknown>): TypeInfo | null {
  const name = attributes.neurodata_type ?? attributes.data_type;
  if (typeof name !== "string" || name === "") return null;
  const ns = attributes.namespace;
  return { name, namespace: typeof ns === "string" && ns !== "" ? ns : null };
}

/** Attributes as JSON-safe values, at most `max` of them, leaving out `exclude`d names. */
export function attributesPayload(
  attributes: Record<string, unknown>,
  exclude: ReadonlySet<string>,
  max: number,
): { attributes: Record<string, JsonValue>; attributeCount: number } {
  const entries = Object.entries(attributes).filter(([k]) => !exclude.has(k));
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of entries.slice(0, max)) out[k] = toJsonValue(v);
  return { attributes: out, attributeCount: entries.length };
}

/** An HDMF dtype as text: `float64`, or `{x: int32, y: float64}` for a compound. */
export function dtypeLabel(dtype: BuilderDtype | undefined): string {
  if (dtype === undefined) return "unknown";
  if (typeof dtype === "string") return dtype;
  return `{${dtype.map((f) => `${f.name}: ${dtypeLabel(f.dtype)}`).join(", ")}}`;
}

/** Dimension names from `_ARRAY_DIMENSIONS`-style values, when they fit the rank. */
export function dimsOf(value: unknown, ndim: number): (string | null)[] | null {
  if (!Array.isArray(value) || value.length !== ndim || ndim === 0) return null;
  if (!value.every((d) => typeof d === "string" || d === null)) return null;
  return value as (string | null)[];
}

/** The last segment of a path or URL (`/a/b.zarr/` → `b.zarr`). */
export function baseName(location: string): string {
  const parts = location.replace(/[?#].*$/, "").split(/[\\/]+/).filter(Boolean);
  return parts[parts.length - 1] ?? location;
}
