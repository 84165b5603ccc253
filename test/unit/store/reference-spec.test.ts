import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ReferenceFileError } from "../../../src/errors.js";
import { inlineBytes, parseReferenceFile, type ReferenceEntry } from "../../../src/store/reference-spec.js";
import { evaluateExpression, renderTemplate, TemplateError } from "../../../src/store/reference-template.js";

const FILE = "/data/refs.json";

function parse(doc: unknown) {
  return parseReferenceFile(typeof doc === "string" ? doc : JSON.stringify(doc), FILE);
}

function bytesOf(entry: ReferenceEntry | undefined): string {
  assert.ok(entry && (entry.kind === "inline" || entry.kind === "json"), `inline entry expected, got ${JSON.stringify(entry)}`);
  return new TextDecoder().decode(inlineBytes(entry, {}));
}

describe("reference files: spec version 0", () => {
  it("points references without a URL at the target given, as fsspec's target", () => {
    const set = parseReferenceFile(JSON.stringify({ a: [null, 8, 24], b: [null] }), FILE, { target: "../h5/session.nwb" });
    assert.deepEqual(set.refs.get("a"), { kind: "range", url: "../h5/session.nwb", offset: 8, length: 24 });
    assert.deepEqual(set.refs.get("b"), { kind: "whole", url: "../h5/session.nwb" });
    assert.throws(() => parseReferenceFile("{}", FILE, { target: 3 as unknown as string }), /option target must be a URL or path, got 3/);
  });

  it("reads text, base64, JSON objects, ranges and whole files", () => {
    const text = `{
      ".zgroup": "{\\"zarr_format\\": 2}",
      "x/.zarray": {"chunks": [3], "fill_value": 18446744073709551615, "dtype": "<u8"},
      "x/0": ["data.bin", 8, 24],
      "x/1": ["https://example.org/other.bin"],
      "b": "base64:AAEC/w=="
    }`;
    const set = parse(text);
    assert.equal(set.format, "kerchunk-v0");
    assert.deepEqual([...set.refs.keys()], [".zgroup", "x/.zarray", "x/0", "x/1", "b"]);
    assert.equal(bytesOf(set.refs.get(".zgroup")), '{"zarr_format": 2}');
    // The document keeps its own text: the integer past 2^53 is not rounded.
    assert.equal(bytesOf(set.refs.get("x/.zarray")), '{"chunks": [3], "fill_value": 18446744073709551615, "dtype": "<u8"}');
    assert.deepEqual(set.refs.get("x/0"), { kind: "range", url: "data.bin", offset: 8, length: 24 });
    assert.deepEqual(set.refs.get("x/1"), { kind: "whole", url: "https://example.org/other.bin" });
    assert.deepEqual([...inlineBytes(set.refs.get("b") as Extract<ReferenceEntry, { kind: "inline" }>, {})], [0, 1, 2, 255]);
  });

  it("refuses malformed entries with the file and key named", () => {
    const cases: [unknown, RegExp, string?][] = [
      [{ a: ["f", -1, 4] }, /whole numbers >= 0/, "a"],
      [{ a: ["f", 0] }, /\[url\] or \[url, offset, length\]/, "a"],
      [{ a: [null, 0, 4] }, /no URL \(null\) and no target file was given: open it with the reference option 'target'/, "a"],
      [{ a: [7, 0, 4] }, /URL must be text or null, not 7/, "a"],
      [{ a: 12 }, /must be text, a JSON object/, "a"],
      [{ "../a": "x" }, /cannot name bytes/, "../a"],
      [{ "/a": "x" }, /cannot name bytes/, "/a"],
      ["[1, 2]", /not a JSON object/],
      ['{"a": "x",}', /not a JSON object/],
      ['{"a": [1, 2}', /not a JSON object|not valid JSON/],
    ];
    for (const [doc, message, key] of cases) {
      assert.throws(() => parse(doc), (e: unknown) => {
        assert.ok(e instanceof ReferenceFileError, String(e));
        assert.match(e.message, message);
        assert.equal(e.store, FILE);
        assert.equal(e.path, key);
        return true;
      });
    }
  });

  it("refuses bad base64 when the value is read", () => {
    const set = parse({ a: "base64:@@@@" });
    assert.throws(() => bytesOf(set.refs.get("a")), ReferenceFileError);
  });
});

