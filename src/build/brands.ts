/**
 * Brands that tell containers and untyped groups apart without importing their classes, so the
 * modules that define them can use each other without an import cycle.
 */
import type { Container } from "./container.js";
import type { UntypedGroup } from "./untyped-group.js";

export const CONTAINER_BRAND: unique symbol = Symbol.for("hdmf-zarr.container");
export const UNTYPED_GROUP_BRAND: unique symbol = Symbol.for("hdmf-zarr.untyped-group");

/** Whether a value is a {@link Container} (a typed group or dataset object). */
export function isContainer(v: unknown): v is Container {
  return typeof v === "object" && v !== null && (v as Record<symbol, unknown>)[CONTAINER_BRAND] === true;
}

/** Whether a value is an {@link UntypedGroup} (the fields of an untyped named subgroup). */
export function isUntypedGroup(v: unknown): v is UntypedGroup {
  return typeof v === "object" && v !== null && (v as Record<symbol, unknown>)[UNTYPED_GROUP_BRAND] === true;
}
