/**
 * NamespaceCatalog on small hand-written namespaces: inheritance resolution (merging by name, dtype
 * narrowing, compound fields, unnamed members, links), includes with and without type lists, nested
 * type definitions, versions, and the typed errors for missing includes, unknown types and cycles.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DatasetSpec, GroupSpec, MissingNamespaceError, NamespaceCatalog, NamespaceSpec, SpecSyntaxError, UnknownTypeError,
  type LoadedNamespace,
} from "../../../src/spec/index.js";

/** A namespace `name` with one source `name.types` holding `groups` and `datasets`. */
function namespace(
  name: string, version: string, types: { groups?: unknown[]; datasets?: unknown[] }, includes: Record<string, unknown>[] = [],
): LoadedNamespace {
  const source = `${name}.types`;
  return {
    namespace: NamespaceSpec.parse({ name, version, doc: name, schema: [...includes, { source: `${source}.yaml` }] }, `${name}.namespace.yaml`),
    documents: { [source]: types },
    origin: `${name}.namespace.yaml`,
    locations: { [source]: `${source}.yaml` },
  };
}

const BASE = namespace("base", "1.0.0", {
  datasets: [
    { data_type_def: "Data", doc: "any data" },
    { data_type_def: "Col", data_type_inc: "Data", doc: "a column", dims: ["n"], shape: [null], attributes: [{ name: "description", doc: "d", dtype: "text" }] },
    { data_type_def: "Table", data_type_inc: "Data", doc: "rows", dtype: [{ name: "x", doc: "x", dtype: "int32" }, { name: "y", doc: "y", dtype: "float32" }] },
  ],
  groups: [
    { data_type_def: "Container", doc: "any group" },
    {
      data_type_def: "Base", data_type_inc: "Container", doc: "the base",
      attributes: [
        { name: "a", doc: "a", dtype: "text" },
        { name: "b", doc: "b", dtype: "float32", default_value: 1.0 },
      ],
      datasets: [
        { name: "d", doc: "data", dtype: "numeric", attributes: [{ name: "unit", doc: "u", dtype: "text" }] },
        { data_type_inc: "Col", doc: "columns", quantity: "*" },
      ],
      links: [{ name: "peer", doc: "p", target_type: "Base" }, { doc: "others", target_type: "Container", quantity: "*" }],
    },
    { data_type_def: "Unused", data_type_inc: "Container", doc: "not included by the filter" },
  ],
});

