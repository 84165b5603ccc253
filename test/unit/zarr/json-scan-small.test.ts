/**
 * `smallValueEnd`, the outline's fast path over one consolidated entry: it must end every value
 * where `valueEnd` does, and fail as `valueEnd` does, whatever the nesting, escapes or length.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { JsonScanError, smallValueEnd, valueEnd } from "../../../src/zarr/json-scan.js";

/** Where both scanners end the value at `i` of `t` (or the message they fail with). */
function ends(t: string, i = 0): [number | string, number | string] {
  const run = (f: (t: string, i: number) => number) => {
    try {
      return f(t, i);
    } catch (e) {
      assert.ok(e instanceof JsonScanError, `${String(e)}`);
      return e.message;
    }
  };
  return [run(smallValueEnd), run(valueEnd)];
}

describe("smallValueEnd", () => {
  it("ends objects and arrays where valueEnd does: escapes, brackets in strings, whitespace", () => {
    const cases: [string, number][] = [
      [`{"a":[1,{"b":"x\\"}]"}],"c":null}  , "next"`, 32],
      [`{ "k\\u0041" : "x\\\\" , "o" : { } , "n" : -1.5e3 }`, 48],
      [`[1,2,[3,[4]],"]"]`, 17],
      [`{}`, 2],
      [`[]`, 2],
      [`"a string"`, 10],
      [`12.5,`, 4],
    ];
    for (const [t, end] of cases) assert.deepEqual(ends(t), [end, end], t);
  });

  it("follows nesting deeper than its expression (10 levels) by the loop", () => {
    const t = `${'{"a":'.repeat(10)}[1]${"}".repeat(10)},`;
    assert.deepEqual(ends(t), [t.length - 1, t.length - 1]);
  });

  it("ends a value of 21 MB (too long for the expression's stack) where valueEnd does", () => {
    const t = `{"a":[${'"xx",1,'.repeat(3_000_000)}0]}`;
    assert.deepEqual(ends(t), [t.length, t.length]);
  });

  it("fails as valueEnd does on an unbalanced object or an unterminated string", () => {
    assert.deepEqual(ends(`{"a":[}`), ["unbalanced object at position 0", "unbalanced object at position 0"]);
    assert.deepEqual(ends(`x {"a":"b}`, 2), ["unterminated string at position 7", "unterminated string at position 7"]);
  });
});
