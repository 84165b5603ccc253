import { test } from "node:test";
import assert from "node:assert/strict";
import { rgbPixels } from "../../../src/extension/view/model/rgb-pixels.js";

test("RGB bytes are painted as they are, opaque", () => {
  const { rgba, scaled } = rgbPixels([0, 50, 255, 100, 101, 102], 2, 3);
  assert.deepEqual([...rgba], [0, 50, 255, 255, 100, 101, 102, 255]);
  assert.equal(scaled, null);
});

test("RGBA keeps its alpha; values outside 0–255 are scaled from their range", () => {
  assert.deepEqual([...rgbPixels([10, 20, 30, 128], 1, 4).rgba], [10, 20, 30, 128]);
  const { rgba, scaled } = rgbPixels([0, 0.5, 1, 1, 0, 0], 2, 3);
  assert.deepEqual(scaled, null, "0–1 lies within 0–255: taken as bytes");
  assert.deepEqual([...rgba], [0, 1, 1, 255, 1, 0, 0, 255]);
  const wide = rgbPixels([-100, 0, 1000, 450, NaN, 1000], 2, 3);
  assert.deepEqual(wide.scaled, [-100, 1000]);
  assert.deepEqual([...wide.rgba], [0, 23, 255, 255, 128, 0, 255, 255], "NaN paints 0");
});
