/**
 * The spec model: parsing group, dataset, attribute and link specs from the schema language (both
 * type-key spellings), quantities, dims/shape, dtypes (primitive, reference, compound), values, and
 * writing them back; malformed specs give SpecSyntaxError naming the source and the spec path.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SpecError } from "../../../src/errors.js";
import {
  AttributeSpec, DatasetSpec, DtypeSpec, GroupSpec, LinkSpec, NamespaceSpec, RefSpec, SpecSyntaxError, compareVersions,
  isAllowedDtype, maxCount, minCount, parseQuantity, parseSpecDocument, primaryDtype, shapeOptions, storageDtypeName,
} from "../../../src/spec/index.js";

const ctx = { source: "test.yaml", path: "T" };

/** Run `fn`, expect a SpecSyntaxError, and return it. */
function syntaxError(fn: () => unknown): SpecSyntaxError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof SpecSyntaxError, `expected SpecSyntaxError, got ${e}`);
    assert.ok(e instanceof SpecError);
    return e;
  }
  assert.fail("no error thrown");
}

describe("quantity", () => {
  it("normalises flags, long spellings and integers", () => {
    assert.equal(parseQuantity(undefined, undefined, ctx), 1);
    assert.equal(parseQuantity("zero_or_one", undefined, ctx), "?");
    assert.equal(parseQuantity("zero_or_many", undefined, ctx), "*");
    assert.equal(parseQuantity("one_or_many", undefined, ctx), "+");
    assert.equal(parseQuantity("3", undefined, ctx), 3);
    assert.equal(parseQuantity(2, undefined, ctx), 2);
    assert.deepEqual([minCount("?"), maxCount("?"), minCount("+"), maxCount("+"), minCount(2), maxCount(2)], [0, 1, 1, Infinity, 2, 2]);
  });

  it("refuses zero, negative, fractional and unknown quantities, and many of a fixed name", () => {
    for (const bad of [0, -1, 1.5, "many", true, "toString", "__proto__", {}]) {
      const e = syntaxError(() => parseQuantity(bad, undefined, ctx));
      assert.match(e.message, /^'T' in 'test\.yaml': quantity .* is invalid/);
    }
    assert.match(syntaxError(() => parseQuantity("*", "data", ctx)).message, /'data' has a fixed name/);
  });
});

