/**
 * A group spec: attributes plus member groups, datasets and links. Members are named (a fixed `name`)
 * or unnamed (any name; then they carry a type, and `quantity` says how many may appear).
 */
import { DatasetSpec } from "./dataset-spec.js";
import { LinkSpec } from "./link-spec.js";
import { asObject, child, isObject, optList, type SpecContext } from "./raw.js";
import { parseStorageFields, specLabel, StorageSpec, type StorageSpecInit } from "./storage-spec.js";
import type { TypeKeyStyle } from "./type-keys.js";

/** The fields of a group spec. */
export interface GroupSpecInit extends StorageSpecInit {
  groups?: GroupSpec[];
  datasets?: DatasetSpec[];
  links?: LinkSpec[];
}

/** A group spec. */
export class GroupSpec extends StorageSpec {
  readonly kind = "group";
  readonly groups: readonly GroupSpec[];
  readonly datasets: readonly DatasetSpec[];
  readonly links: readonly LinkSpec[];

  constructor(init: GroupSpecInit) {
    super(init);
    this.groups = init.groups ?? [];
    this.datasets = init.datasets ?? [];
    this.links = init.links ?? [];
  }

  /** The member group with that fixed name. */
  getGroup(name: string): GroupSpec | undefined {
    return this.groups.find((g) => g.name === name);
  }

  /** The member dataset with that fixed name. */
  getDataset(name: string): DatasetSpec | undefined {
    return this.datasets.find((d) => d.name === name);
  }

  /** The member link with that fixed name. */
  getLink(name: string): LinkSpec | undefined {
    return this.links.find((l) => l.name === name);
  }

  /** The member group, dataset or link with that fixed name. */
  getMember(name: string): GroupSpec | DatasetSpec | LinkSpec | undefined {
    return this.getGroup(name) ?? this.getDataset(name) ?? this.getLink(name);
  }

  /** Members (groups and datasets, named or not) whose type is `dataType`. */
  getMembersOfType(dataType: string): (GroupSpec | DatasetSpec)[] {
    return [...this.groups, ...this.datasets].filter((s) => s.dataType === dataType);
  }

  /** The fields, for copies with changes. */
  toInit(): GroupSpecInit {
    return { ...this.baseInit(), groups: [...this.groups], datasets: [...this.datasets], links: [...this.links] };
  }

  /** A copy with some fields changed. */
  with(changes: Partial<GroupSpecInit>): GroupSpec {
    return new GroupSpec({ ...this.toInit(), ...changes });
  }

  /** Parse a raw group spec (and its members); `ctx` points at the spec. */
  static parse(raw: unknown, ctx: SpecContext): GroupSpec {
    const obj = asObject(raw, ctx, "a group spec");
    const base = parseStorageFields(obj, ctx);
    const member = (v: unknown, i: number) => child(ctx, isObject(v) ? specLabel(v, i) : `[${i}]`);
    return new GroupSpec({
      ...base,
      groups: optList(obj, "groups", ctx).map((g, i) => GroupSpec.parse(g, member(g, i))),
      datasets: optList(obj, "datasets", ctx).map((d, i) => DatasetSpec.parse(d, member(d, i))),
      links: optList(obj, "links", ctx).map((l, i) => LinkSpec.parse(l, member(l, i))),
    });
  }

  /** The schema-language form, with the type keys spelled as `style`. */
  toSchema(style: TypeKeyStyle = "data_type"): Record<string, unknown> {
    const out = this.baseSchema(style);
    if (this.datasets.length) out.datasets = this.datasets.map((d) => d.toSchema(style));
    if (this.groups.length) out.groups = this.groups.map((g) => g.toSchema(style));
    if (this.links.length) out.links = this.links.map((l) => l.toSchema());
    return out;
  }
}

/** A group or dataset spec. */
export type TypeSpec = GroupSpec | DatasetSpec;
