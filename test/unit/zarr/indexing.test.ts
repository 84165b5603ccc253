import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidArgumentError } from "../../../src/errors.js";
import { chunkKey, parseChunkKey } from "../../../src/zarr/chunk-key.js";
import {
  copyRegion,
  coversChunk,
  cStrides,
  fillRegion,
  normaliseEntry,
  planSelection,
  slice,
  type DimRange,
  type Selection,
} from "../../../src/zarr/indexing.js";

const where = { store: "mem", path: "/data" };

/** Python's range(*slice(start, stop, step).indices(n)), written the obvious way. */
function pyIndices(n: number, start: number | null, stop: number | null, step = 1): number[] {
  const norm = (v: number | null, dflt: number) => (v === null ? dflt : v < 0 ? Math.max(0, v + n) : Math.min(v, n));
  const lo = norm(start, 0);
  const hi = norm(stop, n);
  const out: number[] = [];
  for (let i = lo; i < hi; i += step) out.push(i);
  return out;
}

function rangeIndices(r: DimRange): number[] {
  return Array.from({ length: r.count }, (_, k) => r.start + k * r.step);
}

describe("normaliseEntry (Python slice semantics)", () => {
  const cases: [number | null, number | null, number][] = [
    [null, null, 1], [2, 7, 1], [-3, null, 1], [null, -2, 1], [-100, 100, 1], [8, 2, 1],
    [1, null, 3], [null, null, 4], [-7, -1, 2], [5, 5, 1], [11, 20, 1], [0, 10, 20], [3, -3, 5],
  ];
  for (const [start, stop, step] of cases) {
    it(`slice(${start}, ${stop}, ${step}) over 10`, () => {
      const r = normaliseEntry(slice(start, stop, step), 10, 0, where);
      assert.deepEqual(rangeIndices(r), pyIndices(10, start, stop, step));
      assert.equal(r.dropped, false);
    });
  }

  it("slice(stop) with one argument is a stop, as in Python", () => {
    assert.deepEqual(slice(4), { start: null, stop: 4, step: null });
    assert.deepEqual(rangeIndices(normaliseEntry(slice(4), 10, 0, where)), [0, 1, 2, 3]);
    assert.deepEqual(rangeIndices(normaliseEntry(slice(), 3, 0, where)), [0, 1, 2]);
  });

  it("integers: negative from the end, dimension dropped", () => {
    assert.deepEqual(normaliseEntry(-1, 10, 0, where), { start: 9, step: 1, count: 1, dropped: true });
    assert.deepEqual(normaliseEntry(0, 10, 0, where), { start: 0, step: 1, count: 1, dropped: true });
    assert.deepEqual(normaliseEntry(-10, 10, 0, where), { start: 0, step: 1, count: 1, dropped: true });
  });

  it("out-of-bounds integers name the array and the dimension", () => {
    for (const i of [10, -11, 99]) {
      assert.throws(() => normaliseEntry(i, 10, 2, where), (e: unknown) => {
        assert.ok(e instanceof InvalidArgumentError);
        assert.match(e.message, /'\/data' in 'mem'/);
        assert.match(e.message, /dimension 2 of size 10/);
        return true;
      });
    }
    assert.throws(() => normaliseEntry(0, 0, 0, where), InvalidArgumentError);
  });

  it("rejects negative or zero steps and non-integers", () => {
    assert.throws(() => normaliseEntry(slice(null, null, -1), 10, 0, where), /steps must be >= 1/);
    assert.throws(() => normaliseEntry(slice(null, null, 0), 10, 0, where), InvalidArgumentError);
    assert.throws(() => normaliseEntry(1.5, 10, 0, where), InvalidArgumentError);
    assert.throws(() => normaliseEntry(slice(0.5, 3), 10, 0, where), InvalidArgumentError);
    assert.throws(() => normaliseEntry("1" as never, 10, 0, where), InvalidArgumentError);
  });

  it("zero-length dimensions select nothing", () => {
    assert.equal(normaliseEntry(null, 0, 0, where).count, 0);
    assert.equal(normaliseEntry(slice(-5, 5), 0, 0, where).count, 0);
  });
});

