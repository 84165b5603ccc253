/**
 * The children of every group, grouped from the node paths of a complete node list (consolidated
 * metadata): each path's ancestors get the next path segment as a child. Lists are unsorted and
 * may repeat a name (a folder is added as an ancestor and as a node); `ZarrHierarchy` sorts a
 * group's list and drops repeats when the group is first listed.
 */

/** Group path ("" = root) → the names of its children, as {@link addChildPath} adds them. */
export type ChildLists = Map<string, string[]>;

/**
 * Add the node path `key` (not the root) to `lists`: every ancestor folder of the node has the next
 * path segment as a child; a folder seen before already has its own ancestors (one slice per node:
 * this runs over 100,000 paths when a big store opens).
 */
export function addChildPath(lists: ChildLists, key: string): void {
  for (let child = key; ; ) {
    const slash = child.lastIndexOf("/");
    const parent = slash < 0 ? "" : child.slice(0, slash);
    let list = lists.get(parent);
    const seen = list !== undefined;
    if (!list) lists.set(parent, (list = []));
    list.push(slash < 0 ? child : child.slice(slash + 1));
    if (seen || slash < 0) return;
    child = parent;
  }
}
