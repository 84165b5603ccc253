/**
 * `tree` and `validate` print names, attributes and messages from files with every character that
 * could act on a terminal shown as an escape: ESC sequences (CSI, OSC 52 clipboard writes), CR,
 * BEL, C1 controls and bidi overrides never reach the terminal raw.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatasetBuilder, GroupBuilder, LinkBuilder, ZarrIO } from "../../../src/index.js";
import { terminalJson, terminalText } from "../../../src/cli/terminal-text.js";
import { renderTree } from "../../../src/cli/tree.js";
import { cli } from "../../helpers/cli.js";
import { tempFolders } from "../../helpers/temp-folders.js";

/** Anything a terminal acts on: C0 controls but newline, DEL, C1 controls, bidi and invisible format characters. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;
/** The same, tabs allowed (validate separates a finding's fields with tabs). */
const RAW_CONTROL_BUT_TAB = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

const CLEAR_SCREEN = "\x1b[2Jcleared";
const OSC52 = "\x1b]52;c;ZXZpbA==\x07"; // writes "evil" to the clipboard
const C1_CSI = "\u009b31mRed"; // 8-bit CSI: red text
const BIDI = "\u202etxt.exe"; // shows as "exe.txt"
const CR_BEL = "bell\x07\rlink";

describe("terminalText", () => {
  it("escapes ESC sequences, OSC 52, CR, BEL, C1 controls, DEL and bidi/invisible format characters", () => {
    assert.equal(terminalText(CLEAR_SCREEN), "\\x1b[2Jcleared");
    assert.equal(terminalText(OSC52), "\\x1b]52;c;ZXZpbA==\\x07");
    assert.equal(terminalText(C1_CSI), "\\x9b31mRed");
    assert.equal(terminalText(BIDI), "\\u202etxt.exe");
    assert.equal(terminalText(CR_BEL), "bell\\x07\\rlink");
    assert.equal(terminalText("a\x7fb\u0085c\u2066d\u2069e\u200bf\ufeffg\u061ch\u2028i"), "a\\x7fb\\x85c\\u2066d\\u2069e\\u200bf\\ufeffg\\u061ch\\u2028i");
    assert.equal(terminalText("nul\x00 tab\t nl\n"), "nul\\x00 tab\\t nl\\n");
  });

  it("doubles every backslash, so a name holding the text '\\x1b' prints unlike one holding a real ESC", () => {
    const literal = "a\\x1b[2Jb"; // backslash, x, 1, b: harmless text
    const real = "a\x1b[2Jb";
    assert.equal(terminalText(literal), "a\\\\x1b[2Jb");
    assert.equal(terminalText(real), "a\\x1b[2Jb");
    assert.notEqual(terminalText(literal), terminalText(real));
    assert.equal(terminalText("C:\\data\\file.zarr"), "C:\\\\data\\\\file.zarr");
    assert.equal(terminalText("\\n\n", { multiline: true }), "\\\\n\n");
    // terminalJson is JSON already: its backslashes are JSON's own escapes, not doubled again.
    assert.equal(terminalJson({ name: literal }), '{"name":"a\\\\x1b[2Jb"}');
  });

  it("leaves ordinary text, accents and other scripts alone; multiline keeps newlines and tabs", () => {
    const plain = "acquisition/ElectricalSeries (core) — µV, é, 日本, עברית";
    assert.equal(terminalText(plain), plain);
    assert.equal(terminalText("line 1\n\tline 2\x1b[0m", { multiline: true }), "line 1\n\tline 2\\x1b[0m");
  });

  it("terminalJson is the same JSON with C1 and bidi characters escaped", () => {
    const value = { name: `${C1_CSI}${BIDI}${OSC52}` };
    const text = terminalJson(value, 2);
    assert.doesNotMatch(text, RAW_CONTROL);
    assert.match(text, /\\u009b31mRed\\u202etxt\.exe\\u001b\]52;c;ZXZpbA==\\u0007/);
    assert.deepEqual(JSON.parse(text), value);
  });
});

/** A tree whose names and type attributes hold terminal controls. */
function hostileTree(): GroupBuilder {
  const ds = new DatasetBuilder(BIDI, [1, 2], { dtype: "int32", attributes: { neurodata_type: C1_CSI, namespace: "core" } });
  const group = new GroupBuilder(CLEAR_SCREEN, { attributes: { neurodata_type: OSC52, namespace: "x\ry" }, datasets: [ds] });
  const root = new GroupBuilder("root", { groups: [group], attributes: { neurodata_type: "NWBFile", namespace: "core" } });
  root.setLink(new LinkBuilder(ds, CR_BEL));
  return root;
}

