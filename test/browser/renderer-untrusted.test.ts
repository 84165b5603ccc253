/**
 * Outputs of a notebook the user has not trusted: a notebook file written here (unsigned, so
 * JupyterLab opens it untrusted) holds hdmf-zarr outputs whose payloads name stores — one under
 * the server root, two whose locations climb out of it (`..`, and `%2e%2e` encoded) — and a
 * container. Opened without running a cell, each output shows what its payload holds and the page
 * asks the server for nothing under /files/; the store under the root is read only when the user
 * clicks its button, and only inside its folder; the climbing locations get no button and cause
 * no request at all.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import type { Locator } from "playwright-core";
import { ZarrIO } from "../../src/index.js";
import { DynamicTable } from "../../src/build/index.js";
import { bundleOf, toPayload, type ContainerPayload, type GroupPayload, type ReprPayload } from "../../src/repr/index.js";
import { ARTIFACTS, labPerFile } from "./lab.js";
import { CHUNKED, writeChunked } from "./stores.js";

/** A display_data output as a kernel would have saved it. */
function output(payload: ReprPayload) {
  const bundle = bundleOf(payload);
  return { output_type: "display_data", metadata: {}, data: bundle };
}

const session = labPerFile(async (contents) => {
  const store = join(contents, "chunked.zarr");
  await writeChunked(store);
  const local = (await toPayload(await new ZarrIO(store, "r").readBuilder())) as GroupPayload;
  assert.equal(local.store.location, store);
  const elsewhere = (location: string): GroupPayload => ({ ...local, name: "passwd", store: { ...local.store, location } });
  const table = new DynamicTable({ name: "trials", description: "what the trials were" });
  table.addColumn({ name: "outcome", description: "how it went", data: ["hit", "miss"] });
  const container = { ...((await toPayload(table)) as ContainerPayload), store: { location: store, zarrFormat: 3 as const, type: null } };
  const outputs = [local, elsewhere(`${contents}/../../../../../../../etc/passwd`), elsewhere(`${contents}/%2e%2e/%2e%2e/%2e%2e/etc/passwd`), container];
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    // No signature: the server's notary has never seen this notebook, so it opens untrusted.
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" }, language_info: { name: "typescript" } },
    cells: outputs.map((p, i) => ({
      cell_type: "code", id: `shown-${i}`, metadata: {}, execution_count: i + 1, source: "await display(x);", outputs: [output(p)],
    })),
  };
  writeFileSync(join(contents, "untrusted.ipynb"), JSON.stringify(notebook));
});
const skipped = (t: TestContext) => session.skipped(t);

describe("hdmf-zarr outputs of an untrusted notebook", () => {
  it("show their payload, read no store until asked, and never build a URL from a location that climbs out", async (t) => {
    if (skipped(t)) return;
    const { page, requests } = await session.lab.open("/tree/untrusted.ipynb");
    const filesRequests = () => requests.filter((r) => r.path.includes("/files/"));
    try {
      const outputs = page.locator(".jp-Notebook:visible .jp-Cell .jp-OutputArea-output");
      const bars = page.locator('.jp-Notebook:visible .jp-HdmfZarr-outputBar[data-trusted="false"]');
      await bars.nth(3).waitFor({ timeout: 60_000 });
      assert.equal(await bars.count(), 4, "every output says it shows only the payload");
      assert.equal(await page.locator(".jp-Notebook:visible .jp-RenderedHTMLCommon").count(), 0, "our renderer, not the HTML fallback");
      const out = (i: number): Locator => outputs.nth(i);

      // What the payloads hold is on screen: the store's tree and the container's table rows.
      await out(0).locator('.jp-HdmfZarr-treeItem[data-path="/signal"]').waitFor({ timeout: 30_000 });
      const rows = out(3).locator('[data-kind="table"] tbody tr');
      assert.deepEqual(await rows.locator("td").allTextContents(), ["hit", "miss"]);
      // Time for anything the renderer would fetch on its own.
      await page.waitForTimeout(3_000);
      assert.deepEqual(filesRequests(), [], "nothing read from /files/ before a click");

      // The locations that climb out of the root get no button; the one inside does.
      assert.equal(await out(1).locator('button[data-action="read-store"]').count(), 0);
      assert.equal(await out(2).locator('button[data-action="read-store"]').count(), 0);
      assert.equal(await out(3).locator('button[data-action="read-store"]').count(), 1);
      await page.screenshot({ path: join(ARTIFACTS, "renderer-untrusted.png") });

      // Asked for, the store under the root is read through /files/ — inside its own folder only.
      await out(0).locator('button[data-action="read-store"]').click();
      await out(0).locator('.jp-HdmfZarr-outputBar').waitFor({ state: "hidden", timeout: 30_000 });
      await out(0).locator('.jp-HdmfZarr-treeItem[data-path="/signal"]').waitFor({ timeout: 30_000 });
      assert.ok(filesRequests().some((r) => r.path.endsWith("/files/chunked.zarr/zarr.json")), "the store's metadata was read after the click");
      for (const r of filesRequests()) assert.match(r.path, /\/files\/chunked\.zarr\/[^/]+(\/[^/]+)*$/, `a request inside the store's folder: ${r.path}`);
      // Its values now come from the store: a chunk the payload's preview never held.
      await out(0).locator('.jp-HdmfZarr-treeItem[data-path="/signal"] .jp-HdmfZarr-treeRow').click();
      await out(0).locator('button[data-tab="display"]').click();
      await out(0).locator(".jp-HdmfZarr-display table.jp-HdmfZarr-table td").first().waitFor({ timeout: 30_000 });
      assert.ok(filesRequests().some((r) => /\/files\/chunked\.zarr\/signal\/c\/\d+$/.test(r.path)), "a chunk was read");
      assert.ok(((await out(0).locator(".jp-HdmfZarr-display").textContent()) ?? "").includes(String(CHUNKED.value(49))), "values past the payload's preview are shown");

      assert.deepEqual(requests.filter((r) => /passwd|\/etc\b|\.\./.test(r.path)), [], "no request for a climbing location, to any route");
      assert.doesNotMatch(session.lab.log(), /passwd/);
    } catch (err) {
      await page.screenshot({ path: join(ARTIFACTS, "renderer-untrusted-failure.png") });
      throw new Error(`${(err as Error).message}\nrequests:\n${requests.map((r) => r.path).join("\n").slice(-3000)}\nlab log:\n${session.lab.log().slice(-3000)}`);
    } finally {
      await page.close();
    }
  });
});
