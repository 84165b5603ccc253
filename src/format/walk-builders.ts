/**
 * The one walk of a builder tree, for code that needs every builder below a root and does not care
 * about depth or siblings (bookkeeping, export and conversion checks, validation).
 */
import { GroupBuilder, type Builder } from "./builders.js";

/**
 * `root` and every group, dataset and link below it, parents before their children: a group, then
 * each of its subgroups with everything below that subgroup (in insertion order), then the group's
 * datasets, then its links. Links are not followed. A dataset or link root gives just itself.
 *
 * The result is an array taken before the caller looks at it, so the caller may change the tree
 * (move a dataset, add a link) while it goes through the list.
 */
export function walkBuilders(root: Builder): Builder[] {
  const out: Builder[] = [];
  const visit = (b: Builder): void => {
    out.push(b);
    if (!(b instanceof GroupBuilder)) return;
    for (const g of b.groups.values()) visit(g);
    out.push(...b.datasets.values(), ...b.links.values());
  };
  visit(root);
  return out;
}
