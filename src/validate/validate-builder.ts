/**
 * Validating a builder tree against the specs of a catalog, as pynwb's validator does: the root
 * against its own type, every child against the member spec that describes it and its own type,
 * recursively; then every typed object the walk did not reach against its own type.
 */
import { DatasetBuilder, GroupBuilder } from "../format/builders.js";
import { walkBuilders } from "../format/walk-builders.js";
import type { NamespaceCatalog } from "../spec/catalog/namespace-catalog.js";
import { checkOwnType } from "./check-group.js";
import { ValidationContext, type ValidateBuilderOptions } from "./context.js";
import type { ValidationFinding } from "./findings.js";
import { builderType } from "./type-lookup.js";

/**
 * Validate the tree under `root` against `catalog`. Shapes and dtypes come from metadata; values are
 * read only where a check needs them (reference targets, bounded by `maxReferenceElements`; single
 * elements for isodatetime formats and fixed values).
 * @returns the findings, errors first.
 */
export async function validateBuilder(root: GroupBuilder, catalog: NamespaceCatalog, options: ValidateBuilderOptions = {}): Promise<ValidationFinding[]> {
  const ctx = new ValidationContext(catalog, options);
  if (builderType(root) === undefined) {
    ctx.report({ kind: "unknown-type", path: root.path, message: "the root group has no data type ('neurodata_type' or 'data_type' attribute)" });
  }
  // Links are checked from the group holding them (against its member spec), not on their own.
  for (const b of walkBuilders(root)) if (b instanceof GroupBuilder || b instanceof DatasetBuilder) await checkOwnType(ctx, b);
  if (ctx.reportUnexpected) {
    for (const s of ctx.strays) {
      if (!ctx.described.has(s.child)) ctx.report({ kind: "unexpected", severity: "warning", path: s.path, type: s.type, message: s.message });
    }
  }
  return ctx.findings.sorted();
}
