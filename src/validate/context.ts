/** State shared by one validation run: the catalog lookups, the findings, options, and what was done. */
import type { NamespaceCatalog } from "../spec/catalog/namespace-catalog.js";
import { FindingList, type FindingKind, type Severity } from "./findings.js";
import { TypeLookup } from "./type-lookup.js";

/** Options of {@link validateBuilder}. */
export interface ValidateBuilderOptions {
  /**
   * Most elements of a reference dataset read to check the types of their targets (the first ones
   * along the first dimension); 0 checks none. Default 100,000. Other values read are single
   * elements (an isodatetime's format, a fixed value).
   */
  maxReferenceElements?: number;
  /** Report children that no spec describes, as warnings (default true). */
  reportUnexpected?: boolean;
}

/** A finding before it is stored (severity defaults to error). */
export interface FindingInit {
  kind: FindingKind;
  path: string;
  message: string;
  attribute?: string;
  type?: string;
  severity?: Severity;
  /** Tells apart findings of one kind at one location (see {@link FindingList.add}). */
  detail?: string;
}

export class ValidationContext {
  readonly lookup: TypeLookup;
  readonly findings = new FindingList();
  readonly maxReferenceElements: number;
  readonly reportUnexpected: boolean;
  /** Builders already checked against their own type. */
  readonly ownTypeDone = new Set<object>();
  /** Children some spec described (matched, or reported as of the wrong type). */
  readonly described = new WeakSet<object>();
  /** Children a spec of their parent's own type did not describe; reported at the end unless another spec did. */
  readonly strays: { path: string; message: string; type?: string; child: object }[] = [];
  /** Reference reads by dataset builder, so a dataset checked against two specs is read once. */
  readonly referenceReads = new WeakMap<object, Promise<unknown>>();
  /** (builder, spec) pairs already checked, so links and repeated specs do not loop or repeat work. */
  private readonly pairs = new WeakMap<object, WeakSet<object>>();

  constructor(readonly catalog: NamespaceCatalog, options: ValidateBuilderOptions = {}) {
    this.lookup = new TypeLookup(catalog);
    this.maxReferenceElements = Math.max(0, options.maxReferenceElements ?? 100_000);
    this.reportUnexpected = options.reportUnexpected ?? true;
  }

  report(f: FindingInit): void {
    const { severity = "error", kind, path, attribute, type, message, detail } = f;
    this.findings.add({
      severity, kind, path, ...(attribute !== undefined ? { attribute } : {}), ...(type !== undefined ? { type } : {}), message,
    }, detail);
  }

  /** Mark a (builder, spec) pair as checked; false when it already was. */
  firstVisit(builder: object, spec: object): boolean {
    let specs = this.pairs.get(builder);
    if (specs === undefined) this.pairs.set(builder, (specs = new WeakSet()));
    if (specs.has(spec)) return false;
    specs.add(spec);
    return true;
  }
}
