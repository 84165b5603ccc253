/**
 * ZarrDataIO `compressors` (Zarr v3 spelling) given alone to a legacy Zarr v2 write become the
 * arrays' numcodecs compressors, and hdmf-zarr 0.13 reads every value back through them.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DatasetBuilder, GroupBuilder, ZarrDataIO, ZarrIO } from "../../src/index.js";
import type { CodecJSON } from "../../src/zarr/codecs/types.js";
import { tempFolder } from "../helpers/temp-folders.js";
import { venvPython, pythonReadDatasets } from "../helpers/python.js";

const tmp = tempFolder("interop-legacy-compressors");
after(() => rmSync(tmp, { recursive: true, force: true }));

const values = Int32Array.from({ length: 700 }, (_, i) => ((i * 37) % 211) - 100);
const chosen: Record<string, { compressors: CodecJSON[]; stored: unknown }> = {
  zlib: { compressors: [{ name: "numcodecs.zlib", configuration: { level: 4 } }], stored: { id: "zlib", level: 4 } },
  zstd: { compressors: [{ name: "zstd", configuration: { level: 3, checksum: false } }], stored: { id: "zstd", level: 3 } },
  gzip: { compressors: [{ name: "gzip", configuration: { level: 2 } }], stored: { id: "gzip", level: 2 } },
  blosc: {
    compressors: [{ name: "blosc", configuration: { typesize: 4, cname: "zstd", clevel: 3, shuffle: "bitshuffle", blocksize: 0 } }],
    stored: { id: "blosc", cname: "zstd", clevel: 3, shuffle: 2, blocksize: 0 },
  },
};

describe("hdmf-zarr 0.13 reads legacy arrays written with ZarrDataIO compressors alone", () => {
  const python = venvPython("v2");
  const skip = existsSync(python) ? false : "SKIP: venv v2 missing (bash test/interop/setup-venvs.sh)";
  it("every compressor is stored in numcodecs form and every value reads back", { skip }, async () => {
    const path = join(tmp, "compressors.zarr");
    const io = new ZarrIO(path, "w", { zarrFormat: 2 });
    await io.writeBuilder(new GroupBuilder("root", {
      datasets: Object.entries(chosen).map(([name, c]) =>
        new DatasetBuilder(name, new ZarrDataIO(values, { compressors: c.compressors, chunks: [256] }), { dtype: "int32" })),
    }));
    await io.close();
    const got = pythonReadDatasets(python, path);
    for (const [name, c] of Object.entries(chosen)) {
      assert.deepEqual(JSON.parse(readFileSync(join(path, name, ".zarray"), "utf8")).compressor, c.stored, name);
      assert.equal(got[name].dtype, "int32", name);
      assert.deepEqual(got[name].values, Array.from(values), name);
    }
  });
});
