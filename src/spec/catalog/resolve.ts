/**
 * Resolving type specs: a type's spec merged with everything it inherits (`data_type_inc` chain), and
 * each typed member merged with the spec of the type it includes, as hdmf resolves specs on load.
 * Results are memoised on the {@link TypeEntry}. Containment cycles (DynamicTable holds MeaningsTable,
 * which extends DynamicTable) are cut by using the inheritance-only spec of a type whose full
 * resolution is under way; inheritance cycles are errors.
 */
import { DatasetSpec } from "../model/dataset-spec.js";
import { UnknownTypeError } from "../errors.js";
import { GroupSpec, type TypeSpec } from "../model/group-spec.js";
import { inheritSpec } from "./inherit.js";
import type { TypeEntry } from "./namespace-record.js";
import { child, syntaxError, type SpecContext } from "../model/raw.js";

/** The entry of the type `spec` includes, looked up where `owner` is defined. */
function includedEntry(owner: TypeEntry, typeName: string, ctx: SpecContext): TypeEntry {
  const found = owner.home.types.get(typeName);
  if (found === undefined) {
    const ns = owner.home.spec.name;
    throw new UnknownTypeError(typeName, ns, `includes type '${typeName}', which namespace '${ns}' does not define or include`, { store: ctx.source, path: ctx.path });
  }
  return found;
}

function contextOf(entry: TypeEntry): SpecContext {
  return { source: entry.location, path: entry.name };
}

/** The spec with its inheritance chain merged in (members not resolved). */
export function inheritedSpec(entry: TypeEntry): TypeSpec {
  if (entry.inherited !== undefined) return entry.inherited;
  const ctx = contextOf(entry);
  if (entry.inheriting) throw syntaxError(ctx, `type '${entry.name}' inherits from itself (a data_type_inc cycle)`);
  entry.inheriting = true;
  try {
    const inc = entry.spec.typeInc;
    entry.inherited = inc === undefined ? entry.spec : inheritSpec(entry.spec, inheritedSpec(includedEntry(entry, inc, ctx)), ctx);
    return entry.inherited;
  } finally {
    entry.inheriting = false;
  }
}

/** Types whose full resolution is under way, outermost first. */
const stack: TypeEntry[] = [];
/** Entries of the stack whose result used a cut cycle, so must not be memoised. */
const provisional = new Set<TypeEntry>();

/** The fully resolved spec of a type. */
export function resolvedSpec(entry: TypeEntry): TypeSpec {
  if (entry.resolved !== undefined) return entry.resolved;
  if (entry.resolving) {
    // A containment cycle: whatever is being resolved inside this type sees its inheritance-only
    // spec, so those results are only good for this pass; a later top-level call redoes them.
    for (const e of stack.slice(stack.indexOf(entry) + 1)) provisional.add(e);
    return inheritedSpec(entry);
  }
  inheritedSpec(entry); // reports inheritance cycles before the member walk
  entry.resolving = true;
  stack.push(entry);
  try {
    const ctx = contextOf(entry);
    const own = resolveMembers(entry.spec, entry, ctx);
    const inc = entry.spec.typeInc;
    const result = inc === undefined ? own : inheritSpec(own, resolvedSpec(includedEntry(entry, inc, ctx)), ctx);
    if (!provisional.has(entry)) entry.resolved = result;
    return result;
  } finally {
    entry.resolving = false;
    stack.pop();
    provisional.delete(entry);
  }
}

/** A spec's members, each typed one merged with its included type's resolved spec. */
function resolveMembers<S extends TypeSpec>(spec: S, owner: TypeEntry, ctx: SpecContext): S {
  if (!(spec instanceof GroupSpec)) return spec;
  const member = (m: TypeSpec, i: number): TypeSpec => {
    const here = child(ctx, m.name ?? m.dataType ?? `[${i}]`);
    const inner = resolveMembers(m, owner, here);
    if (m.typeInc === undefined) return inner;
    return inheritSpec(inner, resolvedSpec(includedEntry(owner, m.typeInc, here)), here);
  };
  return spec.with({
    groups: spec.groups.map((g, i) => member(g, i) as GroupSpec),
    datasets: spec.datasets.map((d, i) => member(d, i) as DatasetSpec),
  }) as S;
}
