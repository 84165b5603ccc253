/**
 * Hostile strings in a file never become markup: a file (written to disk in both formats, then
 * read back) whose group, dataset and link names, attribute names and values, type names and
 * string data hold `<script>` and `<img onerror>` shows them only as escaped text.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatasetBuilder, GroupBuilder, LinkBuilder, ZarrIO } from "../../../src/index.js";
import { generateDatasetHtml, toMimeBundle } from "../../../src/repr/index.js";
import { FORMATS } from "../../helpers/store-files.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const SCRIPT = "<script>alert(1)</script>";
const IMG = "<img src=x onerror=alert(1)>";
// Quotes too, to break out of an attribute value if one were left unescaped.
const QUOTED = `"'><img src=x onerror=alert(1)>`;
// Names cannot hold "/" (it separates path parts), so the script tag there is left unclosed.
const NAME_SCRIPT = "<script>alert(1)";

const temp = tempFolders("repr-escape");
after(() => temp.cleanup());

function hostileTree(): GroupBuilder {
  const text = new DatasetBuilder(NAME_SCRIPT, [SCRIPT, IMG, QUOTED], {
    dtype: "text",
    attributes: { [SCRIPT]: IMG, [IMG]: [SCRIPT, QUOTED], neurodata_type: SCRIPT, namespace: IMG },
  });
  const scalar = new DatasetBuilder("scalar", SCRIPT, { dtype: "text" });
  const inner = new GroupBuilder(IMG, {
    datasets: [text, scalar],
    attributes: { [SCRIPT]: SCRIPT, [QUOTED]: QUOTED, neurodata_type: IMG, namespace: SCRIPT, list: [IMG, SCRIPT] },
  });
  const root = new GroupBuilder("root", { groups: [inner], attributes: { [IMG]: SCRIPT } });
  inner.setLink(new LinkBuilder(text, QUOTED));
  return root;
}

/** Every tag of an HTML string, e.g. `<td style="…">`. */
function tags(html: string): string[] {
  return html.match(/<[^>]*>/g) ?? [];
}

function assertSafe(html: string, where: string): void {
  assert.doesNotMatch(html, /<script/i, `${where}: no raw <script`);
  assert.doesNotMatch(html, /<img/i, `${where}: no raw <img`);
  for (const tag of tags(html)) {
    assert.doesNotMatch(tag, /onerror|alert|script/i, `${where}: tag ${tag} holds text from the file`);
    assert.match(tag, /^<\/?(div|span|details|summary|table|thead|tbody|tr|th|td)( (style|class|title|colspan)="[^"<>]*")*( open)?>$/, `${where}: unexpected tag ${tag}`);
  }
}

describe("HTML reprs escape every string from the file", () => {
  for (const format of FORMATS) {
    test(`Zarr v${format}: names, attributes, types and data`, async () => {
      const path = join(temp.make(), `hostile-v${format}.zarr`);
      const writer = new ZarrIO(path, "w", { zarrFormat: format });
      await writer.writeBuilder(hostileTree());
      await writer.close();

      const root = await new ZarrIO(path, "r").readBuilder();
      const group = root.get(IMG) as GroupBuilder;
      const dataset = group.get(NAME_SCRIPT) as DatasetBuilder;
      assert.ok(group instanceof GroupBuilder && dataset instanceof DatasetBuilder, "the hostile names were written and read back");

      const shown = [
        ["file", await toMimeBundle(root, { maxDepth: 5 })],
        ["group", await toMimeBundle(group)],
        ["dataset", await toMimeBundle(dataset)],
        ["scalar", await toMimeBundle(group.get("scalar") as DatasetBuilder)],
        ["link", await toMimeBundle(group.links.get(QUOTED)!)],
      ] as const;
      for (const [what, bundle] of shown) assertSafe(bundle["text/html"], what);
      const info = await generateDatasetHtml(dataset);
      assertSafe(info, "generateDatasetHtml");

      // The strings are there, as text.
      const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
      const datasetHtml = shown[2][1]["text/html"];
      assert.ok(datasetHtml.includes(esc(NAME_SCRIPT)), "the dataset name");
      assert.ok(datasetHtml.includes(esc(SCRIPT)), "an attribute name and the type");
      assert.ok(datasetHtml.includes(`&#39;${esc(SCRIPT)}&#39;`), "string data in the preview");
      assert.ok(datasetHtml.includes(esc(IMG)), "an attribute value");
      assert.ok(shown[1][1]["text/html"].includes(esc(QUOTED)), "a quoted attribute name and the link name");
      assert.ok(shown[0][1]["text/html"].includes(`${esc(IMG)}/`), "the group name in the file tree");
      assert.ok(info.includes(`&#39;${esc(IMG)}&#39;`), "string data in the info preview");
      // The payload keeps the raw strings (a renderer escapes them); the text part is plain text.
      assert.ok(shown[2][1]["text/plain"].includes(SCRIPT));
    });
  }
});