describe("inheritance resolution", () => {
  const catalog = new NamespaceCatalog();
  catalog.add([
    BASE,
    namespace("ext", "0.1.0", {
      datasets: [{ data_type_def: "Table2", data_type_inc: "Table", doc: "more rows", dtype: [{ name: "y", doc: "wider y", dtype: "float64" }, { name: "z", doc: "z", dtype: "text" }] }],
      groups: [{
        data_type_def: "Child", data_type_inc: "Base", doc: "",
        attributes: [{ name: "b", doc: "b as double", dtype: "float64" }, { name: "c", doc: "c", dtype: "int32", required: false }],
        datasets: [
          { name: "d", doc: "data in metres", dtype: "float32", attributes: [{ name: "unit", doc: "u", dtype: "text", value: "m" }] },
          { name: "extra", data_type_inc: "Col", doc: "one more column" },
        ],
        links: [{ name: "peer", doc: "child peer", target_type: "Child", quantity: "?" }],
      }],
    }, [{ namespace: "base" }]),
  ]);
  const child = catalog.getSpec("ext", "Child") as GroupSpec;

  it("inherited members come first, overridden by name, then new ones", () => {
    assert.deepEqual(child.attributes.map((a) => a.name), ["a", "b", "c"]);
    assert.deepEqual(child.datasets.map((d) => d.name ?? `*${d.dataType}`), ["d", "*Col", "extra"]);
    assert.deepEqual(child.links.map((l) => l.name ?? `*${l.targetType}`), ["peer", "*Container"]);
    assert.equal(child.doc, "the base", "an empty doc is filled from the parent");
    assert.equal(child.typeDef, "Child");
    assert.equal(child.typeInc, "Base");
  });

  it("an overriding attribute keeps the parent's value fields it does not set", () => {
    const b = child.getAttribute("b")!;
    assert.equal(b.dtype, "float64");
    assert.equal(b.doc, "b as double");
    assert.equal(b.defaultValue, 1.0);
    assert.equal(b.required, false);
    assert.equal(child.getAttribute("c")!.required, false);
  });

  it("named members are merged with the parent's member of that name", () => {
    const d = child.getDataset("d")!;
    assert.equal(d.dtype, "float32");
    assert.equal(d.doc, "data in metres");
    assert.equal(d.getAttribute("unit")!.value, "m");
    assert.equal(child.getLink("peer")!.targetType, "Child", "links are not merged: the child's own wins");
    assert.equal(child.getLink("peer")!.quantity, "?");
  });

  it("typed members are merged with the type they include", () => {
    const extra = child.getDataset("extra")!;
    assert.deepEqual(extra.dims, ["n"]);
    assert.equal(extra.getAttribute("description")!.dtype, "text");
    const columns = child.datasets.find((x) => x.name === undefined)!;
    assert.equal(columns.quantity, "*");
    assert.deepEqual(columns.shape, [null]);
  });

  it("compound dtypes keep the parent's fields in order, replacing and adding by name", () => {
    const t = catalog.getSpec("ext", "Table2") as DatasetSpec;
    assert.ok(Array.isArray(t.dtype));
    assert.deepEqual(t.dtype.map((f) => [f.name, f.dtype, f.doc]), [["x", "int32", "x"], ["y", "float64", "wider y"], ["z", "text", "z"]]);
  });

  it("the unresolved spec is the source as written", () => {
    const raw = catalog.getUnresolvedSpec("ext", "Child") as GroupSpec;
    assert.deepEqual(raw.attributes.map((a) => a.name), ["b", "c"]);
    assert.equal(raw.getAttribute("b")!.defaultValue, undefined);
  });

  it("hierarchy and subtypes follow data_type_inc across namespaces", () => {
    assert.deepEqual(catalog.getHierarchy("Child"), ["Child", "Base", "Container"]);
    assert.deepEqual(catalog.getHierarchy("Table2", "ext"), ["Table2", "Table", "Data"]);
    assert.ok(catalog.isSubtype("Child", "Container"));
    assert.ok(catalog.isSubtype("Child", "Child"));
    assert.ok(!catalog.isSubtype("Base", "Child"));
    assert.throws(() => catalog.getHierarchy("Nope"), UnknownTypeError);
  });

  it("refuses to narrow a dtype to one the parent does not accept", () => {
    const bad = namespace("bad", "1", { groups: [{ data_type_def: "Bad", data_type_inc: "Base", doc: "", attributes: [{ name: "a", doc: "", dtype: "int32" }] }] }, [{ namespace: "base" }]);
    const c = new NamespaceCatalog();
    c.add(BASE);
    const e = assert.throws(() => c.add(bad), (err: unknown) => {
      assert.ok(err instanceof SpecSyntaxError);
      assert.match(err.message, /cannot change dtype 'text' into 'int32'/);
      assert.equal(err.store, "bad.types.yaml");
      assert.equal(err.path, "Bad/a");
      return true;
    });
    void e;
    assert.ok(!c.has("bad"), "a failed add leaves nothing behind");
    const compound = namespace("bad2", "1", { datasets: [{ data_type_def: "T3", data_type_inc: "Table", doc: "", dtype: "int32" }] }, [{ namespace: "base" }]);
    assert.throws(() => c.add(compound), /cannot change a compound dtype into a simple one/);
    const kinds = namespace("bad3", "1", { groups: [{ data_type_def: "G", data_type_inc: "Col", doc: "" }] }, [{ namespace: "base" }]);
    assert.throws(() => c.add(kinds), /a group spec cannot include 'Col', which is a dataset/);
  });
});

