/**
 * A decode worker frees a chunk it decoded whole as soon as the chunk is copied into the output
 * (decode-into.ts `releaseDecoded`), and never memory that something else still holds.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { releaseDecoded } from "../../../src/zarr/decode-into.js";

describe("releaseDecoded: a decoded chunk's memory given back once it is copied", () => {
  const canDetach = typeof (ArrayBuffer.prototype as { transfer?: unknown }).transfer === "function";
  it("frees a chunk's own buffer (a spare byte allowed), never the stored bytes', a part of a buffer or a small one", { skip: !canDetach && "this Node cannot detach a buffer" }, () => {
    const stored = new Uint8Array(2 << 20);
    const own = new Float32Array(new ArrayBuffer((2 << 20) + 1), 0, (2 << 20) / 4);
    const overStored = new Float32Array(stored.buffer);
    const part = new Uint8Array(new ArrayBuffer(4 << 20), 0, 2 << 20);
    const small = new Uint8Array(1000);
    for (const d of [own, overStored, part, small]) releaseDecoded(d, stored);
    assert.equal(own.length, 0, "the chunk's own buffer is detached");
    assert.equal(overStored.length, (2 << 20) / 4);
    assert.equal(stored.length, 2 << 20);
    assert.equal(part.length, 2 << 20);
    assert.equal(small.length, 1000);
    // A shared output and WebAssembly memory cannot be detached: left as they are, no error.
    const shared = new Uint8Array(new SharedArrayBuffer(2 << 20));
    releaseDecoded(shared, stored);
    assert.equal(shared.length, 2 << 20);
  });
});