describe("planSelection", () => {
  it("computes the output shape, dropping integer dimensions", () => {
    const p = planSelection([1, slice(2, 9, 3)], [4, 10, 6], [2, 4, 4], where);
    assert.deepEqual(p.shape, [3, 6]);
    assert.deepEqual(p.fullShape, [1, 3, 6]);
    assert.equal(p.size, 18);
  });

  it("rejects a selection with more entries than dimensions", () => {
    assert.throws(() => planSelection([0, 0], [5], [2], where), (e: unknown) =>
      e instanceof InvalidArgumentError && /2 entries but the array has 1 dimension/.test(e.message) && /\/data/.test(e.message));
    assert.throws(() => planSelection([0], [], [], where), InvalidArgumentError);
  });

  it("lists the chunks touched, with positions inside each chunk and in the output", () => {
    const p = planSelection([slice(3, 10, 2)], [12], [4], where);
    // positions 3,5,7,9 → chunk 0: [3], chunk 1: [5,7], chunk 2: [9]
    assert.deepEqual([...p.projections()], [
      { coords: [0], chunkSel: [{ start: 3, step: 2, count: 1 }], outSel: [{ start: 0, step: 1, count: 1 }] },
      { coords: [1], chunkSel: [{ start: 1, step: 2, count: 2 }], outSel: [{ start: 1, step: 1, count: 2 }] },
      { coords: [2], chunkSel: [{ start: 1, step: 2, count: 1 }], outSel: [{ start: 3, step: 1, count: 1 }] },
    ]);
  });

  it("skips chunks a large step jumps over", () => {
    const p = planSelection([slice(1, null, 7)], [30], [3], where);
    // positions 1, 8, 15, 22, 29 → chunks 0, 2, 5, 7, 9
    assert.deepEqual([...p.projections()].map((x) => x.coords[0]), [0, 2, 5, 7, 9]);
    assert.deepEqual([...p.projections()].map((x) => x.chunkSel[0].start), [1, 2, 0, 1, 2]);
  });

  it("0-d arrays: one chunk with coordinates []", () => {
    const p = planSelection([], [], [], where);
    assert.deepEqual(p.shape, []);
    assert.equal(p.size, 1);
    assert.deepEqual([...p.projections()], [{ coords: [], chunkSel: [], outSel: [] }]);
    assert.deepEqual([...planSelection(null, [], [], where).projections()].length, 1);
  });

  it("zero-length dimensions touch no chunk", () => {
    const p = planSelection(null, [0], [1], where);
    assert.deepEqual(p.shape, [0]);
    assert.equal(p.size, 0);
    assert.deepEqual([...p.projections()], []);
    assert.deepEqual([...planSelection([slice(0, 2)], [3, 0], [2, 4], where).projections()], []);
    // a chunk size of 0 on an empty dimension (allowed by zarr-python 2) does not divide by zero
    assert.deepEqual([...planSelection(null, [0, 5], [0, 5], where).projections()], []);
  });

  it("detects selections that cover a chunk, edge chunks included", () => {
    const shape = [10, 7];
    const chunks = [4, 4];
    const proj = (sel: Selection | null) => [...planSelection(sel, shape, chunks, where).projections()];
    const all = proj(null);
    assert.equal(all.length, 6);
    assert.ok(all.every((p) => coversChunk(p, shape, chunks)));
    // rows 0..3 of column chunk 1 (cols 4..6, an edge chunk) are covered; rows 1..3 are not
    assert.equal(coversChunk(proj([slice(0, 4), slice(4, 7)])[0], shape, chunks), true);
    assert.equal(coversChunk(proj([slice(1, 4), slice(4, 7)])[0], shape, chunks), false);
    assert.equal(coversChunk(proj([slice(0, 4, 2), null])[0], shape, chunks), false);
    assert.equal(coversChunk(proj([slice(8, 10), null])[0], shape, chunks), true);
  });
});

/** Reference: gather a selection element by element from a C-order array. */
function naiveSelect(data: number[], shape: number[], sel: Selection): number[] {
  const per = shape.map((n, d) => rangeIndices(normaliseEntry(sel[d] ?? null, n, d, where)));
  const strides = cStrides(shape);
  const out: number[] = [];
  const rec = (d: number, off: number) => {
    if (d === shape.length) return void out.push(data[off]);
    for (const i of per[d]) rec(d + 1, off + i * strides[d]);
  };
  rec(0, 0);
  return out;
}

