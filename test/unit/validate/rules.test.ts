/**
 * The validator's rules on in-memory builder trees of a small hand-written namespace (validate-schema.ts):
 * a valid tree gives no finding; each broken copy gives exactly the expected finding, at the right
 * path, with the right kind and type. Also the dtype acceptance table against hdmf's.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DatasetBuilder, GroupBuilder, LinkBuilder, ReferenceBuilder } from "../../../src/index.js";
import { acceptsDtype, hasTimezone, isIsoDatetime, validateBuilder, type ValidationFinding } from "../../../src/validate/index.js";
import { typed, validTree, vtCatalog } from "./schema.js";

const catalog = vtCatalog();

/** The findings of a valid tree after `edit`, as `kind path[@attr] type` strings (messages checked apart). */
async function check(edit: (root: GroupBuilder) => void, options = {}): Promise<ValidationFinding[]> {
  const root = validTree();
  edit(root);
  return validateBuilder(root, catalog, options);
}

function brief(f: ValidationFinding): string {
  return `${f.severity} ${f.kind} ${f.path}${f.attribute ? "@" + f.attribute : ""} ${f.type ?? "-"}`;
}

function thing(root: GroupBuilder, name = "thing"): GroupBuilder {
  return root.groups.get(name)!;
}

describe("validateBuilder on a hand-written namespace", () => {
  it("a valid tree has no findings", async () => {
    assert.deepEqual(await check(() => {}), []);
  });

  it("a missing required attribute, a missing untyped dataset in an untyped group", async () => {
    assert.deepEqual((await check((r) => delete r.attributes.count)).map(brief), ["error missing-attribute /@count Holder"]);
    const f = await check((r) => r.groups.get("sub")!.datasets.delete("x"));
    assert.deepEqual(f.map(brief), ["error missing-dataset /sub/x Holder"]);
    assert.equal(f[0].message, "required dataset 'x' is missing");
  });

  it("a missing group of a type with quantity '+' is reported at its parent", async () => {
    const f = await check((r) => {
      r.groups.delete("thing2");
      r.groups.delete("thing");
      r.links.delete("peer");
      delete r.attributes.ref;
      r.datasets.delete("refs");
      r.datasets.delete("pairs");
    });
    assert.deepEqual(f.map(brief), ["error missing-group / Holder"]);
    assert.match(f[0].message, /of type 'Thing' required, found none/);
  });

  it("a numeric quantity counts exactly", async () => {
    const one = await check((r) => r.groups.delete("o2"));
    assert.deepEqual(one.map(brief), ["error quantity / Holder"]);
    assert.equal(one[0].message, "expected exactly 2 group(s) of type 'Other', found 1");
    const three = await check((r) => r.setGroup(new GroupBuilder("o3", { attributes: typed("Other") })));
    assert.deepEqual(three.map(brief), ["error quantity / Holder"]);
  });

  it("dtypes: int accepts int32/int64 only, int8 accepts every signed width, float32 refuses ints", async () => {
    const col = (dtype: string) => (r: GroupBuilder) => (r.datasets.get("col_a")!.dtype = dtype);
    assert.deepEqual(await check(col("int32")), []);
    for (const bad of ["int8", "int16", "uint8", "float64", "text"]) {
      const f = await check(col(bad));
      assert.deepEqual(f.map(brief), ["error dtype /col_a IntCol"], bad);
      assert.match(f[0].message, new RegExp(`expected dtype 'int', found '${bad === "text" ? "utf" : bad}'`));
    }
    for (const ok of ["int8", "int16", "int32", "int64"]) assert.deepEqual(await check((r) => (r.datasets.get("small")!.dtype = ok)), [], ok);
    assert.deepEqual((await check((r) => (r.datasets.get("small")!.dtype = "uint8"))).map(brief), ["error dtype /small Int8Col"]);
    assert.deepEqual((await check((r) => (r.datasets.get("data")!.dtype = "int32"))).map(brief), ["error dtype /data Holder"]);
  });

  it("attribute dtypes from JSON values: an integer-valued number may be an int or a float", async () => {
    assert.deepEqual(await check((r) => (r.attributes.pairs2 = [[1, 2], [3, 4]])), []);
    const f = await check((r) => (r.attributes.count = 2.5));
    assert.deepEqual(f.map(brief), ["error dtype /@count Holder"]);
    assert.match(f[0].message, /expected dtype 'int32', found 'float64'/);
    assert.deepEqual((await check((r) => (r.attributes.count = "3"))).map(brief), ["error dtype /@count Holder"]);
  });

  it("shapes: alternatives, dims without lengths, a scalar where an array must be", async () => {
    const f = await check((r) => (r.datasets.get("data")!.data = [[[1]]]));
    assert.deepEqual(f.map(brief), ["error shape /data Holder"]);
    assert.equal(f[0].message, "shape (1, 1, 1) is not (None,) or (None, None)");
    assert.deepEqual((await check((r) => (r.datasets.get("col_a")!.data = 5))).map(brief), ["error shape /col_a IntCol"]);
    const attr = await check((r) => (r.attributes.pairs2 = [[1, 2, 3]]));
    assert.deepEqual(attr.map(brief), ["error shape /@pairs2 Holder"]);
    assert.equal(attr[0].message, "shape (1, 3) is not (None, 2)");
    const scalar = await check((r) => (r.attributes.pairs2 = 1.5));
    assert.equal(scalar[0].message, "shape a scalar is not (None, 2)");
  });

  it("isodatetime: the format is checked, a scalar needs a timezone, bytes count as text", async () => {
    const stamp = (v: unknown) => (r: GroupBuilder) => (r.datasets.get("stamp")!.data = v);
    assert.deepEqual(await check(stamp(new TextEncoder().encode("2020-01-02T03:04:05-05:00"))), []);
    const noTz = await check(stamp("2020-01-02T03:04:05"));
    assert.deepEqual(noTz.map(brief), ["error timezone /stamp Holder"]);
    const bad = await check(stamp("yesterday"));
    assert.deepEqual(bad.map(brief), ["error dtype /stamp Holder"]);
    assert.deepEqual((await check((r) => (thing(r).attributes.when = "2020-02-30T00:00:00Z"))).map(brief), []); // the pattern checks form, not calendars
    assert.deepEqual((await check((r) => (thing(r).attributes.when = "2020-01-02"))).map(brief), ["error timezone /thing@when Thing"]);
    // an array of datetimes (the spec gives no shape, so any shape): a missing timezone is only a warning there
    assert.deepEqual((await check(stamp(["2020-01-02T03:04:05"]))).map(brief), ["warning timezone /stamp Holder"]);
  });

  it("attribute references: the target's type, and a value that is no reference", async () => {
    const f = await check((r) => (r.attributes.ref = new ReferenceBuilder(r.groups.get("o1")!)));
    assert.deepEqual(f.map(brief), ["error reference-target /@ref Holder"]);
    assert.equal(f[0].message, "the reference points to /o1, 'Other', but must point to 'Thing' or a subtype");
    assert.deepEqual((await check((r) => (r.attributes.ref = "/thing"))).map(brief), ["error dtype /@ref Holder"]);
  });

  it("dataset references and compound reference fields: targets' types", async () => {
    const refs = await check((r) => (r.datasets.get("refs")!.data = [new ReferenceBuilder(thing(r)), new ReferenceBuilder(r.groups.get("o2")!)]));
    assert.deepEqual(refs.map(brief), ["error reference-target /refs RefCol"]);
    assert.equal(refs[0].message, "element 1 points to /o2, 'Other', but must point to 'Thing' or a subtype");
    const pairs = await check((r) => ((r.datasets.get("pairs")!.data as any[])[0].thing = new ReferenceBuilder(r.datasets.get("data")!)));
    assert.deepEqual(pairs.map(brief), ["error reference-target /pairs Pairs"]);
    assert.match(pairs[0].message, /^element 0 field 'thing' points to \/data, an object with no data type/);
    assert.deepEqual((await check((r) => (r.datasets.get("refs")!.dtype = "text"))).map(brief), ["error dtype /refs RefCol"]);
    // maxReferenceElements: 0 reads no references, so a bad target goes unseen
    assert.deepEqual(await check((r) => (r.datasets.get("refs")!.data = [new ReferenceBuilder(r.groups.get("o2")!)]), { maxReferenceElements: 0 }), []);
  });

  it("compound dtypes: a field of the wrong dtype, a missing field, a simple dtype", async () => {
    const setFields = (fields: unknown) => (r: GroupBuilder) => (r.datasets.get("pairs")!.dtype = fields as never);
    const wide = await check(setFields([{ name: "idx", dtype: "float64" }, { name: "thing", dtype: "object" }]));
    assert.deepEqual(wide.map(brief), ["error dtype /pairs Pairs"]);
    assert.equal(wide[0].message, "compound dtype does not match the spec: field 'idx' must be 'int32', found 'float64'");
    const missing = await check(setFields([{ name: "idx", dtype: "int64" }]));
    assert.match(missing[0].message, /field 'thing' is missing/);
    assert.deepEqual((await check(setFields("int32"))).map(brief), ["error dtype /pairs Pairs"]);
  });

  it("links: a wrong target type, a link where the spec forbids one, a link standing for a group", async () => {
    const f = await check((r) => {
      r.links.delete("peer");
      r.setLink(new LinkBuilder(r.groups.get("o1")!, "peer"));
    });
    assert.deepEqual(f.map(brief), ["error link-target /peer Holder"]);
    assert.equal(f[0].message, "link points to /o1, a group of type 'Other', but the spec asks for a group or dataset of type 'Thing' (or a subtype)");
    const illegal = await check((r) => {
      const fixed = r.datasets.get("fixed")!;
      r.datasets.delete("fixed");
      r.setGroup(new GroupBuilder("elsewhere", { datasets: [fixed] }));
      r.setLink(new LinkBuilder(fixed, "fixed"));
    });
    assert.deepEqual(illegal.filter((x) => x.severity === "error").map(brief), ["error illegal-link /fixed Holder"]);
    // a link may stand for a typed group (linkable by default): the target counts as one of the things
    assert.deepEqual(await check((r) => r.setLink(new LinkBuilder(thing(r), "thing3"))), []);
  });

  it("an object under a name the spec reserves for another type or kind", async () => {
    const f = await check((r) => {
      r.datasets.delete("small");
      r.setDataset(new DatasetBuilder("small", [1, 2], { dtype: "int32", attributes: typed("IntCol", { description: "s" }) }));
    });
    assert.deepEqual(f.map(brief), ["error wrong-type /small Holder"]);
    assert.equal(f[0].message, "found a dataset of type 'IntCol', but the spec asks for a dataset of type 'Int8Col' (or a subtype)");
    const kind = await check((r) => {
      r.groups.delete("sub");
      r.setDataset(new DatasetBuilder("sub", "x", { dtype: "text" }));
    });
    assert.deepEqual(kind.map(brief), ["error wrong-type /sub Holder"]);
    assert.equal(kind[0].message, "found an untyped dataset, but the spec asks for a group");
  });

  it("unknown types are errors; children no spec describes are warnings", async () => {
    const f = await check((r) => r.setGroup(new GroupBuilder("mystery", { attributes: { data_type: "Nope", namespace: "vt" } })));
    assert.deepEqual(f.map(brief), ["error unknown-type /mystery Nope", "warning unexpected /mystery Holder"]);
    const extra = await check((r) => thing(r).setDataset(new DatasetBuilder("note", "hi", { dtype: "text" })));
    assert.deepEqual(extra.map(brief), ["warning unexpected /thing/note Thing"]);
    assert.deepEqual(await check((r) => thing(r).setDataset(new DatasetBuilder("note", "hi")), { reportUnexpected: false }), []);
    const noType = await validateBuilder(new GroupBuilder("root"), catalog);
    assert.deepEqual(noType.map(brief), ["error unknown-type / -"]);
  });

  it("a fixed value that differs is a warning", async () => {
    const f = await check((r) => (thing(r).attributes.kind = "stuff"));
    assert.deepEqual(f.map(brief), ["warning value /thing@kind Thing"]);
    assert.equal(f[0].message, 'value "stuff" differs from the fixed value "thing"');
  });

  it("a problem seen through the own type and the member spec is reported once", async () => {
    const f = await check((r) => delete r.datasets.get("col_a")!.attributes.description);
    assert.deepEqual(f.map(brief), ["error missing-attribute /col_a@description IntCol"]);
  });
});

