/**
 * Validating files on disk written by this package in both conventions (Zarr v3 and legacy v2), with
 * a hand-written namespace cached in the file: the catalog comes from the file's cache, dtypes and
 * shapes from metadata, and reference datasets (plain and compound fields) are read to check their
 * targets — only as many elements as `maxReferenceElements` allows.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { ReferenceBuilder, ZarrIO, type GroupBuilder } from "../../../src/index.js";
import type { ValidationFinding } from "../../../src/validate/index.js";
import { catalogForFile, validate } from "../../../src/io/validate-file.js";
import { validTree, vtCatalog } from "./schema.js";
import { tempFolders } from "../../helpers/temp-folders.js";
import { FORMATS } from "../../helpers/store-files.js";

const temp = tempFolders("validate-stored");
after(() => temp.cleanup());

async function written(root: GroupBuilder, format: 2 | 3): Promise<string> {
  const path = `${temp.make()}/file.zarr`;
  const io = new ZarrIO(path, "w", { zarrFormat: format });
  await io.writeBuilder(root, { cacheSpec: [vtCatalog().toCached("vt")] });
  await io.close();
  return path;
}

const brief = (f: ValidationFinding) => `${f.severity} ${f.kind} ${f.path} ${f.type}`;

for (const format of FORMATS) {
  describe(`files written in Zarr v${format}`, () => {
    it("a valid tree validates clean against the namespace cached in the file", async () => {
      const path = await written(validTree(), format);
      const io = new ZarrIO(path, "r");
      try {
        const catalog = await catalogForFile(io);
        assert.deepEqual(catalog.namespaces, ["vt"]);
        assert.equal(catalog.getNamespace("vt").version, "1.0.0");
      } finally {
        await io.close();
      }
      assert.deepEqual(await validate(path), []);
    });

    it("stored references to the wrong type, in a reference dataset and a compound field", async () => {
      const root = validTree();
      (root.datasets.get("refs")!.data as unknown[])[1] = new ReferenceBuilder(root.groups.get("o2")!);
      (root.datasets.get("pairs")!.data as { thing: unknown }[])[0].thing = new ReferenceBuilder(root.groups.get("o1")!);
      const findings = await validate(await written(root, format));
      assert.deepEqual(findings.map(brief), ["error reference-target /pairs Pairs", "error reference-target /refs RefCol"]);
      assert.equal(findings[1].message, "element 1 points to /o2, 'Other', but must point to 'Thing' or a subtype");
    });

    it("reads at most maxReferenceElements references (the first rows)", async () => {
      const root = validTree();
      const refs = root.datasets.get("refs")!;
      const t = root.groups.get("thing")!;
      refs.data = [new ReferenceBuilder(t), new ReferenceBuilder(t), new ReferenceBuilder(root.groups.get("o1")!)];
      const path = await written(root, format);
      assert.deepEqual(await validate(path, { maxReferenceElements: 2 }), []);
      assert.deepEqual((await validate(path, { maxReferenceElements: 3 })).map(brief), ["error reference-target /refs RefCol"]);
    });

    it("stored dtypes and isodatetime text are checked from the file", async () => {
      const root = validTree();
      root.datasets.get("col_a")!.dtype = "uint16";
      root.datasets.get("col_a")!.data = [1, 2, 3];
      root.datasets.get("stamp")!.data = "2020-01-02T03:04:05";
      const findings = await validate(await written(root, format));
      assert.deepEqual(findings.map(brief), ["error dtype /col_a IntCol", "error timezone /stamp Holder"]);
      assert.equal(findings[0].message, "expected dtype 'int', found 'uint16'");
    });
  });
}
