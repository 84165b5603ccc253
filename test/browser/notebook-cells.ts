/** Notebooks for the renderer's browser tests: written as files, opened in the lab and run on the tslab kernel. */
import type { Locator, Page } from "playwright-core";
import type { Lab, LabPage } from "./lab.js";

/** A code cell, not run (`outputs` as a kernel would have saved them). */
export function codeCell(id: string, source: string, outputs: unknown[] = []) {
  return { cell_type: "code", id, metadata: {}, execution_count: outputs.length ? 1 : null, outputs, source };
}

/** A notebook on the tslab kernel, unsigned (the server's notary has never seen it). */
export function notebookOf(cells: ReturnType<typeof codeCell>[]) {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" }, language_info: { name: "typescript" } },
    cells,
  };
}

/** The cells of the notebook on screen (the workspace may hold other notebooks, hidden). */
export function visibleCells(page: Page): Locator {
  return page.locator(".jp-Notebook:visible .jp-Cell");
}

/** Open a notebook, wait for the tslab kernel (picking it if JupyterLab asks), and run every cell. */
export async function openAndRunAll(lab: Lab, path: string, log: string[]): Promise<LabPage> {
  const opened = await lab.open(path);
  const { page } = opened;
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") log.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => log.push(`pageerror: ${e.message}`));
  await visibleCells(page).first().waitFor({ timeout: 30_000 });
  const ask = page.locator(".jp-Dialog");
  await ask.waitFor({ timeout: 5_000 }).catch(() => undefined);
  if (await ask.isVisible()) {
    const select = ask.locator("select");
    if (await select.count()) await select.selectOption({ label: "TypeScript" }).catch(() => undefined);
    await ask.locator("button", { hasText: "Select" }).click();
  }
  await page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first().waitFor({ timeout: 60_000 }).catch(() => undefined);
  await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
  await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
  return opened;
}

/**
 * A picture of one output. The notebook lays out cells off screen lazily (`content-visibility`),
 * so cells above it would change size while the picture is taken.
 */
export async function shootOutput(page: Page, output: Locator, path: string): Promise<void> {
  // Every cell laid out for real, so that nothing above the output changes size while it is taken.
  await page.addStyleTag({ content: ".jp-Notebook .jp-Cell { content-visibility: visible !important; contain-intrinsic-size: none !important; }" });
  await output.scrollIntoViewIfNeeded();
  await page.waitForTimeout(1_000);
  const box = await output.boundingBox();
  if (!box) throw new Error(`the output to picture for ${path} is not on screen`);
  await page.screenshot({ path, clip: box });
}
