/**
 * The sample tree of the ZarrIO behaviour tests. Temporary folders, store files and reading values
 * back are in test/helpers.
 */
import { DatasetBuilder, GroupBuilder, LinkBuilder, ReferenceBuilder } from "../../../src/index.js";

/**
 * A small tree: `/sub` (attribute a=1) holding `/sub/data` (2×3 ints, unit "m"), a text dataset
 * `/names`, a root attribute referencing `/sub/data`, and soft links `/link_group` → `/sub` and
 * `/link_data` → `/sub/data`.
 */
export function sampleTree(): { root: GroupBuilder; sub: GroupBuilder; data: DatasetBuilder; names: DatasetBuilder } {
  const data = new DatasetBuilder("data", [[1, 2, 3], [4, 5, 6]], { attributes: { unit: "m" } });
  const sub = new GroupBuilder("sub", { datasets: [data], attributes: { a: 1 } });
  const names = new DatasetBuilder("names", ["x", "y"]);
  const root = new GroupBuilder("root", { groups: [sub], datasets: [names], attributes: { ref: new ReferenceBuilder(data) } });
  root.setLink(new LinkBuilder(sub, "link_group"));
  root.setLink(new LinkBuilder(data, "link_data"));
  return { root, sub, data, names };
}
