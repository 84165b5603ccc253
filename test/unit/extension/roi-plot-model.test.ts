import { test } from "node:test";
import assert from "node:assert/strict";
import { cornerPoint, zoomView, type CellFrame } from "../../../src/extension/view/model/cell-frame.js";
import { maskBounds, maskOutline, maskRings, ringsPath, type MaskPlane } from "../../../src/extension/view/model/roi-masks.js";

/** A mask from rows of "#" (inside) and "." (outside). */
function mask(...rows: string[]): MaskPlane {
  const width = rows[0].length;
  return { width, height: rows.length, values: Float64Array.from(rows.join("").split(""), (c) => (c === "#" ? 1 : 0)) };
}

/** Pixels inside the rings by the even-odd rule, tested at each pixel's centre. */
function filled(rings: number[][], width: number, height: number): string[] {
  const inside = (px: number, py: number) => {
    let odd = false;
    for (const ring of rings)
      for (let i = 0, n = ring.length / 2; i < n; i++) {
        const [ax, ay, bx, by] = [ring[i * 2], ring[i * 2 + 1], ring[((i + 1) % n) * 2], ring[((i + 1) % n) * 2 + 1]];
        if (ay > py !== by > py && px < ax + ((py - ay) / (by - ay)) * (bx - ax)) odd = !odd;
      }
    return odd;
  };
  return Array.from({ length: height }, (_, y) => Array.from({ length: width }, (_, x) => (inside(x + 0.5, y + 0.5) ? "#" : ".")).join(""));
}

/** The length of the rings' edges (each side of a pixel counts 1). */
function perimeter(rings: number[][]): number {
  let n = 0;
  for (const ring of rings)
    for (let i = 0, k = ring.length / 2; i < k; i++) n += Math.abs(ring[((i + 1) % k) * 2] - ring[i * 2]) + Math.abs(ring[((i + 1) % k) * 2 + 1] - ring[i * 2 + 1]);
  return n;
}

test("a square mask is one ring of its four corners, clockwise on screen", () => {
  const m = mask("....", ".##.", ".##.", "....");
  assert.deepEqual(maskRings(m), [[1, 1, 3, 1, 3, 3, 1, 3]]);
});

test("rings cover exactly the mask's pixels and run along its outline", () => {
  const shapes = [
    mask("###.", "#...", "#..."), // an L: six corners
    mask("#####", "#...#", "#.#.#", "#...#", "#####"), // a hole with an island in it
    mask("#..", ".#.", "..#"), // pixels touching at corners only
    mask("##.#", "#.##", "####"),
  ];
  for (const m of shapes) {
    const rings = maskRings(m);
    const rows = Array.from({ length: m.height }, (_, y) => Array.from({ length: m.width }, (_, x) => (m.values[y * m.width + x] ? "#" : ".")).join(""));
    assert.deepEqual(filled(rings, m.width, m.height), rows);
    assert.equal(perimeter(rings), maskOutline(m).length, "as long as the outline's edges");
  }
  assert.equal(maskRings(shapes[0])[0].length / 2, 6, "the L turns six times");
  assert.equal(maskRings(shapes[1]).length, 3, "outer edge, hole, island");
  assert.deepEqual(maskRings(mask("...", "...")), []);
});

test("the rings' box is the mask's box, one pixel wider at the far ends", () => {
  const m = mask("......", "..##..", ".####.", "..#...", "......");
  const b = maskBounds(m)!;
  const xs = maskRings(m).flatMap((r) => r.filter((_, i) => i % 2 === 0)), ys = maskRings(m).flatMap((r) => r.filter((_, i) => i % 2 === 1));
  assert.deepEqual([Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)], [b.x0, b.x1 + 1, b.y0, b.y1 + 1]);
});

test("cell corners map onto the plot area: cell c spans c - 0.5 to c + 0.5 on the scale", () => {
  // Columns 0–19 across 400 px from x = 50; rows 0–15 down 320 px from y = 10.
  const f: CellFrame = { xMin: -0.5, xMax: 19.5, yMin: -0.5, yMax: 15.5, left: 50, top: 10, width: 400, height: 320 };
  assert.deepEqual(cornerPoint(f, 0, 0), [50, 10]);
  assert.deepEqual(cornerPoint(f, 20, 16), [450, 330]);
  assert.deepEqual(cornerPoint(f, 5, 4), [150, 90]);
  // Zoomed to columns 4.5–9.5: corner 5 at the left edge, 10 at the right.
  const z = { ...f, xMin: 4.5, xMax: 9.5 };
  assert.deepEqual([cornerPoint(z, 5, 0)[0], cornerPoint(z, 10, 0)[0]], [50, 450]);
  assert.equal(ringsPath([[1, 1, 3, 1, 3, 3, 1, 3]], (x, y) => cornerPoint(f, x, y)), "M70 30 L110 30 L110 70 L70 70 Z");
  assert.equal(ringsPath([[0, 0, 1, 0, 1, 1], [2, 2, 3, 2, 3, 3]], (x, y) => [x / 3, y]), "M0 0 L0.33 0 L0.33 1 Z M0.67 2 L1 2 L1 3 Z");
});

test("the wheel zooms about the pointer and zooms out no further than the array", () => {
  const limits = { rows: 100, cols: 200, maxRows: 100, maxCols: 200 };
  const v = { r0: 0, r1: 100, c0: 0, c1: 200 };
  // In by 1/2 about row 50, column 40: the pointer keeps its place (a quarter across stays at 40).
  assert.deepEqual(zoomView(v, 0.5, 50, 40, limits), { r0: 25, r1: 75, c0: 20, c1: 120 });
  // Out from a zoomed view near the corner: the same size grows, pushed back inside the array.
  assert.deepEqual(zoomView({ r0: 0, r1: 50, c0: 150, c1: 200 }, 1.5, 10, 190, limits), { r0: 0, r1: 75, c0: 125, c1: 200 });
  // Out past the whole array: the whole array.
  assert.deepEqual(zoomView({ r0: 10, r1: 90, c0: 10, c1: 190 }, 2, 50, 100, limits), v);
  // A view reading at most 50 × 50 cells grows no further than that.
  assert.deepEqual(zoomView({ r0: 0, r1: 40, c0: 0, c1: 40 }, 2, 20, 20, { ...limits, maxRows: 50, maxCols: 50 }), { r0: 0, r1: 50, c0: 0, c1: 50 });
});
