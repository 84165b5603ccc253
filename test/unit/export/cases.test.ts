/**
 * Every interop case (test/interop/cases), written by our writer in one convention, converted to the
 * other (and exported within its own), reads back with the same values: our reader's dumps of both
 * files are equal once the facts of Zarr itself (chunks, codecs, fill value, data type) and the
 * differences the conventions impose are set aside.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { convert } from "../../../src/io/convert.js";
import { ZarrIO } from "../../../src/index.js";
import { loadCases, writeCase } from "../../interop/ts/cli.js";
import { dumpStore } from "../../interop/ts/dump.js";
import { tempFolder } from "../../helpers/temp-folders.js";

const cases = loadCases(join(__dirname, "..", "..", "interop", "cases"));
const dir = tempFolder("export-cases");
after(() => rmSync(dir, { recursive: true, force: true }));

type J = unknown;

/**
 * A dump without what may differ between two files of the same content: the store name and format,
 * each dataset's `zarr` facts; converted to v3, legacy `bytes` read as text; converted to v2, 0-d
 * references and compounds are one-element arrays (legacy scalars are only numbers and text).
 */
function normalise(doc: Record<string, J>, target: 2 | 3): J {
  const walk = (v: J, key?: string): J => {
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (!v || typeof v !== "object") return v;
    const o = { ...(v as Record<string, J>) };
    if (key === "datasets") return Object.fromEntries(Object.entries(o).map(([k, d]) => [k, dataset(d as Record<string, J>)]));
    for (const k of Object.keys(o)) o[k] = walk(o[k], k);
    return o;
  };
  const dtypeToV3 = (t: J): J =>
    t === "bytes" ? "text" : t && typeof t === "object" ? { compound: (t as { compound: { name: string; dtype: J }[] }).compound.map((f) => ({ ...f, dtype: dtypeToV3(f.dtype) })) } : t;
  const dataset = (d: Record<string, J>): J => {
    const { zarr: _zarr, ...rest } = d;
    const out: Record<string, J> = { ...rest, attributes: walk(rest.attributes) };
    if (out.attributes === undefined) delete out.attributes;
    if (target === 3) out.dtype = dtypeToV3(out.dtype);
    const shape = out.shape as number[];
    if (target === 2 && shape.length === 0 && (out.dtype === "reference" || typeof out.dtype === "object")) {
      out.shape = [1];
      out.data = [out.data];
    }
    return out;
  };
  const { name: _n, zarr_format: _f, ...rest } = doc;
  return walk(rest);
}

for (const [from, to] of [[2, 3], [3, 2], [3, 3], [2, 2]] as const) {
  describe(`interop cases, Zarr v${from} → v${to}`, () => {
    for (const c of cases) {
      const conv = `v${from}` as "v2" | "v3";
      const only = c.conventions && !c.conventions.includes(conv);
      test(c.name, { skip: only ? `case is for ${c.conventions!.join(", ")} only` : false }, async () => {
        const folder = join(dir, `${from}-${to}`);
        const original = await writeCase(c, folder, from);
        const converted = join(folder, `${c.name}.converted.zarr`);
        const summary = await convert(original, converted, { zarrFormat: to });
        assert.equal(summary.zarrFormat, to);
        const io = new ZarrIO(converted, "r");
        assert.equal((await io.readBuilder()) && io.zarrFormat, to);
        await io.close();
        const want = normalise(await dumpStore(original), to);
        const got = normalise(await dumpStore(converted), to);
        assert.deepStrictEqual(got, want);
      });
    }
  });
}
