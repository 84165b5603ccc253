/**
 * A small hand-written namespace (`vt`) for the validator's rule tests, and a tree of builders that
 * follows it. Each test breaks one thing in a fresh tree and expects exactly one finding.
 */
import { DatasetBuilder, GroupBuilder, LinkBuilder, ReferenceBuilder } from "../../../src/index.js";
import { NamespaceCatalog, NamespaceSpec, type LoadedNamespace } from "../../../src/spec/index.js";

const TYPES = {
  datasets: [
    { data_type_def: "Data", doc: "any data" },
    { data_type_def: "IntCol", data_type_inc: "Data", doc: "ints", dtype: "int", dims: ["n"], shape: [null], attributes: [{ name: "description", doc: "d", dtype: "text" }] },
    { data_type_def: "Int8Col", data_type_inc: "Data", doc: "int8 or wider", dtype: "int8" },
    { data_type_def: "RefCol", data_type_inc: "Data", doc: "references to things", dtype: { target_type: "Thing", reftype: "object" }, shape: [null] },
    {
      data_type_def: "Pairs", data_type_inc: "Data", doc: "rows", shape: [null],
      dtype: [{ name: "idx", doc: "i", dtype: "int32" }, { name: "thing", doc: "t", dtype: { target_type: "Thing", reftype: "object" } }],
    },
  ],
  groups: [
    { data_type_def: "Container", doc: "any group" },
    {
      data_type_def: "Thing", data_type_inc: "Container", doc: "a thing",
      attributes: [{ name: "when", doc: "w", dtype: "isodatetime", required: false }, { name: "kind", doc: "k", dtype: "text", value: "thing" }],
    },
    { data_type_def: "Other", data_type_inc: "Container", doc: "not a thing" },
    {
      data_type_def: "Holder", data_type_inc: "Container", doc: "holds everything",
      attributes: [
        { name: "count", doc: "c", dtype: "int32" },
        { name: "ref", doc: "r", dtype: { target_type: "Thing", reftype: "object" }, required: false },
        { name: "pairs2", doc: "p", dtype: "float64", dims: ["n", "2"], shape: [null, 2], required: false },
      ],
      datasets: [
        { name: "data", doc: "d", dtype: "float32", dims: [["t"], ["t", "c"]], shape: [[null], [null, null]] },
        { name: "stamp", doc: "s", dtype: "isodatetime", quantity: "?" },
        { name: "fixed", doc: "f", dtype: "int32", linkable: false, quantity: "?" },
        { data_type_inc: "IntCol", doc: "columns", quantity: "*" },
        { name: "refs", data_type_inc: "RefCol", doc: "r", quantity: "?" },
        { name: "pairs", data_type_inc: "Pairs", doc: "p", quantity: "?" },
        { name: "small", data_type_inc: "Int8Col", doc: "s", quantity: "?" },
      ],
      groups: [
        { data_type_inc: "Thing", doc: "things", quantity: "+" },
        { data_type_inc: "Other", doc: "exactly two others", quantity: 2 },
        { name: "sub", doc: "untyped", quantity: "?", datasets: [{ name: "x", doc: "x", dtype: "text" }] },
      ],
      links: [{ name: "peer", doc: "p", target_type: "Thing", quantity: "?" }],
    },
  ],
};

/** The `vt` namespace, ready for a catalog. */
export function vtNamespace(): LoadedNamespace {
  return {
    namespace: NamespaceSpec.parse({ name: "vt", version: "1.0.0", doc: "validator tests", schema: [{ source: "vt.types.yaml" }] }, "vt.namespace.yaml"),
    documents: { "vt.types": TYPES },
    origin: "vt.namespace.yaml",
  };
}

/** A catalog holding only `vt`. */
export function vtCatalog(): NamespaceCatalog {
  const catalog = new NamespaceCatalog();
  catalog.add(vtNamespace());
  return catalog;
}

/** Type attributes of a `vt` object. */
export function typed(type: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { data_type: type, namespace: "vt", ...extra };
}

/** A valid `Holder` tree: the root, two things, two others, columns, references and a link. */
export function validTree(): GroupBuilder {
  const thing = new GroupBuilder("thing", { attributes: typed("Thing", { kind: "thing", when: "2020-01-02T03:04:05+01:00" }) });
  const thing2 = new GroupBuilder("thing2", { attributes: typed("Thing", { kind: "thing" }) });
  const root = new GroupBuilder("root", {
    attributes: typed("Holder", { count: 3, ref: new ReferenceBuilder(thing), pairs2: [[1.5, 2], [3, 4]] }),
    groups: [
      thing, thing2,
      new GroupBuilder("o1", { attributes: typed("Other") }),
      new GroupBuilder("o2", { attributes: typed("Other") }),
      new GroupBuilder("sub", { datasets: [new DatasetBuilder("x", "text", { dtype: "text" })] }),
    ],
    datasets: [
      new DatasetBuilder("data", [[1, 2], [3, 4], [5, 6]], { dtype: "float32" }),
      new DatasetBuilder("stamp", "2020-01-02T03:04:05Z", { dtype: "isodatetime" }),
      new DatasetBuilder("fixed", 7, { dtype: "int32" }),
      new DatasetBuilder("col_a", [1, 2, 3], { dtype: "int64", attributes: typed("IntCol", { description: "a" }) }),
      new DatasetBuilder("small", [1, 2], { dtype: "int16", attributes: typed("Int8Col") }),
      new DatasetBuilder("refs", [new ReferenceBuilder(thing), new ReferenceBuilder(thing2)], { dtype: "object", attributes: typed("RefCol") }),
      new DatasetBuilder("pairs", [{ idx: 0, thing: new ReferenceBuilder(thing) }, { idx: 1, thing: new ReferenceBuilder(thing2) }], {
        dtype: [{ name: "idx", dtype: "int32" }, { name: "thing", dtype: "object" }], attributes: typed("Pairs"),
      }),
    ],
  });
  root.setLink(new LinkBuilder(thing2, "peer"));
  return root;
}
