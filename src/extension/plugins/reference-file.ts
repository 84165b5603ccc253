/**
 * LINDI reference files in the file browser: the `lindi-reference` file type (`*.lindi.json`,
 * `*.nwb.lindi.json`, `*.lindi.tar`) with the store icon, opened in the store browser by a
 * double-click (the default widget factory of the type) or "Open in store browser" (context
 * menu). The document's content is never loaded through the contents API: the panel reads the
 * file itself, by Range, as it needs it. A file that does not open keeps its tab and says why.
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from "@jupyterlab/application";
import { Clipboard } from "@jupyterlab/apputils";
import { PageConfig } from "@jupyterlab/coreutils";
import { ABCWidgetFactory, DocumentWidget, TextModelFactory, type DocumentRegistry, type IDocumentWidget } from "@jupyterlab/docregistry";
import { IDefaultFileBrowser } from "@jupyterlab/filebrowser";
import type { Contents } from "@jupyterlab/services";
import { CommandIds, PACKAGE_NAME, REFERENCE_FACTORY, REFERENCE_FILE_TYPE } from "../ids.js";
import { StoreBrowserPanel } from "../panel.js";
import { panelOptions, storeSource } from "../store-source.js";
import { storeIcon } from "./file-type.js";
import { IBrowserSettingsSource } from "./settings.js";

/** The model factory of the store browser documents. */
const MODEL_NAME = `${PACKAGE_NAME}:reference-file`;

/** A model that stays empty: a null file format asks the contents API for the file's facts, not its bytes. */
class MetadataOnlyModelFactory extends TextModelFactory {
  override get name(): string {
    return MODEL_NAME;
  }

  override get fileFormat(): Contents.FileFormat {
    return null;
  }
}

/** Opens a reference file of the server in a store browser panel. */
class ReferenceFileWidgetFactory extends ABCWidgetFactory<IDocumentWidget<StoreBrowserPanel>> {
  constructor(
    private readonly app: JupyterFrontEnd,
    private readonly settings: IBrowserSettingsSource,
  ) {
    super({ name: REFERENCE_FACTORY, label: "Store browser", modelName: MODEL_NAME, fileTypes: [REFERENCE_FILE_TYPE], defaultFor: [REFERENCE_FILE_TYPE], readOnly: true });
  }

  protected createNewWidget(context: DocumentRegistry.Context): IDocumentWidget<StoreBrowserPanel> {
    const source = storeSource(context.localPath, this.app.serviceManager.serverSettings, PageConfig.getOption("serverRoot"));
    const content = new StoreBrowserPanel(panelOptions(source, this.settings.current, { copyText: (text) => Clipboard.copyToSystem(text) }));
    const widget = new DocumentWidget({ content, context });
    widget.addClass("jp-HdmfZarr-mainArea");
    widget.title.icon = storeIcon;
    widget.title.caption = source.location;
    return widget;
  }
}

/** Registers the file type, the store browser as its default viewer, and the context-menu command. */
export const referenceFilePlugin: JupyterFrontEndPlugin<void> = {
  id: `${PACKAGE_NAME}:reference-file`,
  description: "Opens LINDI reference files (.lindi.json, .lindi.tar) of HDF5 NWB files in the store browser.",
  autoStart: true,
  requires: [IBrowserSettingsSource],
  optional: [IDefaultFileBrowser],
  activate: (app: JupyterFrontEnd, settings: IBrowserSettingsSource, fileBrowser: IDefaultFileBrowser | null): void => {
    app.docRegistry.addFileType({
      name: REFERENCE_FILE_TYPE,
      displayName: "LINDI reference file",
      contentType: "file",
      extensions: [".lindi.json", ".nwb.lindi.json", ".lindi.tar"],
      mimeTypes: ["application/json", "application/x-tar"],
      icon: storeIcon,
    });
    app.docRegistry.addModelFactory(new MetadataOnlyModelFactory());
    app.docRegistry.addWidgetFactory(new ReferenceFileWidgetFactory(app, settings));

    app.commands.addCommand(CommandIds.openReference, {
      label: "Open in store browser",
      caption: "Browse this HDF5 NWB file through its LINDI references: tree, attributes, dataset facts and previews",
      icon: storeIcon,
      execute: (args) => {
        const path = (args as { path?: string }).path ?? fileBrowser?.selectedItems().next()?.value?.path;
        if (!path) return undefined;
        return app.commands.execute("docmanager:open", { path, factory: REFERENCE_FACTORY });
      },
    });
    app.contextMenu.addItem({
      command: CommandIds.openReference,
      selector: `.jp-DirListing-item[data-file-type="${REFERENCE_FILE_TYPE}"]`,
      rank: 1,
    });
  },
};