describe("includes", () => {
  it("with a type list bring the listed types and what they depend on, nothing else", () => {
    const c = new NamespaceCatalog();
    c.add([BASE, namespace("pick", "1", { groups: [{ data_type_def: "Mine", data_type_inc: "Base", doc: "" }] }, [{ namespace: "base", data_types: ["Base"] }])]);
    assert.deepEqual(c.getTypes("pick").sort(), ["Base", "Col", "Container", "Data", "Mine"]);
    assert.deepEqual(c.getTypes("pick", { own: true }), ["Mine"]);
    assert.throws(() => c.getSpec("pick", "Unused"), (e: unknown) => e instanceof UnknownTypeError && e.typeName === "Unused" && e.namespace === "pick");
  });

  it("naming a type the included namespace lacks is an UnknownTypeError", () => {
    const c = new NamespaceCatalog();
    c.add(BASE);
    assert.throws(
      () => c.add(namespace("pick", "1", {}, [{ namespace: "base", data_types: ["Ghost"] }])),
      (e: unknown) => e instanceof UnknownTypeError && e.typeName === "Ghost" && /namespace 'pick' includes type 'Ghost' from namespace 'base'/.test(e.message),
    );
  });

  it("a missing namespace is a MissingNamespaceError naming both namespaces", () => {
    const c = new NamespaceCatalog();
    assert.throws(
      () => c.add(namespace("lonely", "1", {}, [{ namespace: "hdmf-common" }])),
      (e: unknown) => e instanceof MissingNamespaceError && e.namespace === "hdmf-common"
        && /namespace 'lonely' includes namespace 'hdmf-common', which is not loaded/.test(e.message) && e.store === "lonely.namespace.yaml",
    );
    assert.throws(() => c.getNamespace("lonely"), MissingNamespaceError);
    assert.throws(() => c.getSpec("core", "TimeSeries"), (e: unknown) => e instanceof MissingNamespaceError && e.namespace === "core");
  });

  it("namespaces in one call are ordered by their includes", () => {
    const c = new NamespaceCatalog();
    const added = c.add([namespace("top", "1", {}, [{ namespace: "mid" }]), namespace("mid", "1", {}, [{ namespace: "base" }]), BASE]);
    assert.deepEqual(added.map((n) => n.name), ["base", "mid", "top"]);
    assert.ok(c.getTypes("top").includes("Base"));
    assert.throws(() => new NamespaceCatalog().add([namespace("p", "1", {}, [{ namespace: "q" }]), namespace("q", "1", {}, [{ namespace: "p" }])]), /includes itself/);
  });
});

