/**
 * The renderer of `application/vnd.hdmf-zarr+json` outputs (what `display()` of hdmf-zarr objects
 * sends from a tslab kernel): an interactive, compact view of the payload. For a whole store that
 * lives under the Jupyter server's root, the view reads the store itself through the server.
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from "@jupyterlab/application";
import { Clipboard } from "@jupyterlab/apputils";
import { PageConfig } from "@jupyterlab/coreutils";
import { IRenderMimeRegistry } from "@jupyterlab/rendermime";
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { Widget } from "@lumino/widgets";
import { HDMF_ZARR_MIME, type ReprPayload } from "../../repr/payload-types.js";
import type { BrowserSettings } from "../browser-settings.js";
import { PACKAGE_NAME } from "../ids.js";
import { JupyterStore } from "../jupyter-store.js";
import { showError } from "../panel.js";
import type { DataProvider } from "../provider/data-provider.js";
import { PayloadProvider } from "../provider/payload-provider.js";
import { ZarrStoreProvider } from "../provider/zarr-provider.js";
import { mountBrowser, type BrowserHandle } from "../view/browser.js";
import { IBrowserSettingsSource } from "./settings.js";

/** Rank of the renderer: below text/html's 50, so the interactive view wins where it is installed. */
export const RENDERER_RANK = 30;

/** The payload of a MIME bundle entry: stored as JSON, or (from some writers) as a JSON string. */
export function payloadOf(data: unknown): ReprPayload {
  return (typeof data === "string" ? JSON.parse(data) : data) as ReprPayload;
}

/** The server path of a local location under the server root, else null. */
export function serverRelative(location: string | null, serverRoot: string): string | null {
  if (!location || !serverRoot || !location.startsWith("/")) return null;
  const root = serverRoot.replace(/\/+$/, "");
  if (location === root) return "";
  return location.startsWith(`${root}/`) ? location.slice(root.length + 1) : null;
}

/** Renders one output. */
class PayloadRenderer extends Widget implements IRenderMime.IRenderer {
  private handle?: BrowserHandle;

  constructor(private readonly settings: () => BrowserSettings) {
    super();
    this.addClass("jp-HdmfZarr-output");
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    this.handle?.dispose();
    let payload: ReprPayload;
    let fromPayload: PayloadProvider;
    try {
      payload = payloadOf(model.data[HDMF_ZARR_MIME]);
      fromPayload = new PayloadProvider(payload);
    } catch (err) {
      showError(this.node, `hdmf-zarr output cannot be shown: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    let provider: DataProvider = fromPayload;
    const initialPath = fromPayload.rootPath;
    // A whole store on this server: browse the store itself rather than the payload's summary.
    const relative = payload.kind === "store" ? serverRelative(payload.store.location, PageConfig.getOption("serverRoot")) : null;
    if (relative !== null) {
      try {
        provider = await ZarrStoreProvider.open(new JupyterStore(relative), {
          location: payload.store.location ?? relative,
          allowPickle: this.settings().allowPickle,
        });
      } catch {
        // Moved, deleted or unreadable since the output was made: the payload still shows what it holds.
      }
    }
    const host = document.createElement("div");
    this.node.replaceChildren(host);
    this.handle = mountBrowser(host, provider, {
      settings: this.settings(),
      initialPath,
      compact: true,
      copyText: (text) => Clipboard.copyToSystem(text),
    });
    await this.handle.ready;
  }

  override dispose(): void {
    this.handle?.dispose();
    super.dispose();
  }
}

/** Registers the renderer with the application's rendermime registry. */
export const mimeRendererPlugin: JupyterFrontEndPlugin<void> = {
  id: `${PACKAGE_NAME}:renderer`,
  description: `Interactive view of ${HDMF_ZARR_MIME} outputs.`,
  autoStart: true,
  requires: [IRenderMimeRegistry, IBrowserSettingsSource],
  activate: (_app: JupyterFrontEnd, rendermime: IRenderMimeRegistry, settings: IBrowserSettingsSource): void => {
    rendermime.addFactory(
      { safe: true, mimeTypes: [HDMF_ZARR_MIME], defaultRank: RENDERER_RANK, createRenderer: () => new PayloadRenderer(() => settings.current) },
      RENDERER_RANK,
    );
  },
};
