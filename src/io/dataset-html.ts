/**
 * The slot behind `ZarrIO.generateDatasetHtml`. The display layer (src/repr) renders the table,
 * but the I/O layer must not import it: the package entry (src/index.ts) installs the renderer here.
 */
import { DisplayNotLoadedError } from "../errors.js";

/** Renders an array's info table and preview as HTML (src/repr's `generateDatasetHtml`). */
export type DatasetHtmlRenderer = (array: unknown) => Promise<string>;

let renderer: DatasetHtmlRenderer | undefined;

/** Install the renderer behind `ZarrIO.generateDatasetHtml` (the package entry does it when loaded). */
export function installDatasetHtml(render: DatasetHtmlRenderer): void {
  renderer = render;
}

/** The installed renderer; DisplayNotLoadedError when the display layer was never loaded. */
export function datasetHtmlRenderer(): DatasetHtmlRenderer {
  if (renderer) return renderer;
  throw new DisplayNotLoadedError(
    "ZarrIO.generateDatasetHtml needs the display layer, which is not loaded: import the package entry " +
      "('hdmf-zarr'), or call generateDatasetHtml from the display layer (src/repr) directly",
  );
}
