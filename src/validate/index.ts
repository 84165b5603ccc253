/**
 * Validation of builder trees against HDMF/NWB specs, like hdmf's and pynwb's validators: required
 * groups, datasets, attributes and links, quantities, dtypes, shapes and dims, fixed values,
 * reference and link targets. `validateBuilder` works anywhere; `validate` (src/io/validate-file.ts) opens files.
 */
export {
  type ValidationFinding, type FindingKind, type Severity, FindingList, formatFinding, findingLocation, countFindings,
} from "./findings.js";
export type { ValidateBuilderOptions } from "./context.js";
export { validateBuilder } from "./validate-builder.js";
export { isIsoDatetime, hasTimezone, acceptsDtype, storedDtypeName } from "./dtype-rules.js";
export { allowedShapes, shapeAllowed } from "./shape-rules.js";
