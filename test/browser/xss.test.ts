/**
 * A store whose group names, attribute names and values and string data carry script payloads
 * (`<img onerror>`, `<script>`, `<svg onload>`, `javascript:` URLs) is browsed in a real JupyterLab:
 * every payload is visible as text, no element comes from them, no script runs (`window.__xss`
 * stays unset) and no dialog opens.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { cssString, openFromFileBrowser, selectNode } from "./browser-dom.js";
import { ARTIFACTS, labPerFile } from "./lab.js";
import { XSS, writeHostile } from "./stores.js";


const session = labPerFile((contents) => writeHostile(join(contents, "hostile.zarr")));
const skipped = (t: TestContext) => session.skipped(t);

const GROUP = `/${XSS.img}`;
const DATASET = `${GROUP}/${XSS.nameScript}`;

describe("hostile store in the store browser", () => {
  it("shows every payload as text and runs none", async (t) => {
    if (skipped(t)) return;
    const { page, dialogs } = await session.lab.open();
    try {
      const browser = await openFromFileBrowser(page, "hostile.zarr");
      // The root's attribute: a name and a value that are markup.
      const rootAttrs = (await browser.locator(".jp-HdmfZarr-attributes").first().textContent()) ?? "";
      assert.ok(rootAttrs.includes(XSS.img) && rootAttrs.includes(XSS.script), `root attributes as text: ${rootAttrs}`);

      await selectNode(browser, GROUP);
      const groupItem = browser.locator(`.jp-HdmfZarr-treeItem[data-path="${cssString(GROUP)}"]`).first();
      assert.ok(((await groupItem.textContent()) ?? "").includes(XSS.img), "the group name is shown as text in the tree");
      const groupAttrs = (await browser.locator(".jp-HdmfZarr-attributes").first().textContent()) ?? "";
      for (const s of [XSS.quoted, XSS.script, XSS.url]) assert.ok(groupAttrs.includes(s), `group attribute text ${s}`);

      await selectNode(browser, DATASET);
      const inspect = (await browser.locator(".jp-HdmfZarr-inspect").first().textContent()) ?? "";
      for (const s of [XSS.script, XSS.img, XSS.url, XSS.svg]) assert.ok(inspect.includes(s), `dataset attributes/type show ${s}`);

      await browser.locator('button[data-tab="display"]').click();
      const table = browser.locator(".jp-HdmfZarr-display table.jp-HdmfZarr-table").first();
      await table.waitFor({ timeout: 30_000 });
      const cells = (await table.locator("td").allTextContents()).join("\n");
      for (const s of [XSS.script, XSS.img, XSS.url, XSS.quoted, XSS.svg]) assert.ok(cells.includes(s), `string data shows ${s}`);
      await page.screenshot({ path: join(ARTIFACTS, "xss-store.png") });

      // The link whose name is a payload is listed and navigates inside the browser.
      const linkPath = `${GROUP}/${XSS.quoted}`;
      const link = browser.locator(`.jp-HdmfZarr-treeItem[data-path="${cssString(linkPath)}"]`).first();
      await link.waitFor({ state: "attached" });
      assert.ok(((await link.textContent()) ?? "").includes(XSS.quoted));

      await page.waitForTimeout(1000);
      // Nothing from the file became an element or a URL, and no handler ran.
      // Evaluated in the page (a string: this file is compiled without the DOM library).
      const injected = await page.evaluate(`({
        xss: window.__xss,
        imgs: document.querySelectorAll('.jp-HdmfZarr-browser img[src="x"]').length,
        scripts: document.querySelectorAll(".jp-HdmfZarr-browser script, .jp-HdmfZarr-browser svg[onload]").length,
        handlers: document.querySelectorAll(".jp-HdmfZarr-browser [onerror], .jp-HdmfZarr-browser [onload]").length,
        jsLinks: [...document.querySelectorAll(".jp-HdmfZarr-browser a")].filter((a) => /^\\s*javascript:/i.test(a.getAttribute("href") ?? "")).length,
      })`);
      assert.deepEqual(injected, { xss: undefined, imgs: 0, scripts: 0, handlers: 0, jsLinks: 0 });
      assert.deepEqual(dialogs, [], "no dialog opened");
    } finally {
      await page.close();
    }
  });
});
