/** Names the extension registers with JupyterLab: plugin ids, commands, the file type. */

/** Plugin id prefix: the npm package name, as JupyterLab expects for settings schemas. */
export const PACKAGE_NAME = "hdmf-zarr";

/** The plugin whose settings schema is schema/settings.json. */
export const SETTINGS_PLUGIN_ID = `${PACKAGE_NAME}:settings`;

/** The file type of Zarr store folders (`*.zarr`, `*.nwb.zarr`). */
export const STORE_FILE_TYPE = "zarr-store";

/** The file type of LINDI reference files (`*.lindi.json`, `*.nwb.lindi.json`, `*.lindi.tar`). */
export const REFERENCE_FILE_TYPE = "lindi-reference";

/** The document widget factory that opens reference files in the store browser (their default). */
export const REFERENCE_FACTORY = "HDMF Store Browser";

/** Command ids. */
export const CommandIds = {
  /** Open the selected `.zarr` folder of the file browser (or `args.path`) in the store browser. */
  openInBrowser: `${PACKAGE_NAME}:open-in-browser`,
  /** Open the selected LINDI file of the file browser (or `args.path`) in the store browser. */
  openReference: `${PACKAGE_NAME}:open-reference`,
  /** Ask for a server path or an http(s)/s3 URL and open it in the store browser. */
  openStore: `${PACKAGE_NAME}:open-store`,
} as const;
