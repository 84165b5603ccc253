/**
 * What the validator reports: typed findings with the object path, the data type whose spec was
 * checked, and a message. Errors are spec violations (what pynwb's validator reports); warnings are
 * things worth knowing that pynwb does not treat as errors (children no spec describes, fixed values
 * that differ, values that could not be read to check).
 */

/** How serious a finding is. */
export type Severity = "error" | "warning";

/** What kind of problem a finding describes. */
export type FindingKind =
  /** A required group, dataset, attribute or link is absent. */
  | "missing-group" | "missing-dataset" | "missing-attribute" | "missing-link"
  /** The stored dtype is not one the spec accepts. */
  | "dtype"
  /** The shape matches none of the spec's shapes (or a scalar stands where an array must). */
  | "shape"
  /** More or fewer objects of a spec than its quantity allows. */
  | "quantity"
  /** A reference points to an object of the wrong type (or to nothing). */
  | "reference-target"
  /** A link points to an object of the wrong type. */
  | "link-target"
  /** An object has the name of a spec member but not its type. */
  | "wrong-type"
  /** A link stands where the spec says `linkable: false`. */
  | "illegal-link"
  /** An object's data type (or namespace) is not in the catalog, or the root has none. */
  | "unknown-type"
  /** A value differs from the spec's fixed `value`. */
  | "value"
  /** An isodatetime value has no timezone. */
  | "timezone"
  /** A child that no spec of its parent describes. */
  | "unexpected"
  /** Values needed for a check could not be read. */
  | "unreadable";

/** One validation finding. */
export interface ValidationFinding {
  severity: Severity;
  kind: FindingKind;
  /** Absolute path of the object in the file (`/acquisition/ts/data`); for a missing named child, where it should be. */
  path: string;
  /** The attribute, for findings about an attribute of the object at `path`. */
  attribute?: string;
  /** The data type whose spec the check came from (the nearest typed spec). */
  type?: string;
  message: string;
}

/** A finding's location as one string: `/path` or `/path@attribute`. */
export function findingLocation(f: ValidationFinding): string {
  return f.attribute === undefined ? f.path : `${f.path}@${f.attribute}`;
}

/** One line of text: severity, location, type, kind and message, tab-separated. */
export function formatFinding(f: ValidationFinding): string {
  return [f.severity, findingLocation(f), f.type ?? "-", `${f.kind}: ${f.message}`].join("\t");
}

/** Number of errors and warnings. */
export function countFindings(findings: readonly ValidationFinding[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const f of findings) if (f.severity === "error") errors++;
  return { errors, warnings: findings.length - errors };
}

/**
 * Collects findings, one per kind and location: the same problem seen through two specs (an object's
 * own type and the member spec that holds it) is reported once, by the first (most specific) check.
 */
export class FindingList {
  private readonly byKey = new Map<string, ValidationFinding>();

  /** Add a finding unless one of its kind is already at its location; `detail` tells apart findings of one location (e.g. two missing types). */
  add(f: ValidationFinding, detail = ""): void {
    const key = `${f.kind}\u0000${f.path}\u0000${f.attribute ?? ""}\u0000${detail}`;
    if (!this.byKey.has(key)) this.byKey.set(key, f);
  }

  /** The findings, errors first, then by path. */
  sorted(): ValidationFinding[] {
    return [...this.byKey.values()].sort((a, b) =>
      a.severity !== b.severity ? (a.severity === "error" ? -1 : 1) : a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  }
}