/** Cut an array into chunks (edge chunks padded with -1) and gather a selection through the plan. */
function chunkedSelect(data: Float64Array, shape: number[], chunks: number[], sel: Selection): { shape: number[]; data: number[] } {
  const plan = planSelection(sel, shape, chunks, where);
  const out = new Float64Array(plan.size);
  const strides = cStrides(shape);
  for (const p of plan.projections()) {
    const chunk = new Float64Array(chunks.reduce((a, b) => a * b, 1)).fill(-1);
    const cs = cStrides(chunks);
    chunk.forEach((_, flat) => {
      let off = 0;
      let inside = true;
      for (let d = 0; d < shape.length; d++) {
        const g = p.coords[d] * chunks[d] + Math.floor(flat / cs[d]) % chunks[d];
        if (g >= shape[d]) inside = false;
        off += g * strides[d];
      }
      if (inside) chunk[flat] = data[off];
    });
    copyRegion(chunk, chunks, p.chunkSel, out, plan.fullShape, p.outSel);
  }
  return { shape: plan.shape, data: [...out] };
}

describe("copyRegion through a plan equals element-by-element selection", () => {
  const cases: [number[], number[], Selection][] = [
    [[17], [5], [slice(2, 15)]],
    [[17], [5], [slice(-4, null)]],
    [[17], [5], [slice(null, null, 3)]],
    [[17], [4], [-2]],
    [[9, 11], [4, 3], []],
    [[9, 11], [4, 3], [slice(1, 8), slice(2, 10, 2)]],
    [[9, 11], [4, 3], [null, 5]],
    [[9, 11], [4, 3], [-1, slice(-5)]],
    [[9, 11], [9, 11], [slice(0, 5)]],
    [[9, 11], [3, 11], [slice(1, 7)]],
    [[6, 5, 7], [2, 5, 7], [slice(1, 6), null, null]],
    [[6, 5, 7], [4, 2, 3], [slice(null, null, 2), 3, slice(1, null, 3)]],
    [[6, 5, 7], [4, 2, 3], [1, 2, 3]],
    [[40, 40], [16, 40], [slice(3, 37), null]],
  ];
  for (const [shape, chunks, sel] of cases) {
    it(`shape ${JSON.stringify(shape)} chunks ${JSON.stringify(chunks)} selection ${JSON.stringify(sel)}`, () => {
      const n = shape.reduce((a, b) => a * b, 1);
      const data = Float64Array.from({ length: n }, (_, i) => i * 1.5);
      const got = chunkedSelect(data, shape, chunks, sel);
      assert.deepEqual(got.data, naiveSelect([...data], shape, sel));
    });
  }
});

describe("copyRegion / fillRegion", () => {
  it("copies contiguous runs of typed arrays into an offset region", () => {
    const src = Int32Array.from({ length: 64 }, (_, i) => i);
    const dst = new Int32Array(4 * 40).fill(-1);
    copyRegion(
      src, [2, 32], [{ start: 0, step: 1, count: 2 }, { start: 0, step: 1, count: 32 }],
      dst, [4, 40], [{ start: 1, step: 1, count: 2 }, { start: 5, step: 1, count: 32 }],
    );
    assert.deepEqual([...dst.subarray(40, 45)], [-1, -1, -1, -1, -1]);
    assert.deepEqual([...dst.subarray(45, 77)], [...src.subarray(0, 32)]);
    assert.deepEqual([...dst.subarray(77, 85)], new Array(8).fill(-1));
    assert.deepEqual([...dst.subarray(85, 117)], [...src.subarray(32, 64)]);
    assert.equal(dst[0], -1);
    assert.equal(dst[159], -1);
  });

  it("copies a strided source into a plain array", () => {
    const src = Float64Array.from({ length: 20 }, (_, i) => i / 2);
    const out: unknown[] = new Array(4).fill(null);
    copyRegion(src, [20], [{ start: 1, step: 5, count: 4 }], out, [4], [{ start: 0, step: 1, count: 4 }]);
    assert.deepEqual(out, [0.5, 3, 5.5, 8]);
  });

  it("fills a strided region and leaves the rest", () => {
    const a = new Float32Array(12);
    fillRegion(a, [3, 4], [{ start: 1, step: 1, count: 2 }, { start: 0, step: 2, count: 2 }], 7);
    assert.deepEqual([...a], [0, 0, 0, 0, 7, 0, 7, 0, 7, 0, 7, 0]);
    const s: unknown[] = new Array(6).fill("");
    fillRegion(s, [2, 3], [{ start: 0, step: 1, count: 2 }, { start: 1, step: 1, count: 2 }], "x");
    assert.deepEqual(s, ["", "x", "x", "", "x", "x"]);
    const z = [0];
    fillRegion(z, [], [], 5);
    assert.deepEqual(z, [5]);
  });

  it("copies BigInt64Array runs and plain-array runs", () => {
    const src = BigInt64Array.from({ length: 40 }, (_, i) => BigInt(i) * 10n ** 15n);
    const dst = new BigInt64Array(40);
    copyRegion(src, [2, 20], [{ start: 0, step: 1, count: 2 }, { start: 0, step: 1, count: 20 }], dst, [2, 20], [{ start: 0, step: 1, count: 2 }, { start: 0, step: 1, count: 20 }]);
    assert.deepEqual(dst, src);
    const words = ["a", "b", "c", "d", "e", "f"];
    const out: unknown[] = ["", "", ""];
    copyRegion(words, [2, 3], [{ start: 1, step: 1, count: 1 }, { start: 0, step: 1, count: 3 }], out, [1, 3], [{ start: 0, step: 1, count: 1 }, { start: 0, step: 1, count: 3 }]);
    assert.deepEqual(out, ["d", "e", "f"]);
  });
});

