/**
 * Builders: the in-memory tree between objects and Zarr nodes, with the fields of hdmf's
 * GroupBuilder, DatasetBuilder, LinkBuilder and ReferenceBuilder. Paths are absolute POSIX
 * paths inside the file (`/acquisition/ts`); hdmf writes the same node as `root/acquisition/ts`.
 */
import type { BuilderDtype } from "../data/index.js";

/**
 * Anything a builder can hold as an attribute value. Read from a file: JSON values, where an
 * integer beyond ±(2^53 − 1) is a `bigint` with every digit (a JS number would round
 * 9007199254740993 to 9007199254740992); integers within that range are numbers. Written: a
 * `bigint` (or a BigInt64Array/BigUint64Array element) is stored as its exact integer literal.
 */
export type AttributeValue = unknown;

/** Base of all builders. */
export abstract class Builder {
  name: string;
  parent?: GroupBuilder;
  /** The file (store path or URL) the builder was read from or will be written to. */
  source?: string;
  /** Set once the builder has been written. */
  written = false;

  constructor(name: string, opts: { parent?: GroupBuilder; source?: string } = {}) {
    this.name = name;
    this.parent = opts.parent;
    this.source = opts.source;
  }

  /** Absolute path inside the file: "/" for the root, "/a/b" below it. */
  get path(): string {
    const names: string[] = [];
    for (let b: Builder | undefined = this; b?.parent; b = b.parent) names.push(b.name);
    return "/" + names.reverse().join("/");
  }

  /** The root builder of the tree this builder belongs to. */
  get root(): Builder {
    let b: Builder = this;
    while (b.parent) b = b.parent;
    return b;
  }
}

/** Builder of an HDMF Group (a Zarr group). */
export class GroupBuilder extends Builder {
  attributes: Record<string, AttributeValue>;
  readonly groups = new Map<string, GroupBuilder>();
  readonly datasets = new Map<string, DatasetBuilder>();
  readonly links = new Map<string, LinkBuilder>();

  constructor(
    name: string,
    opts: {
      groups?: GroupBuilder[]; datasets?: DatasetBuilder[]; links?: LinkBuilder[];
      attributes?: Record<string, AttributeValue>; parent?: GroupBuilder; source?: string;
    } = {},
  ) {
    super(name, opts);
    this.attributes = { ...(opts.attributes ?? {}) };
    for (const g of opts.groups ?? []) this.setGroup(g);
    for (const d of opts.datasets ?? []) this.setDataset(d);
    for (const l of opts.links ?? []) this.setLink(l);
  }

  private checkFree(name: string, kind: string): void {
    const taken = this.groups.has(name) || this.datasets.has(name) || this.links.has(name);
    if (taken) throw new Error(`cannot add ${kind} '${name}' to group '${this.path}': the name is taken`);
  }

  setGroup(builder: GroupBuilder): GroupBuilder {
    if (this.groups.get(builder.name) !== builder) this.checkFree(builder.name, "group");
    builder.parent = this;
    this.groups.set(builder.name, builder);
    return builder;
  }

  setDataset(builder: DatasetBuilder): DatasetBuilder {
    if (this.datasets.get(builder.name) !== builder) this.checkFree(builder.name, "dataset");
    builder.parent = this;
    this.datasets.set(builder.name, builder);
    return builder;
  }

  setLink(builder: LinkBuilder): LinkBuilder {
    if (this.links.get(builder.name) !== builder) this.checkFree(builder.name, "link");
    builder.parent = this;
    this.links.set(builder.name, builder);
    return builder;
  }

  setAttribute(name: string, value: AttributeValue): void {
    this.attributes[name] = value;
  }

  /** The child (group, dataset or link) at a relative path like `a/b`, or undefined. */
  get(relPath: string): Builder | undefined {
    let cur: Builder | undefined = this;
    for (const part of relPath.split("/").filter(Boolean)) {
      if (cur instanceof LinkBuilder) cur = cur.builder;
      if (!(cur instanceof GroupBuilder)) return undefined;
      cur = cur.groups.get(part) ?? cur.datasets.get(part) ?? cur.links.get(part);
    }
    return cur;
  }
}

/** Builder of an HDMF Dataset (a Zarr array). */
export class DatasetBuilder extends Builder {
  /** Values: for read builders a lazy `ZarrDataset`; for writes arrays, NdArrays, scalars or ReferenceBuilders. */
  data: unknown;
  /**
   * The hdmf dtype. Without one the writer infers it as hdmf does from the first element: typed
   * arrays and rows of typed arrays keep their type (Int16Array rows: int16), JS numbers are int64
   * when every one is an integer and float64 otherwise, bigints int64, booleans bool, strings text
   * (other values then become Python's str() of them). Data numpy would change silently (a boolean
   * list holding 2, a JS number beyond 2^53, a row that does not convert exactly) is a typed error.
   */
  dtype?: BuilderDtype;
  attributes: Record<string, AttributeValue>;
  maxshape?: (number | null)[];
  chunks?: number[] | boolean;
  dimensionLabels?: string[];

  constructor(
    name: string,
    data?: unknown,
    opts: {
      dtype?: BuilderDtype; attributes?: Record<string, AttributeValue>; maxshape?: (number | null)[];
      chunks?: number[] | boolean; parent?: GroupBuilder; source?: string; dimensionLabels?: string[];
    } = {},
  ) {
    super(name, opts);
    this.data = data;
    this.dtype = opts.dtype;
    this.attributes = { ...(opts.attributes ?? {}) };
    this.maxshape = opts.maxshape;
    this.chunks = opts.chunks;
    this.dimensionLabels = opts.dimensionLabels;
  }

  setAttribute(name: string, value: AttributeValue): void {
    this.attributes[name] = value;
  }
}

/** A soft or external link to a group or dataset builder. */
export class LinkBuilder extends Builder {
  builder: GroupBuilder | DatasetBuilder;
  constructor(builder: GroupBuilder | DatasetBuilder, name?: string, opts: { parent?: GroupBuilder; source?: string } = {}) {
    super(name ?? builder.name, opts);
    this.builder = builder;
  }
}

/** An object reference (in an attribute, a dataset, or a compound field). */
export class ReferenceBuilder {
  builder: GroupBuilder | DatasetBuilder;
  constructor(builder: GroupBuilder | DatasetBuilder) {
    this.builder = builder;
  }
}