describe("type registration and errors", () => {
  it("nested type definitions are types of their own", () => {
    const c = new NamespaceCatalog();
    c.add([BASE, namespace("nest", "1", {
      groups: [{ data_type_def: "Outer", data_type_inc: "Container", doc: "", datasets: [{ data_type_def: "Inner", data_type_inc: "Col", name: "inner", doc: "nested" }] }],
    }, [{ namespace: "base" }])]);
    assert.deepEqual(c.getTypes("nest", { own: true }), ["Outer", "Inner"]);
    const inner = c.getSpec("nest", "Inner") as DatasetSpec;
    assert.deepEqual(inner.dims, ["n"]);
    assert.equal((c.getSpec("nest", "Outer") as GroupSpec).getDataset("inner")!.getAttribute("description")!.dtype, "text");
  });

  it("extending an unknown type fails when the namespace is added, naming source and type", () => {
    const c = new NamespaceCatalog();
    assert.throws(
      () => c.add(namespace("orphan", "1", { groups: [{ data_type_def: "Orphan", data_type_inc: "Missing", doc: "" }] })),
      (e: unknown) => e instanceof UnknownTypeError && e.typeName === "Missing" && e.namespace === "orphan" && e.store === "orphan.types.yaml" && e.path === "Orphan",
    );
    assert.throws(
      () => c.add(namespace("orphan2", "1", { groups: [{ data_type_def: "Holder", doc: "", groups: [{ name: "x", data_type_inc: "Missing", doc: "" }] }] })),
      (e: unknown) => e instanceof UnknownTypeError && e.path === "Holder/x",
    );
  });

  it("an inheritance cycle is an error; a containment cycle is not", () => {
    const c = new NamespaceCatalog();
    assert.throws(() => c.add(namespace("loop", "1", {
      groups: [{ data_type_def: "A", data_type_inc: "B", doc: "" }, { data_type_def: "B", data_type_inc: "A", doc: "" }],
    })), /inherits from itself/);
    c.add(namespace("tree", "1", {
      groups: [
        { data_type_def: "Node", doc: "node", attributes: [{ name: "label", doc: "", dtype: "text" }], groups: [{ data_type_inc: "Leaf", doc: "children", quantity: "*" }] },
        { data_type_def: "Leaf", data_type_inc: "Node", doc: "leaf" },
      ],
    }));
    const leaf = c.getSpec("tree", "Leaf") as GroupSpec;
    assert.equal(leaf.getAttribute("label")!.dtype, "text");
    assert.equal(leaf.groups[0].typeInc, "Leaf");
    assert.equal((c.getSpec("tree", "Node") as GroupSpec).groups[0].getAttribute("label")!.dtype, "text");
  });

  it("a type defined twice keeps the first definition, with a warning", () => {
    const c = new NamespaceCatalog();
    const twice: LoadedNamespace = {
      namespace: NamespaceSpec.parse({ name: "twice", version: "1", schema: [{ source: "a" }, { source: "b" }] }, "twice.yaml"),
      documents: { a: { groups: [{ data_type_def: "T", doc: "first" }] }, b: { groups: [{ data_type_def: "T", doc: "second" }] } },
      origin: "twice.yaml",
    };
    c.add(twice);
    assert.equal(c.getSpec("twice", "T").doc, "first");
    assert.match(c.warnings[0], /defines type 'T' again/);
  });

  it("a source the namespace lists but the documents lack is an error naming it", () => {
    const c = new NamespaceCatalog();
    const broken: LoadedNamespace = { ...BASE, documents: {} };
    assert.throws(() => c.add(broken), (e: unknown) => e instanceof SpecSyntaxError && /source 'base.types.yaml' of namespace 'base' was not found/.test(e.message));
  });
});

describe("versions", () => {
  const v = (version: string, doc: string) => namespace("lib", version, { groups: [{ data_type_def: "Thing", doc }] });

  it("keeps every version; the newest is active by default", () => {
    const c = new NamespaceCatalog();
    c.add(v("1.10.0", "ten"));
    c.add(v("1.9.0", "nine"));
    c.add(v("2.0.0-alpha", "alpha"));
    assert.deepEqual(c.getVersions("lib"), ["1.10.0", "1.9.0", "2.0.0-alpha"]);
    assert.equal(c.getNamespace("lib").version, "2.0.0-alpha");
    c.add(v("2.0.0", "two"));
    assert.equal(c.getSpec("lib", "Thing").doc, "two");
    assert.equal(c.getSpec("lib", "Thing", { version: "1.9.0" }).doc, "nine");
    assert.throws(() => c.getSpec("lib", "Thing", { version: "3.0.0" }), /version 3\.0\.0 is not loaded \(loaded versions: 1\.10\.0, 1\.9\.0, 2\.0\.0-alpha, 2\.0\.0\)/);
  });

  it("prefer: first keeps the first version active", () => {
    const c = new NamespaceCatalog({ prefer: "first" });
    c.add(v("1.0.0", "one"));
    c.add(v("2.0.0", "two"));
    assert.equal(c.getSpec("lib", "Thing").doc, "one");
    assert.ok(c.has("lib", "2.0.0"));
  });
});