describe("reference files: spec version 1", () => {
  it("expands the specification's example: templates and gen", () => {
    const set = parse({
      version: 1,
      templates: { u: "server.domain/path", f: "{{c}}" },
      gen: [{ key: "gen_key{{i}}", url: "http://{{u}}_{{i}}", offset: "{{(i + 1) * 1000}}", length: "1000", dimensions: { i: { stop: 5 } } }],
      refs: { key0: "data", key1: ["http://target_url", 10000, 100], key2: ["http://{{u}}", 10000, 100] },
    });
    assert.equal(set.format, "kerchunk-v1");
    assert.equal(bytesOf(set.refs.get("key0")), "data");
    assert.deepEqual(set.refs.get("key1"), { kind: "range", url: "http://target_url", offset: 10000, length: 100 });
    assert.deepEqual(set.refs.get("key2"), { kind: "range", url: "http://server.domain/path", offset: 10000, length: 100 });
    for (let i = 0; i < 5; i++) {
      assert.deepEqual(set.refs.get(`gen_key${i}`), { kind: "range", url: `http://server.domain/path_${i}`, offset: (i + 1) * 1000, length: 1000 });
    }
    assert.equal(set.refs.size, 8);
  });

  it("forms the cartesian product of gen dimensions, first dimension outermost", () => {
    const set = parse({
      version: 1,
      gen: [{ key: "a/{{i}}.{{j}}", url: "f.bin", offset: "{{i * 100 + j * 10}}", length: 10, dimensions: { i: [2, 0], j: { start: 1, stop: 6, step: 2 } } }],
    });
    assert.deepEqual([...set.refs.keys()], ["a/2.1", "a/2.3", "a/2.5", "a/0.1", "a/0.3", "a/0.5"]);
    assert.deepEqual(set.refs.get("a/2.3"), { kind: "range", url: "f.bin", offset: 230, length: 10 });
  });

  it("reads a LINDI file: refs plus generationMetadata", () => {
    const set = parse({ version: 1, refs: { ".zgroup": { zarr_format: 2 } }, generationMetadata: { generatedBy: "lindi" } });
    assert.equal(set.format, "lindi");
    assert.deepEqual(set.generationMetadata, { generatedBy: "lindi" });
    assert.equal(bytesOf(set.refs.get(".zgroup")), '{"zarr_format":2}');
  });

  it("refuses an unknown version, parameterised templates and unsupported expressions", () => {
    assert.throws(() => parse({ version: 2, refs: {} }), /unknown reference file version 2/);
    assert.throws(() => parse({ version: 1, templates: { f: "{{c}}" }, refs: { a: ["http://{{f(c='x')}}", 0, 1] } }), /'=' is not supported/);
    assert.throws(() => parse({ version: 1, templates: { f: "{{c}}" }, refs: { a: ["http://{{f(1)}}", 0, 1] } }), /calls such as 'f/);
    assert.throws(() => parse({ version: 1, refs: { a: ["http://{{missing}}", 0, 1] } }), /'missing' is not defined/);
    assert.throws(() => parse({ version: 1, gen: [{ key: "k{{i}}", url: "u", offset: "{{i / 2}}", length: "1", dimensions: { i: [1] } }] }), /'\/' is not supported/);
    assert.throws(() => parse({ version: 1, gen: [{ key: "k", url: "u", offset: "1", dimensions: { i: [1] } }] }), /both 'offset' and 'length'/);
    assert.throws(() => parse({ version: 1, gen: [{ key: "k{{i}}", url: "u", dimensions: { i: { stop: 3, step: 0 } } }] }), /step other than 0/);
  });

  it("caps the number of keys", () => {
    const doc = JSON.stringify({ version: 1, gen: [{ key: "k{{i}}.{{j}}", url: "u", dimensions: { i: { stop: 40 }, j: { stop: 40 } } }] });
    assert.throws(() => parseReferenceFile(doc, FILE, { maxKeys: 999 }), /more than 999 keys/);
    assert.equal(parseReferenceFile(doc, FILE, { maxKeys: 1600 }).refs.size, 1600);
    // A hostile range is refused before its values are made.
    const huge = JSON.stringify({ version: 1, gen: [{ key: "k{{i}}", url: "u", dimensions: { i: { stop: 1e15 } } }] });
    assert.throws(() => parseReferenceFile(huge, FILE), /takes 1000000000000000 values, more than the 50000000 keys allowed/);
  });
});

describe("reference template expressions", () => {
  const vars = new Map<string, number | string>([["i", 7], ["u", "host/p"]]);
  it("follows Python's integer arithmetic", () => {
    assert.equal(evaluateExpression("(i + 1) * 1000", vars), 8000);
    assert.equal(evaluateExpression("-i // 2", vars), -4);
    assert.equal(evaluateExpression("-i % 3", vars), 2);
    assert.equal(evaluateExpression("i - 2 * 3", vars), 1);
    assert.equal(evaluateExpression("u + '_x'", vars), "host/p_x");
    assert.equal(renderTemplate("http://{{ u }}/{{i*2}}.bin", vars), "http://host/p/14.bin");
  });
  it("refuses what it does not support", () => {
    assert.throws(() => evaluateExpression("i // 0", vars), TemplateError);
    assert.throws(() => evaluateExpression("i.real", vars), TemplateError);
    assert.throws(() => evaluateExpression("1.5", vars), TemplateError);
    assert.throws(() => evaluateExpression("i | upper", vars), TemplateError);
    assert.throws(() => evaluateExpression("(i + 1", vars), TemplateError);
    assert.throws(() => renderTemplate("{{ i", vars), TemplateError);
  });
});
