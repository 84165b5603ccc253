/**
 * The JupyterLab extension of hdmf-zarr: the plugins JupyterLab loads from this package.
 */
import type { JupyterFrontEndPlugin } from "@jupyterlab/application";
import { fileTypePlugin } from "./plugins/file-type.js";
import { mimeRendererPlugin } from "./plugins/mime-renderer.js";
import { referenceFilePlugin } from "./plugins/reference-file.js";
import { settingsPlugin } from "./plugins/settings.js";
import { storeBrowserPlugin } from "./plugins/store-browser.js";

const plugins: JupyterFrontEndPlugin<any>[] = [settingsPlugin, fileTypePlugin, mimeRendererPlugin, storeBrowserPlugin, referenceFilePlugin];

export default plugins;