describe("renderTree", () => {
  it("prints a name holding the text '\\x1b' unlike a name holding a real ESC", () => {
    const root = new GroupBuilder("root", { groups: [new GroupBuilder("a\\x1b[2J"), new GroupBuilder("a\x1b[2J")] });
    const lines = renderTree(root).split("\n").slice(1);
    assert.equal(lines.length, 2);
    assert.notEqual(lines[0], lines[1]);
    assert.ok(lines.some((l) => l.includes("a\\\\x1b[2J/")), lines.join("\n"));
    assert.ok(lines.some((l) => l.includes("a\\x1b[2J/") && !l.includes("\\\\")), lines.join("\n"));
  });

  it("prints names, types and link targets escaped", () => {
    assert.equal(renderTree(hostileTree()), [
      "root  NWBFile (core)",
      "├── \\x1b[2Jcleared/  \\x1b]52;c;ZXZpbA==\\x07 (x\\ry)",
      "│   └── \\u202etxt.exe  \\x9b31mRed (core)",
      "└── bell\\x07\\rlink → /\\x1b[2Jcleared/\\u202etxt.exe  (link)",
    ].join("\n"));
  });
});

describe("the command line on a hostile store", () => {
  const tmp = tempFolders("cli-escape");
  let store: string;
  before(async () => {
    store = join(tmp.make(), "hostile.zarr");
    await new ZarrIO(store, "w").writeBuilder(hostileTree());
  });
  after(() => tmp.cleanup());

  it("tree prints no raw control character", () => {
    const { code, out, err } = cli("tree", store);
    assert.equal(code, 0, err);
    assert.doesNotMatch(out, RAW_CONTROL);
    const lines = out.trimEnd().split("\n");
    assert.deepEqual(lines.slice(1), [
      "├── \\x1b[2Jcleared/  \\x1b]52;c;ZXZpbA==\\x07 (x\\ry)",
      "│   └── \\u202etxt.exe  \\x9b31mRed (core)  int32  (2,)  chunks (2,)  zstd",
      "└── bell\\x07\\rlink → /\\x1b[2Jcleared/\\u202etxt.exe  (link)",
    ]);
  });

  it("validate prints its findings escaped, tab-separated as before", () => {
    const { code, out } = cli("validate", store);
    assert.equal(code, 1);
    assert.doesNotMatch(out, RAW_CONTROL_BUT_TAB);
    const lines = out.trimEnd().split("\n");
    assert.ok(lines.includes(
      "error\t/\\x1b[2Jcleared\t\\x1b]52;c;ZXZpbA==\\x07\tunknown-type: data type '\\x1b]52;c;ZXZpbA==\\x07' (namespace 'x\\ry') is not defined in any loaded namespace",
    ), out);
    assert.ok(lines.includes(
      "error\t/\\x1b[2Jcleared/\\u202etxt.exe\t\\x9b31mRed\tunknown-type: data type '\\x9b31mRed' (namespace 'core') is not defined in any loaded namespace",
    ), out);
    assert.ok(lines.includes("warning\t/bell\\x07\\rlink\tNWBFile\tunexpected: no spec describes this link of type '\\x9b31mRed' here"), out);
  });

  it("validate --json is JSON with C1 and bidi characters escaped too", () => {
    const { out } = cli("validate", "--json", store);
    assert.doesNotMatch(out, RAW_CONTROL);
    const report = JSON.parse(out) as { findings: { path: string; type?: string }[] };
    assert.ok(report.findings.some((f) => f.path === `/${CLEAR_SCREEN}/${BIDI}` && f.type === C1_CSI), "the JSON holds the names as they are");
  });

  it("an error message naming such a path is escaped on stderr", () => {
    const missing = join(tmp.make(), `gone${OSC52}.zarr`);
    for (const command of ["tree", "validate"]) {
      const { code, err } = cli(command, missing);
      assert.equal(code, 1);
      assert.doesNotMatch(err, RAW_CONTROL);
      assert.match(err, /StoreNotFoundError: '\/' in '.*gone\\x1b\]52;c;ZXZpbA==\\x07\.zarr': the path does not exist/);
    }
  });
});
