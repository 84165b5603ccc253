/**
 * The store browser commands: "Open in Zarr browser" on `.zarr` folders of the file browser
 * (context menu), and "Open Zarr store…" in the palette for a server path (relative to the
 * server's root, or absolute inside it) or an http(s)/s3 URL — a Zarr store, or a reference file
 * (`.json`, `.lindi.tar`). A store that does not open closes its tab and says why in a dialog.
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from "@jupyterlab/application";
import { Clipboard, ICommandPalette, InputDialog, showErrorMessage, type MainAreaWidget } from "@jupyterlab/apputils";
import { PageConfig } from "@jupyterlab/coreutils";
import { IDefaultFileBrowser } from "@jupyterlab/filebrowser";
import { CommandIds, PACKAGE_NAME, STORE_FILE_TYPE } from "../ids.js";
import { createStorePanel, openFailureMessage, type StoreBrowserPanel } from "../panel.js";
import { panelOptions, storeSource } from "../store-source.js";
import { storeIcon } from "./file-type.js";
import { IBrowserSettingsSource } from "./settings.js";

/** Arguments of the open commands. */
interface OpenArgs {
  /** Server path or URL of the store. */
  path?: string;
  /** Node to show first. */
  initialPath?: string;
}

/** Registers the store browser commands, the context-menu item and the palette entry. */
export const storeBrowserPlugin: JupyterFrontEndPlugin<void> = {
  id: `${PACKAGE_NAME}:store-browser`,
  description: "Browse Zarr stores (server folders or URLs): tree, attributes, dataset facts, previews.",
  autoStart: true,
  requires: [IBrowserSettingsSource],
  optional: [IDefaultFileBrowser, ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    settings: IBrowserSettingsSource,
    fileBrowser: IDefaultFileBrowser | null,
    palette: ICommandPalette | null,
  ): void => {
    const open = (pathOrUrl: string, initialPath?: string): MainAreaWidget<StoreBrowserPanel> => {
      const source = storeSource(pathOrUrl, app.serviceManager.serverSettings, PageConfig.getOption("serverRoot"));
      const widget = createStorePanel(source.name, panelOptions(source, settings.current, { initialPath, copyText: (text) => Clipboard.copyToSystem(text) }));
      app.shell.add(widget, "main");
      app.shell.activateById(widget.id);
      // The tab shows "Opening …" while the metadata loads; a failure leaves no tab behind.
      widget.content.ready.catch((err: unknown) => {
        if (widget.isDisposed) return;
        widget.dispose();
        void showErrorMessage(`Cannot open ${source.name}`, openFailureMessage(source.location, err, source.kind));
      });
      return widget;
    };

    app.commands.addCommand(CommandIds.openInBrowser, {
      label: "Open in Zarr browser",
      caption: "Browse this Zarr store: tree, attributes, dataset facts and previews",
      icon: storeIcon,
      execute: (args) => {
        const { path, initialPath } = args as OpenArgs;
        const target = path ?? fileBrowser?.selectedItems().next()?.value?.path;
        if (!target) return undefined;
        return open(target, initialPath);
      },
    });

    app.commands.addCommand(CommandIds.openStore, {
      label: "Open Zarr store…",
      caption: "Open a Zarr store or a LINDI / kerchunk reference file by server path or http(s):// / s3:// URL",
      icon: storeIcon,
      execute: async (args) => {
        const given = (args as OpenArgs).path;
        if (given) return open(given, (args as OpenArgs).initialPath);
        const answer = await InputDialog.getText({
          title: "Open Zarr store",
          label: "A folder or a .lindi.json / .lindi.tar file on this server, or an https:// or s3:// URL",
          placeholder: "data/session.nwb.zarr or https://host/session.nwb.lindi.json",
        });
        if (!answer.button.accept || !answer.value?.trim()) return undefined;
        return open(answer.value.trim());
      },
    });

    app.contextMenu.addItem({
      command: CommandIds.openInBrowser,
      selector: `.jp-DirListing-item[data-file-type="${STORE_FILE_TYPE}"]`,
      rank: 1,
    });
    palette?.addItem({ command: CommandIds.openStore, category: "HDMF Zarr" });
  },
};
