/**
 * HDF5 filter pipelines → Zarr codecs (hdmf-zarr's `hdf5_to_zarr_filters`), and the refusal of
 * filters h5wasm cannot decode.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mapHdf5Filters, UnsupportedHdf5FilterError } from "../../../src/index.js";
import { checkReadable, READABLE_FILTERS } from "../../../src/io/hdf5/filters.js";

const f = (id: number, name: string, cd_values: number[] = []) => ({ id, name, cd_values });

describe("mapHdf5Filters", () => {
  test("shuffle + gzip become shuffle (element size) and zlib (same level), shuffle first", () => {
    const m = mapHdf5Filters([f(1, "deflate", [6]), f(2, "shuffle", [4])], 4, false);
    assert.deepEqual(m.compressors, [
      { name: "numcodecs.shuffle", configuration: { elementsize: 4 } },
      { name: "numcodecs.zlib", configuration: { level: 6 } },
    ]);
    assert.deepEqual(m.v2Filters, [{ id: "shuffle", elementsize: 4 }, { id: "zlib", level: 6 }]);
    assert.deepEqual(m.dropped, []);
  });

  test("blosc (32001) keeps cname, clevel, shuffle and block size from its parameters; zstd (32015) its level", () => {
    const m = mapHdf5Filters([f(32001, "blosc", [2, 2, 8, 4096, 7, 2, 5]), f(32015, "zstd", [9])], 8, false);
    assert.deepEqual(m.compressors, [
      { name: "numcodecs.blosc", configuration: { cname: "zstd", clevel: 7, shuffle: 2, blocksize: 4096 } },
      { name: "numcodecs.zstd", configuration: { level: 9 } },
    ]);
  });

  test("text and references are never shuffled", () => {
    const m = mapHdf5Filters([f(2, "shuffle", [16]), f(1, "deflate", [4])], 16, true);
    assert.deepEqual(m.compressors, [{ name: "numcodecs.zlib", configuration: { level: 4 } }]);
  });

  test("lz4, lzf, bitshuffle, scaleoffset, szip and fletcher32 are dropped, each with a message naming it", () => {
    const dropped = [f(32004, "lz4"), f(32000, "lzf"), f(32008, "bitshuffle"), f(6, "scaleoffset", [0, 2]), f(4, "szip"), f(3, "fletcher32"), f(305, "lzma")];
    const m = mapHdf5Filters(dropped, 4, false);
    assert.deepEqual(m.compressors, []);
    assert.equal(m.dropped.length, 7);
    for (const [i, name] of ["lz4", "lzf", "bitshuffle", "scaleoffset", "szip", "fletcher32", "lzma"].entries()) {
      assert.match(m.dropped[i], new RegExp(`HDF5 ${name} filter \\(id ${dropped[i].id}`));
    }
  });

  test("no filters: no codecs (the writer's defaults apply)", () => {
    assert.deepEqual(mapHdf5Filters([], 8, false), { compressors: [], v2Filters: [], dropped: [] });
  });
});

describe("checkReadable", () => {
  test("gzip, shuffle, fletcher32, nbit and scaleoffset are decoded by h5wasm", () => {
    assert.deepEqual([...READABLE_FILTERS].sort((a, b) => a - b), [1, 2, 3, 5, 6]);
    checkReadable([f(2, "shuffle"), f(1, "deflate", [4]), f(3, "fletcher32")], { store: "x.h5", path: "/a" });
  });

  test("any other filter is refused with an error naming the file, the dataset and the filter id", () => {
    for (const [id, name] of [[32000, "lzf"], [32001, "blosc"], [32015, "zstd"], [4, "szip"]] as const) {
      assert.throws(() => checkReadable([f(1, "deflate"), f(id, name)], { store: "/tmp/x.h5", path: "/acq/data" }), (e: unknown) => {
        assert.ok(e instanceof UnsupportedHdf5FilterError);
        assert.equal(e.filterId, id);
        assert.match(e.message, new RegExp(`^'/acq/data' in '/tmp/x.h5': .*HDF5 filter ${id} \\(${name}\\)`));
        return true;
      });
    }
  });
});