describe("dtype rules", () => {
  it("acceptsDtype agrees with hdmf's allowable table", () => {
    // rows of hdmf.spec.spec.DtypeHelper.allowable (hdmf 6.2)
    const table: Record<string, string[]> = {
      float: ["double", "float", "float32", "float64"],
      double: ["double", "float64"],
      int16: ["int", "int16", "int32", "int64", "long", "short"],
      int: ["int", "int32", "int64", "long"],
      long: ["int64", "long"],
      text: ["ascii", "bytes", "text", "utf", "utf-8", "utf8"],
      ascii: ["ascii", "bytes"],
      bool: ["bool"],
      int8: ["int", "int16", "int32", "int64", "int8", "long", "short"],
      uint8: ["uint", "uint16", "uint32", "uint64", "uint8"],
      uint64: ["uint64"],
      numeric: ["double", "float", "float32", "float64", "int", "int16", "int32", "int64", "int8", "long", "short", "uint", "uint16", "uint32", "uint64", "uint8"],
    };
    const all = ["double", "float", "float32", "float64", "int", "int16", "int32", "int64", "int8", "long", "short", "uint", "uint16", "uint32", "uint64", "uint8", "ascii", "bytes", "text", "utf", "utf-8", "utf8", "bool", "object"];
    for (const [spec, allowed] of Object.entries(table)) {
      assert.deepEqual(all.filter((stored) => acceptsDtype(spec, stored)).sort(), [...allowed].sort(), spec);
    }
    assert.ok(acceptsDtype("isodatetime", "utf") && acceptsDtype("isodatetime", "ascii") && !acceptsDtype("isodatetime", "float64"));
  });

  it("ISO 8601 pattern and timezone, as hdmf's validator reads them", () => {
    for (const ok of ["2020-01-02", "2020-01-02T03:04:05", "2020-01-02T03:04:05.123456+05:30", "2020-01-02T03:04:05Z"]) assert.ok(isIsoDatetime(ok), ok);
    for (const bad of ["2020-1-2", "2020-01-02 03:04:05", "2020-01-02T24:00:00", "now"]) assert.ok(!isIsoDatetime(bad), bad);
    assert.deepEqual(["2020-01-02", "2020-01-02T03:04:05", "2020-01-02T03:04:05Z", "2020-01-02T03:04:05-01:00"].map(hasTimezone), [false, false, true, true]);
  });
});
