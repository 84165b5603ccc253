/**
 * The `zarr-store` file type: folders named `*.zarr` (so `*.nwb.zarr` too) get their own icon and
 * `data-file-type="zarr-store"` in the file browser, which the context-menu item targets.
 * Double-click still enters the folder, as for any directory.
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from "@jupyterlab/application";
import { LabIcon } from "@jupyterlab/ui-components";
import { PACKAGE_NAME, STORE_FILE_TYPE } from "../ids.js";

/** A folder icon with a grid mark: the store, seen as a folder of chunks. */
const STORE_ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="16" viewBox="0 0 24 24">
<path class="jp-icon3 jp-icon-selectable" fill="#616161" d="M10 4H4c-1.1 0-2 .9-2 2v12c0 1.1.9 2 2 2h16c1.1 0 2-.9 2-2V8c0-1.1-.9-2-2-2h-8l-2-2z"/>
<path class="jp-icon-accent0 jp-icon-selectable-inverse" fill="#fff" d="M7 10h3v3H7zm4 0h3v3h-3zm4 0h3v3h-3zM7 14h3v3H7zm4 0h3v3h-3zm4 0h3v3h-3z"/>
</svg>`;

/** The icon of Zarr store folders and of store browser panels. */
export const storeIcon = new LabIcon({ name: `${PACKAGE_NAME}:store`, svgstr: STORE_ICON_SVG });

/** Registers the `zarr-store` directory file type. */
export const fileTypePlugin: JupyterFrontEndPlugin<void> = {
  id: `${PACKAGE_NAME}:file-type`,
  description: "Marks *.zarr folders as Zarr stores in the file browser.",
  autoStart: true,
  activate: (app: JupyterFrontEnd): void => {
    app.docRegistry.addFileType({
      name: STORE_FILE_TYPE,
      displayName: "Zarr store",
      contentType: "directory",
      extensions: [".zarr", ".nwb.zarr"],
      mimeTypes: ["text/directory"],
      icon: storeIcon,
    });
  },
};