describe("dtypes", () => {
  it("knows synonyms and which stored dtypes a spec dtype accepts", () => {
    assert.equal(primaryDtype("float32"), "float");
    assert.equal(primaryDtype("text"), "utf");
    assert.equal(storageDtypeName("int"), "int32");
    assert.equal(storageDtypeName("utf-8"), "utf8");
    assert.equal(storageDtypeName("double"), "float64");
    assert.ok(isAllowedDtype("float64", "float32"));
    assert.ok(!isAllowedDtype("float32", "float64"));
    assert.ok(isAllowedDtype("uint16", "numeric") && isAllowedDtype("float64", "numeric"));
    assert.ok(!isAllowedDtype("text", "numeric"));
    assert.ok(isAllowedDtype("ascii", "text") && !isAllowedDtype("text", "ascii"));
    assert.ok(isAllowedDtype("int64", "int8") && !isAllowedDtype("uint8", "int8"));
  });

  it("parses reference and compound dtypes and refuses unknown names", () => {
    const d = DatasetSpec.parse({
      name: "m", doc: "mask",
      dtype: [{ name: "x", doc: "x", dtype: "uint32" }, { name: "ref", doc: "r", dtype: { target_type: "TimeSeries", reftype: "object" } }],
    }, ctx);
    assert.ok(Array.isArray(d.dtype));
    assert.ok(d.dtype[0] instanceof DtypeSpec);
    assert.equal(d.dtype[0].dtype, "uint32");
    assert.ok(d.dtype[1].dtype instanceof RefSpec);
    assert.equal((d.dtype[1].dtype as RefSpec).targetType, "TimeSeries");
    const region = RefSpec.parse({ target_type: "DynamicTable", reftype: "region" }, ctx);
    assert.equal(region.reftype, "region");
    assert.match(syntaxError(() => RefSpec.parse({ target_type: "X", reftype: "pointer" }, ctx)).message, /reftype "?.*pointer/);
    assert.match(syntaxError(() => DatasetSpec.parse({ name: "d", doc: "", dtype: "float128" }, ctx)).message, /dtype 'float128' is not a data type/);
    assert.match(syntaxError(() => AttributeSpec.parse({ name: "a", doc: "", dtype: [{ name: "x", doc: "", dtype: "int" }] }, ctx)).message, /compound dtype is allowed only on datasets/);
    const dup = syntaxError(() => DatasetSpec.parse({ name: "d", doc: "", dtype: [{ name: "x", doc: "", dtype: "int" }, { name: "x", doc: "", dtype: "int" }] }, ctx));
    assert.match(dup.message, /two fields named 'x'/);
  });
});

describe("attribute specs", () => {
  it("are required unless required: false or a default value is given; a fixed value stays required", () => {
    assert.equal(AttributeSpec.parse({ name: "a", doc: "", dtype: "text" }, ctx).required, true);
    assert.equal(AttributeSpec.parse({ name: "a", doc: "", dtype: "text", required: false }, ctx).required, false);
    const withDefault = AttributeSpec.parse({ name: "a", doc: "", dtype: "float32", default_value: 1.0 }, ctx);
    assert.equal(withDefault.required, false);
    assert.equal(withDefault.defaultValue, 1);
    const fixed = AttributeSpec.parse({ name: "unit", doc: "", dtype: "text", value: "seconds" }, ctx);
    assert.equal(fixed.value, "seconds");
    assert.equal(fixed.required, true);
    assert.match(syntaxError(() => AttributeSpec.parse({ name: "a", doc: "", dtype: "text", value: "x", default_value: "y" }, ctx)).message, /both 'value' and 'default_value'/);
    const noDtype = syntaxError(() => AttributeSpec.parse({ name: "a", doc: "" }, ctx));
    assert.equal(noDtype.path, "T/a");
    assert.equal(noDtype.store, "test.yaml");
  });

  it("parse dims and shape, single or alternatives, and check that they agree", () => {
    const one = AttributeSpec.parse({ name: "colnames", doc: "", dtype: "text", dims: ["num_columns"], shape: [null] }, ctx);
    assert.deepEqual(shapeOptions(one.shape), [[null]]);
    const alt = DatasetSpec.parse({ name: "data", doc: "", dims: [["t"], ["t", "c"]], shape: [[null], [null, 3]] }, ctx);
    assert.deepEqual(shapeOptions(alt.shape), [[null], [null, 3]]);
    assert.match(syntaxError(() => DatasetSpec.parse({ name: "d", doc: "", dims: ["a", "b"], shape: [null] }, ctx)).message, /same length/);
    assert.match(syntaxError(() => DatasetSpec.parse({ name: "d", doc: "", shape: [] }, ctx)).message, /non-empty list/);
    assert.match(syntaxError(() => DatasetSpec.parse({ name: "d", doc: "", shape: ["x"] }, ctx)).message, /'shape' must list lengths/);
  });
});

describe("group and dataset specs", () => {
  const raw = {
    neurodata_type_def: "Probe", neurodata_type_inc: "NWBContainer", doc: "A probe.", default_name: "probe",
    attributes: [{ name: "kind", doc: "what", dtype: "text" }],
    datasets: [{ name: "positions", doc: "xyz", dtype: "float64", dims: ["n", "xyz"], shape: [null, 3], quantity: "?" }],
    groups: [{ neurodata_type_inc: "Shank", doc: "shanks", quantity: "+" }],
    links: [{ name: "device", doc: "the device", target_type: "Device" }, { doc: "others", target_type: "Device", quantity: "*" }],
  };

  it("parse members, type keys in either spelling, and defaults", () => {
    const g = GroupSpec.parse(raw, { source: "ext.yaml", path: "Probe" });
    assert.equal(g.typeDef, "Probe");
    assert.equal(g.typeInc, "NWBContainer");
    assert.equal(g.dataType, "Probe");
    assert.equal(g.defaultName, "probe");
    assert.equal(g.quantity, 1);
    assert.equal(g.linkable, true);
    assert.equal(g.getDataset("positions")!.quantity, "?");
    assert.equal(g.getDataset("positions")!.required, false);
    assert.equal(g.groups[0].typeInc, "Shank");
    assert.equal(g.groups[0].many, true);
    assert.ok(g.getLink("device") instanceof LinkSpec);
    assert.equal(g.links[1].targetType, "Device");
    assert.equal(g.links[1].quantity, "*");
    assert.deepEqual(g.getMembersOfType("Shank").length, 1);
    const hdmf = GroupSpec.parse({ data_type_def: "Probe", data_type_inc: "Container", doc: "" }, ctx);
    assert.equal(hdmf.typeInc, "Container");
  });

  it("write back to the schema language in the asked spelling", () => {
    const g = GroupSpec.parse(raw, ctx);
    assert.deepEqual(g.toSchema("neurodata_type"), raw);
    const hdmf = g.toSchema("data_type");
    assert.equal(hdmf.data_type_def, "Probe");
    assert.equal(hdmf.neurodata_type_def, undefined);
  });

  it("refuse a spec without name or type, names with '/', and disagreeing spellings", () => {
    assert.match(syntaxError(() => GroupSpec.parse({ doc: "nothing" }, ctx)).message, /needs a 'name' or a type/);
    assert.match(syntaxError(() => DatasetSpec.parse({ name: "a/b", doc: "" }, ctx)).message, /cannot contain '\/'/);
    const both = syntaxError(() => GroupSpec.parse({ data_type_def: "A", neurodata_type_def: "B", doc: "" }, ctx));
    assert.match(both.message, /'data_type_def' and 'neurodata_type_def' disagree/);
    const e = syntaxError(() => GroupSpec.parse({ neurodata_type_def: "P", doc: "", datasets: [{ name: "d", doc: "", quantity: 0 }] }, { source: "ext.yaml", path: "P" }));
    assert.equal(e.path, "P/d");
    assert.equal(e.store, "ext.yaml");
  });

  it("a source document must define a type at its top level", () => {
    const doc = parseSpecDocument({ groups: [{ neurodata_type_def: "A", doc: "" }], datasets: [{ neurodata_type_def: "B", doc: "" }] }, "x.yaml");
    assert.deepEqual(doc.specs.map((s) => s.typeDef), ["B", "A"]);
    assert.equal(doc.style, "neurodata_type");
    const e = syntaxError(() => parseSpecDocument({ groups: [{ name: "loose", doc: "" }] }, "x.yaml"));
    assert.match(e.message, /must define a type/);
    assert.equal(e.path, "loose");
    assert.match(syntaxError(() => parseSpecDocument({ groups: { a: 1 } }, "x.yaml")).message, /'groups' must be a list/);
  });
});

describe("namespace specs", () => {
  it("parse schema entries (sources and includes, with type lists in either spelling)", () => {
    const ns = NamespaceSpec.parse({
      name: "ndx-probe", version: "0.1.0", doc: "probes", author: "A. Person", contact: ["a@b.c"],
      schema: [{ namespace: "core", neurodata_types: ["NWBContainer", "Device"] }, { source: "ndx-probe.extensions.yaml", title: "ext" }],
    }, "ndx-probe.namespace.yaml");
    assert.deepEqual(ns.author, ["A. Person"]);
    assert.deepEqual(ns.includes, ["core"]);
    assert.deepEqual(ns.schema[0], { kind: "namespace", namespace: "core", dataTypes: ["NWBContainer", "Device"] });
    assert.equal(ns.sources[0].source, "ndx-probe.extensions.yaml");
    assert.equal(ns.style, "neurodata_type");
    const cached = ns.toSchema() as { schema: unknown[] };
    assert.deepEqual(cached.schema, [{ namespace: "core", neurodata_types: ["NWBContainer", "Device"] }, { source: "ndx-probe.extensions" }]);
    const e = syntaxError(() => NamespaceSpec.parse({ name: "x", schema: [{ source: "a", namespace: "b" }] }, "ns.yaml"));
    assert.match(e.message, /exactly one of 'source' or 'namespace'/);
    assert.equal(e.path, "x/schema[0]");
  });

  it("order versions numerically, pre-releases first", () => {
    assert.ok(compareVersions("2.11.0", "2.9.0") > 0);
    assert.ok(compareVersions("2.6.0-alpha", "2.6.0") < 0);
    assert.ok(compareVersions("1.10.0", "1.5.1") > 0);
    assert.equal(compareVersions("1.0", "1.0.0"), 0);
    assert.ok(compareVersions(undefined, "0.1") < 0);
  });
});