describe("copyRegion of short runs (copied as 32-bit words) equals an element-by-element copy", () => {
  /** The region [rows × cols] of a [R × C] chunk at (r0, c0), into a [R2 × C2] output at (o0, p0). */
  function both<T extends Int8Array | Uint8Array | Int16Array | Float32Array | Float64Array | BigInt64Array>(
    make: (n: number) => T, chunk: [number, number], out: [number, number], at: [number, number, number, number], count: [number, number],
  ): { got: T; want: T } {
    const src = make(chunk[0] * chunk[1]);
    const got = make(out[0] * out[1]);
    const want = make(out[0] * out[1]);
    const [r0, c0, o0, p0] = at;
    // Byte by byte: an element copy through a JS number may itself change a NaN's bits.
    const k = src.BYTES_PER_ELEMENT;
    const from = new Uint8Array(src.buffer, src.byteOffset, src.byteLength);
    const to = new Uint8Array(want.buffer, want.byteOffset, want.byteLength);
    for (let r = 0; r < count[0]; r++) {
      for (let c = 0; c < count[1]; c++) {
        for (let b = 0; b < k; b++) to[((o0 + r) * out[1] + p0 + c) * k + b] = from[((r0 + r) * chunk[1] + c0 + c) * k + b];
      }
    }
    copyRegion(src, chunk, [{ start: r0, step: 1, count: count[0] }, { start: c0, step: 1, count: count[1] }],
      got, out, [{ start: o0, step: 1, count: count[0] }, { start: p0, step: 1, count: count[1] }]);
    return { got, want };
  }
  const bits = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255);
  it("int16 runs of 64 elements (128 bytes) into a wider output, aligned and at odd columns", () => {
    const make = (n: number) => new Int16Array(bits(2 * n).buffer);
    for (const at of [[0, 0, 2, 64], [3, 0, 1, 65], [1, 1, 0, 3]] as [number, number, number, number][]) {
      const { got, want } = both(make, [10, 64], [14, 192], at, [6, 64 - at[1]]);
      assert.deepEqual(got, want);
    }
  });
  it("uint8 and int8 runs at every byte offset", () => {
    for (let p0 = 0; p0 < 5; p0++) {
      const u = both((n) => bits(n), [5, 100], [7, 300], [1, 2, 2, p0], [4, 96]);
      assert.deepEqual(u.got, u.want);
      const i = both((n) => new Int8Array(bits(n).buffer), [5, 100], [7, 300], [0, 3, 1, p0], [5, 97]);
      assert.deepEqual(i.got, i.want);
    }
  });
  it("float32 and float64 runs keep the bits of every NaN", () => {
    const f32 = both((n) => new Float32Array(Uint32Array.from({ length: n }, (_, i) => 0x7f800001 + i * 977).buffer), [4, 32], [6, 96], [0, 0, 1, 32], [4, 32]);
    assert.deepEqual(new Uint32Array(f32.got.buffer), new Uint32Array(f32.want.buffer));
    const f64 = both((n) => new Float64Array(Uint32Array.from({ length: 2 * n }, (_, i) => (i % 2 ? 0xfff00000 + i : 0x1234 + i)).buffer), [4, 20], [5, 60], [1, 0, 0, 20], [3, 20]);
    assert.deepEqual(new Uint32Array(f64.got.buffer), new Uint32Array(f64.want.buffer));
  });
  it("bigint64 runs and a shared output", () => {
    const b = both((n) => BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * -(10n ** 17n)), [3, 24], [4, 48], [0, 0, 1, 24], [3, 24]);
    assert.deepEqual(b.got, b.want);
    const src = Int16Array.from({ length: 4 * 64 }, (_, i) => i - 100);
    const out = new Int16Array(new SharedArrayBuffer(2 * 4 * 128));
    copyRegion(src, [4, 64], [{ start: 0, step: 1, count: 4 }, { start: 0, step: 1, count: 64 }], out, [4, 128], [{ start: 0, step: 1, count: 4 }, { start: 64, step: 1, count: 64 }]);
    assert.deepEqual([...out.subarray(64, 128)], [...src.subarray(0, 64)]);
    assert.deepEqual([...out.subarray(448, 512)], [...src.subarray(192, 256)]);
    assert.equal(out[0], 0);
  });
  it("a view starting off a word, and a 3-d region whose outer offsets alternate parity", () => {
    const base = bits(4 + 2 * 3 * 40);
    const src = new Int16Array(base.buffer, 2, 3 * 40);
    const out = new Int16Array(3 * 41);
    const want = new Int16Array(3 * 41);
    for (let r = 0; r < 3; r++) for (let c = 0; c < 40; c++) want[r * 41 + c] = src[r * 40 + c];
    copyRegion(src, [3, 40], [{ start: 0, step: 1, count: 3 }, { start: 0, step: 1, count: 40 }], out, [3, 41], [{ start: 0, step: 1, count: 3 }, { start: 0, step: 1, count: 40 }]);
    assert.deepEqual(out, want);
    const cube = Int16Array.from({ length: 3 * 3 * 34 }, (_, i) => i);
    const dst = new Int16Array(3 * 3 * 35);
    const expect = new Int16Array(3 * 3 * 35);
    for (let a = 0; a < 3; a++) for (let r = 0; r < 3; r++) for (let c = 0; c < 34; c++) expect[(a * 3 + r) * 35 + c] = cube[(a * 3 + r) * 34 + c];
    const sel = [{ start: 0, step: 1, count: 3 }, { start: 0, step: 1, count: 3 }, { start: 0, step: 1, count: 34 }];
    copyRegion(cube, [3, 3, 34], sel, dst, [3, 3, 35], sel);
    assert.deepEqual(dst, expect);
  });
});

