/** Steps on the store browser's DOM (the `jp-HdmfZarr-` hooks of the view) for the browser tests. */
import type { Locator, Page } from "playwright-core";
import { contextMenu } from "./lab.js";

/** The store browser shown in the main area (other tabs are hidden). */
export function visibleBrowser(page: Page): Locator {
  return page.locator(".jp-HdmfZarr-panel:visible .jp-HdmfZarr-browser");
}

/** Right-click a store in the file browser, "Open in Zarr browser", wait for its tree. */
export async function openFromFileBrowser(page: Page, name: string): Promise<Locator> {
  await contextMenu(page, name, "Open in Zarr browser");
  const browser = visibleBrowser(page);
  await browser.locator('.jp-HdmfZarr-treeItem[data-path="/"]').waitFor({ timeout: 30_000 });
  return browser;
}

/** Expand the tree down to `path` and select it; resolves when the inspect pane shows it. */
export async function selectNode(browser: Locator, path: string): Promise<void> {
  const parts = path.split("/").filter(Boolean);
  for (let i = 0; i < parts.length; i++) {
    const parent = i === 0 ? "/" : `/${parts.slice(0, i).join("/")}`;
    const item = browser.locator(`.jp-HdmfZarr-treeItem[data-path="${cssString(parent)}"]`).first();
    await item.waitFor();
    if ((await item.getAttribute("aria-expanded")) !== "true") await item.locator(":scope > .jp-HdmfZarr-treeRow .jp-HdmfZarr-treeToggle").click();
  }
  const target = browser.locator(`.jp-HdmfZarr-treeItem[data-path="${cssString(path)}"]`).first();
  await target.locator(":scope > .jp-HdmfZarr-treeRow").click();
  await browser.locator('.jp-HdmfZarr-inspect tr[data-key="Path"] td').filter({ hasText: path }).first().waitFor({ state: "attached" });
}

/** Text of a fact row of the inspect pane. */
export async function fact(browser: Locator, label: string): Promise<string> {
  return ((await browser.locator(`.jp-HdmfZarr-inspect tr[data-key="${label}"] td`).first().textContent()) ?? "").trim();
}

/** The integers in a text (`(50, 4)` → [50, 4]). */
export function integers(text: string): number[] {
  return (text.match(/\d+/g) ?? []).map(Number);
}

/** A string escaped for a CSS attribute selector in double quotes. */
export function cssString(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}
