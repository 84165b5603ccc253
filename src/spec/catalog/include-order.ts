/**
 * The order to add namespaces in: each after the namespaces it includes (as hdmf orders the
 * namespaces of a file's spec cache). An include found neither in the set nor already loaded is a
 * {@link MissingNamespaceError} naming both namespaces.
 */
import { MissingNamespaceError, SpecSyntaxError } from "../errors.js";
import type { LoadedNamespace } from "./loaded-namespace.js";

/** `list` reordered so includes come first; `isLoaded` tells which names a catalog already has. */
export function orderByIncludes(list: readonly LoadedNamespace[], isLoaded: (name: string) => boolean): LoadedNamespace[] {
  const byName = new Map<string, LoadedNamespace>();
  for (const l of list) if (!byName.has(l.namespace.name)) byName.set(l.namespace.name, l);
  const out: LoadedNamespace[] = [];
  const done = new Set<LoadedNamespace>();
  const visiting = new Set<LoadedNamespace>();
  const visit = (l: LoadedNamespace): void => {
    if (done.has(l)) return;
    if (visiting.has(l)) {
      throw new SpecSyntaxError(`namespace '${l.namespace.name}' includes itself through other namespaces`, { store: l.origin });
    }
    visiting.add(l);
    for (const inc of l.namespace.includes) {
      const dep = byName.get(inc);
      if (dep === l) throw new SpecSyntaxError(`namespace '${inc}' includes itself`, { store: l.origin });
      if (dep !== undefined) visit(dep);
      else if (!isLoaded(inc)) {
        throw new MissingNamespaceError(inc, `namespace '${l.namespace.name}' includes namespace '${inc}', which is not loaded; load '${inc}' first or add it in the same call`, { store: l.origin });
      }
    }
    visiting.delete(l);
    done.add(l);
    out.push(l);
  };
  for (const l of list) visit(l);
  return out;
}