describe("chunk keys", () => {
  const v3 = { kind: "default", separator: "/" } as const;
  const v3dot = { kind: "default", separator: "." } as const;
  const v2 = { kind: "v2", separator: "." } as const;
  const v2nested = { kind: "v2", separator: "/" } as const;

  it("encodes v3 default, v2 flat and v2 nested keys, including 0-d", () => {
    assert.equal(chunkKey([1, 23], v3), "c/1/23");
    assert.equal(chunkKey([], v3), "c");
    assert.equal(chunkKey([0, 4], v3dot), "c.0.4");
    assert.equal(chunkKey([1, 23], v2), "1.23");
    assert.equal(chunkKey([], v2), "0");
    assert.equal(chunkKey([2, 0, 5], v2nested), "2/0/5");
  });

  it("parses chunk keys back and rejects other keys", () => {
    assert.deepEqual(parseChunkKey("c/1/23", v3, 2), [1, 23]);
    assert.deepEqual(parseChunkKey("c", v3, 0), []);
    assert.deepEqual(parseChunkKey("1.23", v2, 2), [1, 23]);
    assert.deepEqual(parseChunkKey("0", v2, 0), []);
    for (const bad of [".zarray", "zarr.json", "c/1", "1.2.3", "01.2", "c/x/1", "-1.2", "1..2"]) {
      assert.equal(parseChunkKey(bad, bad.startsWith("c") ? v3 : v2, 2), undefined, bad);
    }
  });
});
